#include "propagate/KeyframeRequest.h"

#include <chrono>

#include "common/Profile.h"
#include "common/Progress.h"
#include "diffusion/SdModel.h"
#include "flow/Warp.h"

namespace restyle {

KeyframeRequest keyframeRequest(const cv::Mat& anchorOutput, const BufferedFrame& frame,
                                const std::function<cv::Mat(const cv::Mat&)>& control) {
    KeyframeRequest k;
    k.warped = warpImage(anchorOutput, frame.toAnchor);
    k.init = k.warped.clone();
    k.init.setTo(cv::Scalar::all(128), frame.unreliable);  // FlowVid: occlusions filled grey
    cv::Mat(frame.unreliable == 0).convertTo(k.reliable, CV_32F, 1.0 / 255);
    if (control) k.control = control(frame.source);
    return k;
}

KeyframeEncoder::KeyframeEncoder(std::shared_ptr<diffusion::SdModel> model)
    : model_(std::move(model)), worker_([this](std::stop_token quit) { work(quit); }) {}

KeyframeEncoder::~KeyframeEncoder() {
    worker_.request_stop();
    worker_.join();
}

void KeyframeEncoder::work(std::stop_token quit) {
    for (;;) {
        std::function<void()> job;
        {
            std::unique_lock lock(mutex_);
            // On quit the jobs not started are dropped: wait() returns true on a quit while
            // jobs are queued, so the quit is checked as well.
            if (!wake_.wait(lock, quit, [&] { return !jobs_.empty(); }) || quit.stop_requested())
                return;
            job = std::move(jobs_.front());
            jobs_.pop_front();
        }
        job();
    }
}

void KeyframeEncoder::encodeAhead(KeyframeRequest& k, bool withWarp, std::stop_token stop) {
    auto task = std::make_shared<std::packaged_task<EncodedKeyframe()>>(
        [model = model_, init = k.init, warped = withWarp ? k.warped : cv::Mat(), stop] {
            throwIfStopped(stop);
            ScopedTimer timer("diffusion.encode-ahead");
            const auto t0 = std::chrono::steady_clock::now();
            EncodedKeyframe e;
            e.init = diffusion::encodeAhead(*model, init);
            if (!warped.empty()) e.warped = diffusion::encodeAhead(*model, warped);
            e.seconds =
                std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
            return e;
        });
    k.encoded = task->get_future().share();
    std::lock_guard lock(mutex_);
    jobs_.push_back([task] { (*task)(); });
    wake_.notify_one();
}

}  // namespace restyle
