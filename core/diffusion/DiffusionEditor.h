#pragma once
// Editors backed by diffusion models (manifest kinds sd-img2img and instruct-pix2pix): they
// appear in the editor registry when their manifests are on the model search path.
#include <memory>

#include "edit/Editor.h"
#include "models/ModelManifest.h"

namespace restyle {

class DiffusionEditor : public Editor {
  public:
    explicit DiffusionEditor(const ModelManifest& manifest);  // loads and probes the model
    ~DiffusionEditor() override;
    std::string name() const override;
    std::string description() const override;
    std::vector<ParamSpec> params() const override { return schema(kind_); }
    cv::Mat apply(const cv::Mat& frame, const ParamValues& values,
                  std::vector<std::string>* warnings) const override;

    static std::vector<ParamSpec> schema(const std::string& kind);
    static bool handles(const std::string& kind);

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
    std::string kind_;
};

// Canny edges of a frame as a BGR image: the built-in spatial control (ControlNet canny).
cv::Mat cannyControl(const cv::Mat& bgr, double low = 100, double high = 200);

}  // namespace restyle
