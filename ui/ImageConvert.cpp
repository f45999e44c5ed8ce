#include "ui/ImageConvert.h"

#include <opencv2/imgproc.hpp>

namespace restyle::ui {

QImage toQImage(const cv::Mat& bgr) {
    if (bgr.empty()) return {};
    cv::Mat m = bgr;
    if (m.type() == CV_8UC1) cv::cvtColor(m, m, cv::COLOR_GRAY2BGR);
    return QImage(m.data, m.cols, m.rows, int(m.step), QImage::Format_BGR888).copy();
}

cv::Mat toMat(const QImage& image) {
    const QImage img = image.convertToFormat(QImage::Format_BGR888);
    cv::Mat view(img.height(), img.width(), CV_8UC3, const_cast<uchar*>(img.constBits()),
                 size_t(img.bytesPerLine()));
    return view.clone();
}

}  // namespace restyle::ui
