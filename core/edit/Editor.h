#pragma once
// First-frame editors: turn a frame into its restyled version. Built-ins are weight-free;
// model editors come from manifests on the model search path. Chosen by name from the
// registry (EditorRegistry.h).
#include <memory>
#include <opencv2/core.hpp>
#include <string>
#include <vector>

#include "edit/Params.h"

namespace restyle {

class Editor {
  public:
    virtual ~Editor() = default;
    virtual std::string name() const = 0;
    virtual std::string description() const = 0;
    virtual std::vector<ParamSpec> params() const = 0;
    // The edited frame: BGR 8-bit, the same size as `frame`, deterministic for given values
    // (which resolveParams has checked). Problems the user should hear about but that do not
    // stop the edit (e.g. a painted frame scaled to fit) go to `warnings`.
    virtual cv::Mat apply(const cv::Mat& frame, const ParamValues& values,
                          std::vector<std::string>* warnings = nullptr) const = 0;
    // Whether apply() reproduces its look on any frame of the clip (styles, LUTs, models), so
    // propagation may re-apply it where the warp fails; false for a painted frame.
    virtual bool reappliable() const { return true; }
};

// resolveParams, then scaleLengths for frames `scale` times the clip's own size (checked at
// the clip's size: scaled lengths may fall under a schema's minimum).
ParamValues resolveParamsAt(const Editor& editor, const ParamValues& given, double scale);

// resolveParamsAt + apply, with the values checked against the editor's schema.
cv::Mat applyEditor(const Editor& editor, const cv::Mat& frame, const ParamValues& given,
                    std::vector<std::string>* warnings = nullptr, double scale = 1.0);

}  // namespace restyle
