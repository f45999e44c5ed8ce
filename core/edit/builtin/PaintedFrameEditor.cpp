#include <cmath>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "common/Error.h"
#include "edit/BuiltinEditors.h"

namespace restyle {
namespace {

// The artist's own edit of the frame (painted in Krita, Photoshop, ...), imported as is.
class PaintedFrameEditor : public Editor {
  public:
    std::string name() const override { return "painted-frame"; }
    std::string description() const override {
        return "Painted frame: your own edit of this frame, made in Krita, Photoshop, ...";
    }
    std::vector<ParamSpec> params() const override {
        return {params::file("image", "Images (*.png *.jpg *.jpeg *.tif *.tiff *.bmp *.webp)", true,
                             "The painted frame"),
                params::choice("fit", {"scale", "refuse"}, "scale",
                               "When its size differs from the frame: scale to fit, or refuse")};
    }
    bool reappliable() const override { return false; }
    cv::Mat apply(const cv::Mat& frame, const ParamValues& v,
                  std::vector<std::string>* warnings) const override {
        const std::string path = v["image"];
        cv::Mat img = cv::imread(path, cv::IMREAD_COLOR);
        if (img.empty())
            throw InputError(path + ": not an image that can be read (PNG, JPEG, TIFF, BMP, WebP)");
        if (img.size() == frame.size()) return img;
        const std::string sizes = std::to_string(img.cols) + "x" + std::to_string(img.rows) +
                                  " but the frame is " + std::to_string(frame.cols) + "x" +
                                  std::to_string(frame.rows);
        if (v.at("fit").get<std::string>() == "refuse") throw InputError(path + ": is " + sizes);
        const double a = double(img.cols) / img.rows, b = double(frame.cols) / frame.rows;
        if (warnings) {
            warnings->push_back(
                path + ": is " + sizes + "; scaled to fit" +
                (std::abs(a - b) > 0.01 * b ? " (aspect ratios differ: stretched)" : ""));
        }
        cv::resize(img, img, frame.size(), 0, 0,
                   img.cols > frame.cols ? cv::INTER_AREA : cv::INTER_CUBIC);
        return img;
    }
};

}  // namespace

std::unique_ptr<Editor> makePaintedFrameEditor() {
    return std::make_unique<PaintedFrameEditor>();
}

}  // namespace restyle
