#include "flow/FlowTracker.h"

#include <sstream>

#include "common/Error.h"
#include "common/Profile.h"
#include "flow/GlobalMotion.h"
#include "flow/Warp.h"

namespace restyle {

std::string FlowSettings::cacheText() const {
    std::ostringstream s;
    s << method << "|" << flowModeName(mode) << (fuseCameraMotion ? "|fused" : "") << "|v1";
    return s.str();
}

FlowTracker::FlowTracker(const FlowSettings& settings, bool trackSteps, bool anchors)
    : settings_(settings),
      engines_(settings.method, settings.device),
      trackSteps_(trackSteps || !anchors),
      anchors_(anchors) {}

FlowTracker::~FlowTracker() = default;

AnchorFlow FlowTracker::setAnchor(const cv::Mat& anchor) {
    anchor_ = anchor.clone();
    previous_ = anchor_;
    AnchorFlow a;
    a.toAnchor = cv::Mat::zeros(anchor.size(), CV_32FC2);
    a.fromAnchor = a.toAnchor.clone();
    a.unreliable = cv::Mat::zeros(anchor.size(), CV_8U);
    a.toPrevious = a.toAnchor.clone();
    a.fromPrevious = a.toAnchor.clone();
    a.previousUnreliable = a.unreliable.clone();
    toAnchorPrev_ = a.toAnchor;
    fromAnchorPrev_ = a.fromAnchor;
    return a;
}

AnchorFlow FlowTracker::track(const cv::Mat& frame) {
    if (anchor_.empty()) throw Error("FlowTracker::track before setAnchor");
    if (frame.size() != anchor_.size()) throw Error("FlowTracker: frame size changed");
    cv::Mat fwdStep, bwdStep, toAnchor, fromAnchor;
    if (trackSteps_ || settings_.mode != FlowMode::Direct) {
        ScopedTimer t("flow.step");
        auto step = engines_.compute(previous_, frame);
        fwdStep = step.forward;
        bwdStep = step.backward;
    }
    if (!anchors_) return finish(frame, {}, {}, fwdStep, bwdStep);
    switch (settings_.mode) {
        case FlowMode::Direct: {
            auto direct = engines_.compute(anchor_, frame);
            fromAnchor = direct.forward;
            toAnchor = direct.backward;
            break;
        }
        case FlowMode::Chained:
            fromAnchor = composeFlow(fromAnchorPrev_, fwdStep);
            toAnchor = composeFlow(bwdStep, toAnchorPrev_);
            break;
        case FlowMode::ChainedRefined: {
            const cv::Mat fromChained = composeFlow(fromAnchorPrev_, fwdStep);
            const cv::Mat toChained = composeFlow(bwdStep, toAnchorPrev_);
            if (engines_.primary().refinesInitialFlow()) {
                ScopedTimer t("flow.refine");
                auto refined = engines_.compute(anchor_, frame, fromChained, toChained);
                fromAnchor = refined.forward;
                toAnchor = refined.backward;
            } else {
                fromAnchor = fromChained;
                toAnchor = toChained;
            }
            break;
        }
    }
    if (settings_.fuseCameraMotion) {
        // Where the camera's motion explains the frame as well, it replaces the estimate
        // (GlobalMotion.h): chained flows that followed a passer-by across a wall recover.
        ScopedTimer t("flow.fuse");
        // The fit reads the flow check on its grid only.
        const cv::Mat unreliable = occlusionMaskOnGrid(toAnchor, fromAnchor, settings_.occlusion,
                                                       globalMotionGridStep(toAnchor.size()));
        fuseWithGlobalMotion(anchor_, frame, toAnchor, fromAnchor, unreliable);
    }
    return finish(frame, toAnchor, fromAnchor, fwdStep, bwdStep);
}

AnchorFlow FlowTracker::trackKnown(const cv::Mat& frame, const cv::Mat& toAnchor,
                                   const cv::Mat& fromAnchor) {
    cv::Mat fwdStep, bwdStep;
    if (trackSteps_) {
        auto step = engines_.compute(previous_, frame);
        fwdStep = step.forward;
        bwdStep = step.backward;
    }
    return finish(frame, toAnchor, fromAnchor, fwdStep, bwdStep);
}

AnchorFlow FlowTracker::finish(const cv::Mat& frame, cv::Mat toAnchor, cv::Mat fromAnchor,
                               cv::Mat fwdStep, cv::Mat bwdStep) {
    ScopedTimer t("flow.finish");
    AnchorFlow a;
    a.toAnchor = toAnchor;
    a.fromAnchor = fromAnchor;
    if (!toAnchor.empty()) a.unreliable = occlusionMask(toAnchor, fromAnchor, settings_.occlusion);
    if (!bwdStep.empty()) {
        a.toPrevious = bwdStep;
        a.fromPrevious = fwdStep;
        a.previousUnreliable = occlusionMask(bwdStep, fwdStep, settings_.occlusion);
    }
    toAnchorPrev_ = toAnchor;
    fromAnchorPrev_ = fromAnchor;
    previous_ = frame.clone();
    return a;
}

}  // namespace restyle
