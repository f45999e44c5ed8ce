#include "propagate/StageThreads.h"

#include <algorithm>

#include "media/ShotDetector.h"
#include "media/VideoWriter.h"

namespace restyle {

StageThreads::StageThreads(VideoReader& reader, int64_t start, int64_t last, FlowStage& flow,
                           VideoWriter& writer, std::stop_token stop, int flowAhead)
    : forwardStop_(stop, std::function<void()>([this] { internal_.request_stop(); })),
      staged_(size_t(std::max(3, flowAhead))) {
    try {
        launch(reader, start, last, flow, writer);
    } catch (...) {  // a thread that could not start: end the others before unwinding
        internal_.request_stop();
        joinAll();
        throw;
    }
}

void StageThreads::launch(VideoReader& reader, int64_t start, int64_t last, FlowStage& flow,
                          VideoWriter& writer) {
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
    encoder_ = std::thread([this, &writer] {
        try {
            while (auto e = toEncode_.pop())
                writer.write(e->image, e->seconds);
        } catch (...) {
            encodeError_ = std::current_exception();
            internal_.request_stop();
            decoded_.close();
        }
        toEncode_.close();
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
    toEncode_.close();
    for (std::thread* t : {&decoder_, &flower_, &encoder_})
        if (t->joinable()) t->join();
}

void StageThreads::rethrowStageError() const {
    for (const auto& e : {decodeError_, flowError_, encodeError_})
        if (e) std::rethrow_exception(e);
}

void StageThreads::finish() {
    joinAll();  // the encoder writes what is queued, then ends
    rethrowStageError();
}

void StageThreads::stopAndRethrowStageError() {
    internal_.request_stop();
    joinAll();
    rethrowStageError();
}

}  // namespace restyle
