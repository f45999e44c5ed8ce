#pragma once
#include <memory>

#include "edit/Editor.h"
#include "models/ModelManifest.h"

namespace restyle {

// A feed-forward image-to-image network exported to TorchScript (manifest kind "style-net"),
// e.g. a fast neural style transfer model. forward(x) takes [1, 3, H, W] normalised per the
// manifest's "input" and returns [1, 3, H, W] per its "output". Frames larger than
// input.max_side run in tiles that overlap by "tile_overlap" pixels (default 32) and are
// feathered together. Loading probes the module and refuses one that breaks the contract.
class TorchStyleEditor : public Editor {
  public:
    TorchStyleEditor(const ModelManifest& manifest, const std::string& device = "auto");
    ~TorchStyleEditor() override;
    std::string name() const override;
    std::string description() const override;
    std::vector<ParamSpec> params() const override;
    cv::Mat apply(const cv::Mat& frame, const ParamValues& values,
                  std::vector<std::string>* warnings) const override;

    // The schema without loading the module (for listings).
    static std::vector<ParamSpec> schema();

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace restyle
