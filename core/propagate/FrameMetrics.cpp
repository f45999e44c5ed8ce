#include "propagate/FrameMetrics.h"

#include <sstream>

#include "common/Error.h"
#include "common/FileUtil.h"

namespace restyle {

double warpingError(const cv::Mat& current, const cv::Mat& previousWarped, const cv::Mat& mask) {
    cv::Mat a, b, d;
    current.convertTo(a, CV_32F, 1.0 / 255);
    previousWarped.convertTo(b, CV_32F, 1.0 / 255);
    cv::subtract(a, b, d);
    d = d.mul(d);
    cv::Mat perPixel;
    cv::transform(d, perPixel, cv::Matx13f(1, 1, 1));  // sum over channels
    const cv::Mat keep = mask.empty() ? cv::Mat() : (mask == 0);
    const int n = keep.empty() ? int(perPixel.total()) : cv::countNonZero(keep);
    if (n == 0) return 0.0;
    return cv::sum(keep.empty() ? perPixel : perPixel.setTo(0, ~keep))[0] / n;
}

MetricsCsv::MetricsCsv(const std::string& path) : file_(path) {
    file_.write("frame,warp_error,reliable_share,ms\n");
}

void MetricsCsv::add(const FrameMetrics& m) {
    std::ostringstream row;
    row << m.frame << "," << m.warpError << "," << m.reliableShare << "," << m.ms << "\n";
    file_.write(row.str());
}

void MetricsCsv::flush() {
    file_.finishWriting();
}

void MetricsCsv::close() {
    file_.commit();
}

}  // namespace restyle
