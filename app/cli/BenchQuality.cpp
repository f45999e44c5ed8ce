#include <cstdio>
#include <filesystem>

#include "cli/Bench.h"
#include "common/Error.h"
#include "common/ResourceUsage.h"
#include "propagate/QualityCases.h"

namespace restyle::cli {

namespace {

const char* kClipDir = "/usr/share/doc/opencv-doc/examples/data/";

std::string realClip(const std::string& name) {
    const std::string p = std::string(kClipDir) + name;
    if (!std::filesystem::exists(p))
        throw InputError(p + " is missing: install opencv-doc (packaging/install-deps.sh)");
    return p;
}

}  // namespace

void benchQuality(const std::string& clipArg, const Context& ctx) {
    TempDir tmp;
    const std::string source = clipArg.empty() ? realClip("vtest.avi") : clipArg;
    PropagationSettings s;
    s.maxSide = 512;
    s.audio = false;
    const int frames = 150;
    const std::string excerpt = tmp.path("excerpt.mp4");
    writeExcerpt(source, excerpt, 512, frames);
    std::printf("static camera: %s, first %d frames at 512 px\n", source.c_str(), frames);

    const StrokeFigures stroke =
        measureStroke(excerpt, cv::Rect(250, 235, 40, 25), s, tmp.path(""));
    std::printf("stroke presence (worst frame, where visible): %.1f %%\n",
                100 * stroke.minPresence);
    std::printf("stroke red leak (worst frame): %.3f %% of the frame\n", 100 * stroke.maxLeak);

    for (bool painted : {false, true}) {
        const TruthFigures t = measureAgainstPerFrame(excerpt, "cartoon", painted, s, tmp.path(""));
        const char* how = painted ? "painted keyframe" : "editor keyframe";
        std::printf(
            "PSNR vs per-frame cartoon, %s: all %.2f dB, changed content %.2f dB "
            "(frozen keyframe %.2f dB)\n",
            how, t.psnrAll, t.psnrChanged, t.frozenChanged);
    }

    const FlickerFigures still = measureFlicker(excerpt, "cartoon", s, tmp.path(""));
    std::printf("flicker, static camera: propagated %.5f, per-frame %.5f: ratio %.2fx\n",
                still.propagated, still.perFrame, still.ratio());
    CameraPath shake;
    shake.handheld = true;
    const std::string handheld = tmp.path("handheld.mp4");
    writeCameraClip(realClip("vtest.avi"), handheld, cv::Size(512, 384), 90, shake);
    const FlickerFigures hand = measureFlicker(handheld, "cartoon", s, tmp.path(""));
    std::printf("flicker, handheld (shaken still): propagated %.5f, per-frame %.5f: ratio %.2fx\n",
                hand.propagated, hand.perFrame, hand.ratio());

    CameraPath pan;
    const std::string panClip = tmp.path("camera-path.mp4");  // not panzoom.mp4: the case writes that
    writeCameraClip(realClip("vtest.avi"), panClip, cv::Size(512, 384), 60, pan);
    for (const char* method : {"dis-fast", "dis-medium"}) {
        PropagationSettings ps = s;
        ps.flow.method = method;
        const PanZoomFigures p = measurePanZoom(panClip, pan, "cartoon", ps, tmp.path(""));
        std::printf("known pan/zoom, lossless, %s: mean %.2f dB, worst frame %.2f dB\n", method,
                    p.meanPsnr, p.worstPsnr);
    }
    std::printf("peak memory: %.0f MiB\n", peakMemoryMiB());
}

}  // namespace restyle::cli
