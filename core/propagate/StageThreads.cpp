#include "propagate/StageThreads.h"

#include <algorithm>

#include "media/ShotDetector.h"

namespace restyle {

StageThreads::StageThreads(VideoReader& reader, int64_t start, int64_t last, FlowStage& flow,
                           std::stop_token stop, int flowAhead)
    : forwardStop_(stop, std::function<void()>([this] { internal_.request_stop(); })),
      staged_(size_t(std::max(3, flowAhead))), toOutput_(size_t(std::max(6, flowAhead))) {
    try {
        launch(reader, start, last, flow);
    } catch (...) {  // a thread that could not start: end the others before unwinding
        internal_.request_stop();
        joinAll();
        throw;
    }
}

void StageThreads::launch(VideoReader& reader, int64_t start, int64_t last, FlowStage& flow) {
    const std::stop_token halt = internal_.get_token();
    decoder_ = std::thread([this, &reader, start, last, halt] {
        try {
            if (start > 0) reader.seek(start);
            VideoFrame f;
            ShotDetector shots;
            while (!halt.stop_requested() && reader.read(f) && f.index <= last) {
                const bool cut = shots.push(f.image, f.index);
                if (!decoded_.push({f, cut})) break;
            }
        } catch (...) {
            decodeError_ = std::current_exception();
            internal_.request_stop();
        }
        decoded_.close();
    });
    outputter_ = std::thread([this] {
        try {
            while (auto work = toOutput_.pop())
                (*work)();
        } catch (...) {
            outputError_ = std::current_exception();
            internal_.request_stop();
            decoded_.close();
        }
        toOutput_.close();
    });
    // Tracking, keyframe bookkeeping and the backward pass, one frame ahead of the engine.
    flower_ = std::thread([this, &flow, halt] {
        try {
            while (auto d = decoded_.pop()) {
                if (halt.stop_requested()) break;
                if (!staged_.push(flow.process(d->frame, d->shotStart, halt))) break;
            }
        } catch (...) {
            flowError_ = std::current_exception();
            internal_.request_stop();
            decoded_.close();
        }
        staged_.close();
    });
}

StageThreads::~StageThreads() {
    internal_.request_stop();
    joinAll();
}

void StageThreads::joinAll() {
    decoded_.close();
    staged_.close();
    toOutput_.close();
    for (std::thread* t : {&decoder_, &flower_, &outputter_})
        if (t->joinable()) t->join();
}

void StageThreads::rethrowStageError() const {
    for (const auto& e : {decodeError_, flowError_, outputError_})
        if (e) std::rethrow_exception(e);
}

void StageThreads::finish() {
    joinAll();  // the output thread does what is queued, then ends
    rethrowStageError();
}

void StageThreads::stopAndRethrowStageError() {
    internal_.request_stop();
    joinAll();
    rethrowStageError();
}

}  // namespace restyle
