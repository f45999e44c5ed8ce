#include <memory>
#include <mutex>

#include "edit/BuiltinEditors.h"
#include "edit/CubeLut.h"

namespace restyle {
namespace {

// A colourist's 3D LUT (.cube) applied to the frame.
class LutEditor : public Editor {
  public:
    std::string name() const override { return "lut"; }
    std::string description() const override {
        return "3D LUT: apply a .cube colour grade (Resolve, Premiere, ...)";
    }
    std::vector<ParamSpec> params() const override {
        return {params::file("cube", "3D LUTs (*.cube)", true, "The .cube file"),
                params::floating("strength", 1, 0, 1, "Mix with the original frame")};
    }
    cv::Mat apply(const cv::Mat& frame, const ParamValues& v,
                  std::vector<std::string>*) const override {
        return mixStrength(frame, lut(v["cube"])->apply(frame), v["strength"]);
    }

  private:
    // Parsed once per file: propagation applies the editor to many frames.
    std::shared_ptr<const CubeLut> lut(const std::string& path) const {
        std::lock_guard lock(mutex_);
        if (path != path_ || !lut_) {
            lut_ = std::make_shared<CubeLut>(CubeLut::load(path));
            path_ = path;
        }
        return lut_;
    }
    mutable std::mutex mutex_;
    mutable std::string path_;
    mutable std::shared_ptr<const CubeLut> lut_;
};

}  // namespace

std::unique_ptr<Editor> makeLutEditor() {
    return std::make_unique<LutEditor>();
}

}  // namespace restyle
