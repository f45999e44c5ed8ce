#pragma once
// The output thread's share of a run (StageThreads::output): each engine frame, in order,
// through flicker removal and metrics into the video, the metrics CSV and the caller's frame
// callback, and the tallies the run reports. Lead-in frames (before the range) only feed
// flicker removal. One thread at a time uses it: the output thread while the run goes, the
// caller's after StageThreads::finish().
#include <cstdint>
#include <functional>
#include <opencv2/core.hpp>

#include "propagate/FlowStage.h"
#include "propagate/OutputStage.h"
#include "propagate/Pipeline.h"

namespace restyle {

class MetricsCsv;
class VideoWriter;

class RunOutput {
  public:
    struct Settings {
        int64_t firstWritten = 0;   // frames before it are the lead-in
        int64_t carriedFrame = -1;  // a frame another run wrote (RunCarry), or -1
        cv::Mat carriedWritten;     // that frame as written
    };
    // `progress` is told the frames done so far (lead-in included).
    RunOutput(VideoWriter& writer, OutputStage& stage, Settings settings, MetricsCsv* csv,
              FrameCallback onFrame, std::function<void(int64_t)> progress);

    // The engine's frame `out`, `ms` of engine time, written at `seconds` from the output's
    // start.
    void add(const EngineOutput& out, double ms, const PendingFrame& p, double seconds);

    int64_t written() const { return written_; }
    int64_t processed() const { return processed_; }
    double meanWarpError() const { return written_ ? warpSum_ / double(written_) : 0; }
    double meanReliableShare() const { return written_ ? reliableSum_ / double(written_) : 0; }
    // The last written frame as the engine made it and as written (for the carry).
    const cv::Mat& lastOutput() const { return lastOutput_; }
    const cv::Mat& lastWritten() const { return lastWritten_; }

  private:
    VideoWriter& writer_;
    OutputStage& stage_;
    Settings settings_;
    MetricsCsv* csv_;
    FrameCallback onFrame_;
    std::function<void(int64_t)> progress_;
    int64_t written_ = 0, processed_ = 0;
    double warpSum_ = 0, reliableSum_ = 0;
    cv::Mat lastOutput_, lastWritten_;
};

}  // namespace restyle
