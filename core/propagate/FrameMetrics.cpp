#include "propagate/FrameMetrics.h"

#include <filesystem>

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

MetricsCsv::MetricsCsv(const std::string& path) : path_(path) {
    checkOutputPath(path);
    tmp_ = temporarySibling(path).string();
    out_.open(tmp_);
    if (!out_) throw InputError(path + ": cannot write the metrics file");
    out_ << "frame,warp_error,reliable_share,ms\n";
}

MetricsCsv::~MetricsCsv() {
    if (!closed_) {
        out_.close();
        std::error_code ec;
        std::filesystem::remove(tmp_, ec);
    }
}

void MetricsCsv::add(const FrameMetrics& m) {
    out_ << m.frame << "," << m.warpError << "," << m.reliableShare << "," << m.ms << "\n";
}

void MetricsCsv::close() {
    out_.close();
    std::error_code ec;
    std::filesystem::rename(tmp_, path_, ec);
    if (ec) throw Error(path_ + ": cannot rename the metrics file: " + ec.message());
    closed_ = true;
}

}  // namespace restyle
