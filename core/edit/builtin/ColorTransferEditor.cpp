#include <mutex>
#include <opencv2/imgcodecs.hpp>

#include "common/Error.h"
#include "edit/BuiltinEditors.h"
#include "edit/ColorStats.h"

namespace restyle {
namespace {

// Reinhard colour transfer: the frame takes a reference image's palette (Lab mean and spread).
class ColorTransferEditor : public Editor {
  public:
    std::string name() const override { return "color-transfer"; }
    std::string description() const override {
        return "Colour transfer: take the palette of a reference image (Reinhard, Lab)";
    }
    std::vector<ParamSpec> params() const override {
        return {params::file("reference", "Images (*.png *.jpg *.jpeg *.tif *.tiff *.bmp *.webp)",
                             true, "Image whose colours to take"),
                params::floating("strength", 1, 0, 1, "How far to move toward the reference")};
    }
    cv::Mat apply(const cv::Mat& frame, const ParamValues& v,
                  std::vector<std::string>*) const override {
        const LabStats target = referenceStats(v["reference"]);
        return transferColor(frame, labStats(frame), target, v["strength"]);
    }

  private:
    // Propagation applies the editor to many frames: read the reference once.
    LabStats referenceStats(const std::string& path) const {
        std::lock_guard lock(mutex_);
        if (path != cachedPath_) {
            const cv::Mat ref = cv::imread(path, cv::IMREAD_COLOR);
            if (ref.empty())
                throw InputError(path + ": not an image (reference of color-transfer)");
            cachedStats_ = labStats(ref);
            cachedPath_ = path;
        }
        return cachedStats_;
    }
    mutable std::mutex mutex_;
    mutable std::string cachedPath_;
    mutable LabStats cachedStats_;
};

}  // namespace

std::unique_ptr<Editor> makeColorTransferEditor() {
    return std::make_unique<ColorTransferEditor>();
}

}  // namespace restyle
