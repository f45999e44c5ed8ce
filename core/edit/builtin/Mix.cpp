#include <opencv2/core.hpp>

#include "edit/BuiltinEditors.h"

namespace restyle {

cv::Mat mixStrength(const cv::Mat& original, const cv::Mat& edited, double strength) {
    if (strength >= 1.0) return edited;
    cv::Mat out;
    cv::addWeighted(edited, strength, original, 1.0 - strength, 0, out);
    return out;
}

}  // namespace restyle
