#include "common/ImageFile.h"

#include <filesystem>
#include <opencv2/imgcodecs.hpp>

#include "common/Error.h"
#include "common/FileUtil.h"

namespace restyle {

void writeImageAtomically(const std::string& path, const cv::Mat& image) {
    checkOutputPath(path);
    const auto tmp = temporarySibling(path);
    bool ok = false;
    try {
        ok = cv::imwrite(tmp.string(), image);
    } catch (const cv::Exception&) {
        ok = false;
    }
    std::error_code ec;
    if (!ok) {
        std::filesystem::remove(tmp, ec);
        throw InputError(path +
                         ": cannot write an image there (use .png, .jpg, .tif, .bmp or .webp)");
    }
    std::filesystem::rename(tmp, path, ec);
    if (ec) {
        std::filesystem::remove(tmp, ec);
        throw Error(path + ": cannot rename the finished image: " + ec.message());
    }
}

}  // namespace restyle
