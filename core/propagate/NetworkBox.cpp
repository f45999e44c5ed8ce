#include "propagate/NetworkBox.h"

#include <algorithm>
#include <utility>

#include "propagate/Feather.h"

namespace restyle {

namespace {

// Box sides are rounded up to multiples of this. LibTorch's oneDNN convolutions build a
// primitive for each new input shape (10-180 ms the first time, against 1-6 ms for a box
// afterwards), and new-content boxes came in a new shape nearly every frame: on vtest.avi
// two thirds of the fill's time went to shapes seen once. Rounded, they repeat. 16 against
// 32 px: 49k instead of 58k pixels a frame, and 53-56 instead of 67-72 ms (vtest.avi, 512 px,
// no context); at 8 px new shapes cost more again (59-63 ms).
constexpr int kShapeStep = 16;

}  // namespace

cv::Rect networkBox(const cv::Rect& box, cv::Size frame) {
    auto span = [](int start, int length, int limit) {
        const int rounded = std::min((length + kShapeStep - 1) / kShapeStep * kShapeStep, limit);
        return std::pair{std::clamp(start - (rounded - length) / 2, 0, limit - rounded), rounded};
    };
    const auto [x, w] = span(box.x, box.width, frame.width);
    const auto [y, h] = span(box.y, box.height, frame.height);
    return {x, y, w, h};
}

std::vector<cv::Rect> networkBoxes(const cv::Mat& mask, int margin) {
    std::vector<cv::Rect> boxes;
    for (const cv::Rect& covering : coveringBoxes(mask, margin))
        boxes.push_back(networkBox(covering, mask.size()));
    return boxes;
}

}  // namespace restyle
