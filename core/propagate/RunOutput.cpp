#include "propagate/RunOutput.h"

#include "media/VideoWriter.h"
#include "propagate/FrameMetrics.h"

namespace restyle {

RunOutput::RunOutput(VideoWriter& writer, OutputStage& stage, Settings settings, MetricsCsv* csv,
                     FrameCallback onFrame, std::function<void(int64_t)> progress)
    : writer_(writer), stage_(stage), settings_(std::move(settings)), csv_(csv),
      onFrame_(std::move(onFrame)), progress_(std::move(progress)) {}

void RunOutput::add(const EngineOutput& out, double ms, const PendingFrame& p, double seconds) {
    ++processed_;
    if (p.index < settings_.firstWritten) {  // lead-in: not written
        if (p.index == settings_.carriedFrame)
            stage_.continueFrom(settings_.carriedWritten);
        else
            stage_.finish(out, ms, p);
        progress_(processed_);
        return;
    }
    const OutputStage::Frame f = stage_.finish(out, ms, p);
    writer_.write(f.image, seconds);
    lastOutput_ = out.image;
    lastWritten_ = f.image;
    warpSum_ += f.metrics.warpError;
    reliableSum_ += f.metrics.reliableShare;
    if (csv_) csv_->add(f.metrics);
    if (onFrame_) onFrame_(f.metrics.frame, f.image, f.metrics);
    ++written_;
    progress_(processed_);
}

}  // namespace restyle
