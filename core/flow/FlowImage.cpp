#include "flow/FlowImage.h"

#include <opencv2/imgproc.hpp>

namespace restyle {

cv::Mat toGray(const cv::Mat& image) {
    if (image.channels() == 1) return image;
    cv::Mat g;
    cv::cvtColor(image, g, image.channels() == 4 ? cv::COLOR_BGRA2GRAY : cv::COLOR_BGR2GRAY);
    return g;
}

}  // namespace restyle
