#include "propagate/FlowStage.h"

#include <algorithm>

#include "common/Profile.h"
#include "flow/FlowTracker.h"
#include "media/VideoReader.h"
#include "propagate/BackwardPass.h"
#include "propagate/ExposureFollow.h"
#include "propagate/KeyframeResolver.h"

namespace restyle {

FlowStage::FlowStage(const std::string& clip, const PropagationSettings& settings,
                     const std::vector<ResolvedKeyframe>& keys, const PropagationEngine& engine,
                     std::vector<std::string>& warnings)
    : clip_(clip),
      settings_(settings),
      keys_(keys),
      warnings_(warnings),
      backwardPass_(engine.usesNextKeyframe()) {
    tracker_ = std::make_unique<FlowTracker>(settings.flow, true, engine.usesAnchorFlow());
}

FlowStage::~FlowStage() = default;

const ResolvedKeyframe* FlowStage::userKeyAt(int64_t t) const {
    const auto it = std::find_if(keys_.begin(), keys_.end(),
                                 [&](const ResolvedKeyframe& k) { return k.frame == t; });
    return it == keys_.end() ? nullptr : &*it;
}

const ResolvedKeyframe* FlowStage::userKeyAfter(int64_t t) const {
    const auto it = std::find_if(keys_.begin(), keys_.end(),
                                 [&](const ResolvedKeyframe& k) { return k.frame > t; });
    return it == keys_.end() ? nullptr : &*it;
}

const ResolvedKeyframe* FlowStage::makeShotKey(const cv::Mat& frame, int64_t t) {
    shotKeys_.push_back(shotKeyframe(keys_, frame, t, warnings_));
    return &shotKeys_.back();
}

StagedFrame FlowStage::process(const VideoFrame& f, bool shotStart, std::stop_token halt) {
    ScopedTimer flowTimer("pipeline.flow");
    const int64_t t = f.index;
    const ResolvedKeyframe* userKey = userKeyAt(t);
    FrameContext ctx;
    ctx.index = t;
    ctx.source = f.image;
    // Never warp across a cut: a new shot starts from its own keyframe, unless a keyframe
    // later in the shot reaches back to it (the backward pass stops at cuts).
    const bool newShot = shotStart && !userKey;
    if (newShot) {
        previousKey_ = nullptr;
        const bool laterKeyInShot = nextKey_ && backward_ && backward_->covers(t);
        if (!laterKeyInShot) previousKey_ = makeShotKey(f.image, t);
    }
    if (userKey || (newShot && previousKey_)) {
        if (userKey) previousKey_ = userKey;
        ctx.flow = tracker_->setAnchor(f.image);
    } else if (firstFrame_ || newShot) {
        ctx.flow = tracker_->setAnchor(f.image);  // steps only: no keyframe yet
    } else {
        ctx.flow = tracker_->track(f.image);
    }
    firstFrame_ = false;
    ctx.previousKey = previousKey_;
    // The keyframe after this frame: entering a new stretch runs the backward pass.
    if (const ResolvedKeyframe* next = backwardPass_ ? userKeyAfter(t) : nullptr;
        next != nextKey_) {
        nextKey_ = next;
        if (nextKey_) {
            ScopedTimer backTimer("pipeline.backward-pass");
            if (!backward_)
                backward_ =
                    std::make_unique<BackwardPass>(clip_, settings_.maxSide, settings_.flow);
            backward_->run(*nextKey_, t, halt);
        }
    }
    // The next keyframe helps only inside its shot (the backward pass stops at cuts).
    if (nextKey_ && !userKey &&
        backward_->load(t, f.image.size(), ctx.nextWarped, ctx.nextUnreliable))
        ctx.nextKey = nextKey_;
    if (!ctx.previousKey && !ctx.nextKey) {
        // The stretch before a shot's first keyframe, cut off from it.
        previousKey_ = ctx.previousKey = makeShotKey(f.image, t);
        ctx.flow = tracker_->setAnchor(f.image);
    }
    ctx.shotStart = shotStart;
    PendingFrame p{t,
                   f.seconds,
                   userKey || shotStart,
                   ctx.flow.toPrevious,
                   ctx.flow.previousUnreliable,
                   previousSource_.empty() ? 1.0 : exposureGain(previousSource_, f.image, 0.01)};
    p.shotStart = shotStart;
    previousSource_ = f.image;
    return {std::move(ctx), std::move(p)};
}

}  // namespace restyle
