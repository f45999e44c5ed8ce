#pragma once
// The run's three worker threads around the engine, which runs on the caller's thread:
// decoding (with shot detection), the flow stage one frame ahead of the engine, and the
// output (flicker removal, metrics, encoding: work the caller hands over in frame order),
// joined by bounded queues so a fast stage cannot run ahead and fill memory. Any stage
// failing stops the others and the caller's loop; its error is the one the run reports.
// The output thread lets the engine go on while its frames are finished and written: a
// diffusion batch's 60 frames are written while the next batch samples.
#include <cstdint>
#include <exception>
#include <functional>
#include <optional>
#include <stop_token>
#include <thread>

#include <opencv2/core.hpp>

#include "common/BoundedQueue.h"
#include "media/VideoReader.h"
#include "propagate/FlowStage.h"

namespace restyle {

class StageThreads {
  public:
    // Starts the threads on frames `start`..`last` of `reader`, through `flow`. The caller's
    // `stop` stops them too. The flow stage runs up to `flowAhead` frames (at least 3) ahead
    // of the engine, and as many frames' output work may wait for the output thread.
    StageThreads(VideoReader& reader, int64_t start, int64_t last, FlowStage& flow,
                 std::stop_token stop, int flowAhead = 0);
    // Stops and joins whatever still runs (the caller is unwinding an error).
    ~StageThreads();
    StageThreads(const StageThreads&) = delete;
    StageThreads& operator=(const StageThreads&) = delete;

    // Set when any stage fails or the caller stops: the engine's work checks it.
    std::stop_token halt() const { return internal_.get_token(); }
    // The flow stage's next frame; empty at the end of the range or once stopped.
    std::optional<StagedFrame> next() { return staged_.pop(); }
    // Runs `work` on the output thread after the work handed over before it. What it
    // touches belongs to the output thread until finish(). False once output has stopped.
    bool output(std::function<void()> work) { return toOutput_.push(std::move(work)); }
    // All work given to output() is done and the threads have ended; rethrows the first
    // failing stage's error.
    void finish();
    // After an error in the caller's loop: stops and joins the threads and rethrows a
    // stage's error if one failed (it is the cause: the loop only saw the stop).
    void stopAndRethrowStageError();

  private:
    struct Decoded {
        VideoFrame frame;
        bool shotStart = false;  // a cut or fade boundary before this frame
    };
    void launch(VideoReader& reader, int64_t start, int64_t last, FlowStage& flow);
    void joinAll();
    void rethrowStageError() const;

    std::stop_source internal_;
    std::stop_callback<std::function<void()>> forwardStop_;
    BoundedQueue<Decoded> decoded_{6};
    BoundedQueue<StagedFrame> staged_;
    BoundedQueue<std::function<void()>> toOutput_;
    std::exception_ptr decodeError_, flowError_, outputError_;
    std::thread decoder_, flower_, outputter_;
};

}  // namespace restyle
