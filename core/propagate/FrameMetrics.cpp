#include "propagate/FrameMetrics.h"

#include <sstream>

#include "common/Error.h"
#include "common/FileUtil.h"

namespace restyle {

double warpingError(const cv::Mat& current, const cv::Mat& previousWarped, const cv::Mat& mask) {
    CV_Assert(current.type() == CV_8UC3 && previousWarped.type() == CV_8UC3 &&
              current.size() == previousWarped.size());
    CV_Assert(mask.empty() || (mask.type() == CV_8U && mask.size() == current.size()));
    // One pass in integers (exact): this runs on every frame written.
    int64_t squares = 0, kept = 0;
    for (int y = 0; y < current.rows; ++y) {
        const uchar* a = current.ptr<uchar>(y);
        const uchar* b = previousWarped.ptr<uchar>(y);
        const uchar* m = mask.empty() ? nullptr : mask.ptr<uchar>(y);
        int64_t rowSquares = 0;
        for (int x = 0; x < current.cols; ++x) {
            if (m && m[x]) continue;
            for (int c = 0; c < 3; ++c) {
                const int d = int(a[3 * x + c]) - int(b[3 * x + c]);
                rowSquares += d * d;
            }
            ++kept;
        }
        squares += rowSquares;
    }
    return kept == 0 ? 0.0 : double(squares) / (255.0 * 255.0) / double(kept);
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
