// bench style: the few-shot style network against a known truth on a real clip. The keyframe
// is a deterministic stylisation (an editor) of the first frame; the truth is that editor on
// every frame. Prints PSNR over all pixels and over pixels whose content changed since the
// keyframe, the warping error relative to the per-frame stylisation (both encoded alike),
// and the training time.
#include <chrono>
#include <cstdio>
#include <opencv2/imgproc.hpp>

#include "cli/Bench.h"
#include "common/ImageFile.h"
#include "common/ResourceUsage.h"
#include "edit/EditorRegistry.h"
#include "media/VideoReader.h"
#include "media/VideoWriter.h"
#include "propagate/Flicker.h"
#include "propagate/Pipeline.h"
#include "style/LearnKeyframeStyle.h"

namespace restyle::cli {

namespace {

// 255 where the source differs from the keyframe's source (content changed or revealed).
cv::Mat changedSince(const cv::Mat& key, const cv::Mat& frame) {
    cv::Mat a, b, d;
    cv::GaussianBlur(key, a, cv::Size(0, 0), 1.0);
    cv::GaussianBlur(frame, b, cv::Size(0, 0), 1.0);
    cv::absdiff(a, b, d);
    std::vector<cv::Mat> ch;
    cv::split(d, ch);
    return cv::max(ch[0], cv::max(ch[1], ch[2])) > 24;
}

struct Squared {
    double sum = 0;
    double count = 0;
    void add(const cv::Mat& a, const cv::Mat& b, const cv::Mat& mask) {
        cv::Mat d;
        cv::absdiff(a, b, d);
        d.convertTo(d, CV_32FC3);
        d = d.mul(d);
        const cv::Scalar s = mask.empty() ? cv::sum(d) : cv::sum(d.setTo(0, mask == 0));
        sum += s[0] + s[1] + s[2];
        count += 3.0 * (mask.empty() ? double(a.total()) : double(cv::countNonZero(mask)));
    }
    double psnr() const { return count > 0 ? 10 * std::log10(255.0 * 255.0 * count / sum) : 0; }
};

}  // namespace

void benchStyle(const std::string& clipArg, const BenchStyleOptions& o, const Context& ctx) {
    TempDir tmp;
    const std::string clip =
        clipArg.empty() ? "/usr/share/doc/opencv-doc/examples/data/vtest.avi" : clipArg;
    const auto editor = createEditor(o.editor);
    // The truth, streamed: the editor on each of the first frames, encoded as outputs are.
    VideoReader reader(clip, ReaderOptions{o.side, 0});
    if (o.start > 0) reader.seek(o.start);
    const ParamValues params = resolveParamsAt(*editor, {}, reader.scale());
    WriterOptions wo;
    wo.fpsNum = reader.info().fpsNum;
    wo.fpsDen = reader.info().fpsDen;
    wo.preset = "veryfast";
    const std::string truthClip = tmp.path("truth.mp4");
    {
        VideoWriter truth(truthClip, reader.frameSize(), wo);
        VideoFrame f;
        for (int i = 0; i < o.frames && reader.read(f); ++i) {
            if (i == 0) writeImageAtomically(tmp.path("key.png"), editor->apply(f.image, params));
            truth.write(editor->apply(f.image, params));
        }
        truth.finish();
    }
    std::printf("clip: %s, %d frames at %d px, keyframe = %s of frame %d\n", clip.c_str(),
                o.frames, o.side, o.editor.c_str(), o.start);
    nlohmann::json engineSettings = o.engineSettings;
    // Train once here (timed); the runs below find the network in the cache. A cache folder
    // given with --set style_cache_dir is kept, to compare engine settings on one network.
    if (!engineSettings.contains("style_cache_dir"))
        engineSettings["style_cache_dir"] = tmp.path("style-cache");
    {
        VideoReader r(clip, ReaderOptions{o.side, 0});
        const cv::Mat source = r.frameAt(o.start).image;
        const cv::Mat edited = loadEditImage(tmp.path("key.png"), source.size());
        StyleLearnLog log;
        const auto t0 = std::chrono::steady_clock::now();
        const auto net = learnKeyframeStyle(
            {{source, edited}}, StyleLearnSettings::fromJson(engineSettings), {}, ctx.stop, &log);
        std::printf("training: %d steps, %.1f s (%s), final loss %.4f, %d spikes undone, "
                    "%lld parameters\n",
                    log.phases[0].steps,
                    std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(),
                    net->onCuda() ? "CUDA" : "CPU", log.phases[0].loss, log.phases[0].rollbacks,
                    static_cast<long long>(net->parameterCount()));
    }
    const double truthWarp = meanWarpingError(truthClip, clip, o.side, ctx.stop, o.start);
    for (const auto& engine : o.engines) {
        Keyframe k;
        k.frame = o.start;
        k.image = tmp.path("key.png");
        PropagationSettings s;
        // "warp+style-net": the warp engine with the style network as its fill.
        s.engine = engine.substr(0, engine.find('+'));
        s.engineSettings = engineSettings;
        if (engine.find('+') != std::string::npos)
            s.engineSettings["fill"] = engine.substr(engine.find('+') + 1);
        s.maxSide = o.side;
        s.firstFrame = o.start;
        s.lastFrame = o.start + o.frames - 1;
        s.audio = false;
        const std::string out = tmp.path(engine + ".mp4");
        const auto r = propagate(clip, out, {k}, s, {}, ctx.stop);
        // PSNR of the output file against the truth, pooled over frames 1..N-1.
        VideoReader src(clip, ReaderOptions{o.side, 0}), res(out, ReaderOptions{o.side, 0});
        if (o.start > 0) src.seek(o.start);
        VideoFrame fs, fr;
        cv::Mat keySource;
        Squared all, changed;
        double changedShare = 0;
        for (int i = 0; i < o.frames && src.read(fs) && res.read(fr); ++i) {
            if (i == 0) {
                keySource = fs.image.clone();
                continue;
            }
            // An encoded output is rounded to even sides (Megamind.avi at 512 px: 512x376
            // against 512x375): compared at the source's size, as meanWarpingError does.
            if (fr.image.size() != fs.image.size())
                cv::resize(fr.image, fr.image, fs.image.size(), 0, 0, cv::INTER_AREA);
            const cv::Mat truth = editor->apply(fs.image, params);
            const cv::Mat mask = changedSince(keySource, fs.image);
            all.add(fr.image, truth, {});
            changed.add(fr.image, truth, mask);
            changedShare += double(cv::countNonZero(mask)) / double(mask.total());
        }
        const double warp = meanWarpingError(out, clip, o.side, ctx.stop, o.start);
        std::printf(
            "%s: PSNR changed pixels %.2f dB (%.1f%% of pixels), overall %.2f dB; warping error "
            "%.5f = %.2fx the per-frame stylisation's %.5f; %.1f fps end to end\n",
            engine.c_str(), changed.psnr(), 100 * changedShare / std::max(1, o.frames - 1),
            all.psnr(), warp, truthWarp > 0 ? warp / truthWarp : 0, truthWarp,
            double(r.frames) / r.seconds);
    }
    std::printf("peak memory: %.0f MiB\n", peakMemoryMiB());
}

}  // namespace restyle::cli
