#include "propagate/KeyframeLookFill.h"

#include <opencv2/imgproc.hpp>

#include "common/Profile.h"
#include "propagate/Feather.h"

namespace restyle {

namespace {

// Rectangles (64 px blocks joined along block rows, grown by `margin` for context) covering
// the non-zero pixels of `mask`: an L-shaped strip costs a few thin rectangles, not its
// bounding box.
std::vector<cv::Rect> coveringRuns(const cv::Mat& mask, int margin) {
    const cv::Rect frame(0, 0, mask.cols, mask.rows);
    const int block = 64;
    std::vector<cv::Rect> rects;
    for (int y = 0; y < frame.height; y += block) {
        int runStart = -1;
        for (int x = 0; x <= frame.width; x += block) {
            const bool needed =
                x < frame.width && cv::countNonZero(mask(cv::Rect(x, y, block, block) & frame)) > 0;
            if (needed && runStart < 0) runStart = x;
            if (!needed && runStart >= 0) {
                rects.push_back(cv::Rect(runStart - margin, y - margin, x - runStart + 2 * margin,
                                         block + 2 * margin) &
                                frame);
                runStart = -1;
            }
        }
    }
    size_t area = 0;
    for (const auto& r : rects)
        area += size_t(r.area());
    if (area > mask.total() / 2) rects = {frame};
    return rects;
}

}  // namespace

std::shared_ptr<NewContentFill> createDefaultFill(double featherSigma) {
    return std::make_shared<KeyframeLookFill>(featherSigma);
}

void KeyframeLookFill::useKeyframe(const ResolvedKeyframe& key) {
    key_ = &key;
    if (!key.editor && mappedFrame_ != key.frame) {
        mapping_.emplace(key.source, key.edited);
        mappedFrame_ = key.frame;
    }
}

void KeyframeLookFill::applyEditorAround(const cv::Mat& source, const cv::Mat& grown,
                                         cv::Mat& out) const {
    const int margin = 24;  // context for the editor; only each run's own rows are copied
    const cv::Rect frame(0, 0, source.cols, source.rows);
    for (const auto& r : coveringRuns(grown, margin)) {
        const cv::Mat styled = key_->editor->apply(source(r), key_->params);
        const int x0 = r.x > 0 ? r.x + margin : 0, y0 = r.y > 0 ? r.y + margin : 0;
        const int x1 = r.br().x < frame.width ? r.br().x - margin : frame.width;
        const int y1 = r.br().y < frame.height ? r.br().y - margin : frame.height;
        const cv::Rect inner = cv::Rect(x0, y0, x1 - x0, y1 - y0) & frame;
        if (inner.empty()) continue;
        const cv::Rect local(inner.x - r.x, inner.y - r.y, inner.width, inner.height);
        styled(local).copyTo(out(inner), grown(inner));
    }
}

cv::Mat KeyframeLookFill::fill(const cv::Mat& source, const cv::Mat& draft,
                               const cv::Mat& newContent) {
    if (!key_ || cv::countNonZero(newContent) == 0) return draft.clone();
    ScopedTimer timer("engine.fill");
    // The filled region reaches a feather's margin past the new content, where featherPaste
    // fades it in; the new content itself is filled at full strength.
    const int margin = featherMargin(featherSigma_);
    cv::Mat grown = newContent;
    if (margin > 0)
        cv::dilate(
            newContent, grown,
            cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(2 * margin + 1, 2 * margin + 1)));
    cv::Mat filled = draft.clone();
    if (key_->editor) {
        applyEditorAround(source, grown, filled);
    } else {
        const cv::Rect box = cv::boundingRect(grown);
        mapping_->apply(source(box)).copyTo(filled(box), grown(box));
    }
    return featherPaste(draft, filled, newContent, featherSigma_);
}

}  // namespace restyle
