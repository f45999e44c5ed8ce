#include "media/PictureConverter.h"

#include <cstring>
#include <opencv2/core.hpp>

namespace restyle {

cv::Mat PictureConverter::toBgr(const AVFrame& picture, cv::Size size, int rotation,
                                const std::string& path) {
    const bool swap = rotation == 90 || rotation == 270;
    const int w = swap ? size.height : size.width;
    const int h = swap ? size.width : size.height;
    if (!sws_ || width_ != picture.width || height_ != picture.height ||
        format_ != picture.format) {
        sws_.reset(sws_getContext(picture.width, picture.height, AVPixelFormat(picture.format), w,
                                  h, AV_PIX_FMT_BGR24, SWS_BICUBIC | SWS_ACCURATE_RND, nullptr,
                                  nullptr, nullptr));
        if (!sws_) av::throwError(path, "cannot convert the pixel format", 0);
        // A corrupt stream can leave values outside the enums (24 seen): read the raw ints,
        // since loading an enum outside its range is undefined behaviour.
        int rawSpace = 0, rawRange = 0;
        std::memcpy(&rawSpace, &picture.colorspace, sizeof rawSpace);
        std::memcpy(&rawRange, &picture.color_range, sizeof rawRange);
        const bool known = rawSpace > AVCOL_SPC_RGB && rawSpace < AVCOL_SPC_NB &&
                           rawSpace != AVCOL_SPC_UNSPECIFIED && rawSpace != AVCOL_SPC_RESERVED;
        const int space = known ? rawSpace
                                : (picture.height >= 720 ? SWS_CS_ITU709 : SWS_CS_DEFAULT);
        const int fullRange = rawRange == int(AVCOL_RANGE_JPEG) ? 1 : 0;
        sws_setColorspaceDetails(sws_.get(), sws_getCoefficients(space), fullRange,
                                 sws_getCoefficients(SWS_CS_DEFAULT), 1, 0, 1 << 16, 1 << 16);
        width_ = picture.width;
        height_ = picture.height;
        format_ = picture.format;
    }
    cv::Mat bgr(h, w, CV_8UC3);
    uint8_t* dst[1] = {bgr.data};
    int stride[1] = {int(bgr.step)};
    sws_scale(sws_.get(), picture.data, picture.linesize, 0, picture.height, dst, stride);
    cv::Mat out;
    switch (rotation) {
        case 90:
            cv::rotate(bgr, out, cv::ROTATE_90_CLOCKWISE);
            return out;
        case 180:
            cv::rotate(bgr, out, cv::ROTATE_180);
            return out;
        case 270:
            cv::rotate(bgr, out, cv::ROTATE_90_COUNTERCLOCKWISE);
            return out;
        default:
            return bgr;
    }
}

}  // namespace restyle
