#pragma once
// cv::Mat (BGR 8-bit) <-> QImage, copying: Qt and OpenCV never share buffers across threads.
#include <QImage>
#include <opencv2/core.hpp>

namespace restyle::ui {

QImage toQImage(const cv::Mat& bgr);
cv::Mat toMat(const QImage& image);

}  // namespace restyle::ui
