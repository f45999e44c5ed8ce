#include "flow/FlowPreview.h"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "common/Error.h"
#include "common/FileUtil.h"
#include "common/ImageFile.h"
#include "common/Limits.h"
#include "flow/FloFile.h"
#include "flow/FlowCache.h"
#include "flow/FlowRender.h"
#include "flow/Warp.h"
#include "media/VideoReader.h"
#include "media/VideoWriter.h"

namespace restyle {

OverlayMode parseOverlayMode(const std::string& name) {
    if (name == "color") return OverlayMode::Color;
    if (name == "arrows") return OverlayMode::Arrows;
    if (name == "occlusion") return OverlayMode::Occlusion;
    if (name == "warp") return OverlayMode::Warp;
    throw InputError("unknown overlay '" + name + "' (color, arrows, occlusion, warp)");
}

std::string overlayModeName(OverlayMode mode) {
    switch (mode) {
        case OverlayMode::Color:
            return "color";
        case OverlayMode::Arrows:
            return "arrows";
        case OverlayMode::Occlusion:
            return "occlusion";
        default:
            return "warp";
    }
}

cv::Mat renderOverlay(OverlayMode mode, const cv::Mat& frame, const AnchorFlow& flow,
                      const cv::Mat& warpedEdit, double opacity) {
    switch (mode) {
        case OverlayMode::Color:
            return blendOver(frame, flowToColor(flow.fromAnchor), opacity);
        case OverlayMode::Arrows:
            return drawFlowArrows(frame, flow.toAnchor, std::max(12, frame.cols / 40));
        case OverlayMode::Occlusion:
            return tintMask(frame, flow.unreliable, cv::Scalar(255, 0, 255), opacity);
        case OverlayMode::Warp: {
            cv::Mat shown = blendOver(frame, warpedEdit, opacity);
            return tintMask(shown, flow.unreliable, cv::Scalar(255, 0, 255), 0.45);
        }
    }
    return frame;
}

FlowPreviewResult renderFlowPreview(const std::string& clip, const std::string& output,
                                    const FlowPreviewOptions& o, const ProgressCallback& progress,
                                    std::stop_token stop) {
    checkOutputs({output}, {clip, o.firstEdit});
    VideoReader reader(clip, ReaderOptions{o.maxSide, 0});
    const VideoInfo& info = reader.info();
    const cv::Size size = reader.frameSize();
    checkProcessableSize(clip, size.width, size.height);
    if (!o.floDir.empty()) {
        // Only the last level is made: a mistyped path must not grow folders from the root.
        const std::filesystem::path dir = std::filesystem::path(o.floDir).lexically_normal();
        const std::filesystem::path parent =
            dir.has_filename() ? dir.parent_path() : dir.parent_path().parent_path();
        std::error_code ec;
        if (!parent.empty() && !std::filesystem::is_directory(parent, ec))
            throw InputError(o.floDir + ": the folder above it, " + parent.string() +
                             ", does not exist");
        std::filesystem::create_directory(dir, ec);
        if (!std::filesystem::is_directory(dir, ec))
            throw InputError(o.floDir + ": cannot create the .flo folder");
    }
    cv::Mat edit;
    if (!o.firstEdit.empty()) edit = loadEditImage(o.firstEdit, size);

    FlowTracker tracker(o.flow);
    std::unique_ptr<FlowCache> cache;
    std::string key;
    if (o.useCache) {
        cache =
            std::make_unique<FlowCache>(o.cacheDir.empty() ? FlowCache::defaultDir() : o.cacheDir);
        key = FlowCache::key(clip, o.flow.cacheText(), size, 0);
    }

    VideoWriter writer(output, size, writerOptionsFor(info, clip, true, o.crf, o.preset));

    FlowPreviewResult result;
    ProgressMeter meter(info.frames);
    VideoFrame f;
    double reliableSum = 0;
    while (reader.read(f)) {
        throwIfStopped(stop);
        AnchorFlow flow;
        if (result.frames == 0) {
            flow = tracker.setAnchor(f.image);
            if (edit.empty()) edit = f.image.clone();
        } else {
            cv::Mat to, from;
            if (cache && cache->get(key, result.frames, to, from) && to.size() == size) {
                flow = tracker.trackKnown(f.image, to, from);
                ++result.cacheHits;
            } else {
                flow = tracker.track(f.image);
                if (cache) cache->put(key, result.frames, flow.toAnchor, flow.fromAnchor);
            }
        }
        if (!o.floDir.empty()) {
            char name[32];
            std::snprintf(name, sizeof name, "/%06lld.flo", static_cast<long long>(result.frames));
            writeFlo(o.floDir + name, flow.fromAnchor);
        }
        cv::Mat warped;
        if (o.overlay == OverlayMode::Warp) warped = warpImage(edit, flow.toAnchor);
        writer.write(renderOverlay(o.overlay, f.image, flow, warped, o.opacity), f.seconds);
        reliableSum += reliableShare(flow.unreliable);
        ++result.frames;
        if (progress) progress(meter.update(result.frames));
    }
    throwIfStopped(stop);
    writer.finish();
    result.meanReliableShare = result.frames ? reliableSum / double(result.frames) : 0.0;
    return result;
}

}  // namespace restyle
