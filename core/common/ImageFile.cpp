#include "common/ImageFile.h"

#include <cmath>
#include <filesystem>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "common/AtomicFile.h"
#include "common/Error.h"
#include "common/FileUtil.h"

namespace restyle {

void writeImageAtomically(const std::string& path, const cv::Mat& image) {
    checkOutputPath(path);
    // Encoded in memory first, so that a full disk shows as a failed write of our own
    // (OpenCV's file writers do not report every failed write).
    std::vector<uchar> bytes;
    bool ok = false;
    try {
        ok = cv::imencode(std::filesystem::path(path).extension().string(), image, bytes);
    } catch (const cv::Exception&) {
        ok = false;
    }
    if (!ok || bytes.empty())
        throw InputError(path +
                         ": cannot write an image there (use .png, .jpg, .tif, .bmp or .webp)");
    AtomicFile file(path);
    file.write(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
    file.commit();
}

cv::Mat loadEditImage(const std::string& path, cv::Size size) {
    checkReadableFile(path);
    cv::Mat img = cv::imread(path, cv::IMREAD_COLOR);
    if (img.empty()) throw InputError(path + ": not an image OpenCV can read (PNG, JPEG, TIFF...)");
    if (img.size() == size) return img;
    const double a = double(img.cols) / img.rows, b = double(size.width) / size.height;
    if (std::abs(a - b) > 0.02 * b)
        throw InputError(path + ": is " + std::to_string(img.cols) + "x" +
                         std::to_string(img.rows) + ", the clip's frames are " +
                         std::to_string(size.width) + "x" + std::to_string(size.height) +
                         " (aspect ratios differ)");
    cv::resize(img, img, size, 0, 0, img.cols > size.width ? cv::INTER_AREA : cv::INTER_CUBIC);
    return img;
}

}  // namespace restyle
