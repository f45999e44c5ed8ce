#include "propagate/Flicker.h"

#include <cstdlib>
#include <opencv2/imgproc.hpp>

#include "common/Error.h"
#include "edit/EditorRegistry.h"
#include "flow/FlowPair.h"
#include "flow/Occlusion.h"
#include "flow/Warp.h"
#include "media/VideoReader.h"
#include "media/VideoWriter.h"
#include "propagate/FrameMetrics.h"

namespace restyle {

double meanWarpingError(const std::string& styled, const std::string& source, int maxSide,
                        std::stop_token stop, int64_t sourceFirst) {
    VideoReader a(styled, ReaderOptions{maxSide, 0}), b(source, ReaderOptions{maxSide, 0});
    if (sourceFirst > 0) b.seek(sourceFirst);
    // An encoded output is rounded to even sides (Megamind.avi at 512 px: 512x376 against
    // the source's 512x375): compared at the source's size. Any other difference is an error.
    const cv::Size styledSize = a.frameSize(), sourceSize = b.frameSize();
    if (std::abs(styledSize.width - sourceSize.width) > 2 ||
        std::abs(styledSize.height - sourceSize.height) > 2)
        throw InputError(styled + ": size differs from " + source + " at max side " +
                         std::to_string(maxSide));
    FlowPairEngine flow("dis-fast");
    VideoFrame fa, fb;
    cv::Mat prevStyled, prevSource;
    double sum = 0;
    int n = 0;
    while (a.read(fa) && b.read(fb)) {
        throwIfStopped(stop);
        if (styledSize != sourceSize)
            cv::resize(fa.image, fa.image, sourceSize, 0, 0, cv::INTER_AREA);
        if (!prevStyled.empty()) {
            const auto pair = flow.compute(fb.image, prevSource);  // t -> t-1 and back
            const cv::Mat mask = occlusionMask(pair.forward, pair.backward);
            sum += warpingError(fa.image, warpImage(prevStyled, pair.forward), mask);
            ++n;
        }
        prevStyled = fa.image.clone();
        prevSource = fb.image.clone();
    }
    return n ? sum / n : 0.0;
}

void editEveryFrame(const std::string& clip, const std::string& output, const std::string& name,
                    int maxSide, std::stop_token stop) {
    VideoReader reader(clip, ReaderOptions{maxSide, 0});
    const auto editor = createEditor(name);
    const ParamValues values = resolveParamsAt(*editor, {}, reader.scale());
    WriterOptions wo;
    wo.fpsNum = reader.info().fpsNum;
    wo.fpsDen = reader.info().fpsDen;
    wo.preset = "veryfast";
    VideoWriter writer(output, reader.frameSize(), wo);
    VideoFrame f;
    while (reader.read(f)) {
        throwIfStopped(stop);
        writer.write(editor->apply(f.image, values));
    }
    writer.finish();
}

}  // namespace restyle
