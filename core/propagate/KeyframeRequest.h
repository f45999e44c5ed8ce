#pragma once
// One diffusion keyframe's part of a sampling request (DiffusionEngine): the batch anchor's
// output warped to it along the chained flow with occlusions grey (FlowVid's init), the warp
// itself and where it is trusted (latent blending), and its spatial control. Where the anchor's
// output is known while the batch is still buffered (the first batch after a keyframe), the
// parts are made as each keyframe arrives and its images go through the VAE encoder on a
// worker meanwhile: the model then starts as soon as the last keyframe is in, instead of
// after reading, flowing and encoding the whole batch.
#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <opencv2/core.hpp>
#include <stop_token>
#include <thread>

#include "propagate/BatchInterpolation.h"

namespace restyle {

namespace diffusion {
class SdModel;
struct EncodedImage;
}  // namespace diffusion

struct EncodedKeyframe {
    std::shared_ptr<const diffusion::EncodedImage> init, warped;  // warped: null unless blended
    double seconds = 0;                                            // in the model
};

struct KeyframeRequest {
    cv::Mat init, warped, reliable, control;  // reliable: CV_32F, 1 = trusted
    std::shared_future<EncodedKeyframe> encoded;  // valid when encoded ahead
};

// `control`: the spatial control of a source frame (empty function: none).
KeyframeRequest keyframeRequest(const cv::Mat& anchorOutput, const BufferedFrame& frame,
                                const std::function<cv::Mat(const cv::Mat&)>& control);

// Encodes keyframes one after another on one worker thread, in the order given (one
// thread, not one per keyframe: each new thread can get a heap arena of its own).
class KeyframeEncoder {
  public:
    explicit KeyframeEncoder(std::shared_ptr<diffusion::SdModel> model);
    // Waits for the encoding under way; those not started are dropped (their futures hold
    // a broken promise).
    ~KeyframeEncoder();
    // Starts encoding `k`'s init (and its warp, when `withWarp`); cancelled by `stop`.
    void encodeAhead(KeyframeRequest& k, bool withWarp, std::stop_token stop);

  private:
    void work(std::stop_token quit);

    std::shared_ptr<diffusion::SdModel> model_;
    std::mutex mutex_;
    std::condition_variable_any wake_;
    std::deque<std::function<void()>> jobs_;
    std::jthread worker_;  // last: the rest exists while it runs
};

}  // namespace restyle
