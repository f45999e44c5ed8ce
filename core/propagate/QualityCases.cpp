#include "propagate/QualityCases.h"

#include <cmath>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "common/Error.h"
#include "edit/EditorRegistry.h"
#include "media/VideoReader.h"
#include "media/VideoWriter.h"
#include "propagate/Flicker.h"
#include "propagate/Photometric.h"

namespace restyle {

namespace {

WriterOptions nearLossless(const VideoInfo& info) {
    WriterOptions wo;
    wo.fpsNum = info.fpsNum;
    wo.fpsDen = info.fpsDen;
    wo.crf = 8;
    wo.preset = "veryfast";
    return wo;
}

double psnr(const cv::Mat& a, const cv::Mat& b, const cv::Mat& mask) {
    cv::Mat d;
    cv::absdiff(a, b, d);
    d.convertTo(d, CV_32FC3);
    d = d.mul(d);
    const double n = mask.empty() ? double(a.total()) : double(cv::countNonZero(mask));
    if (n == 0) return 99.0;
    const cv::Scalar s = cv::sum(mask.empty() ? d : [&] {
        cv::Mat m = cv::Mat::zeros(d.size(), d.type());
        d.copyTo(m, mask);
        return m;
    }());
    const double mse = (s[0] + s[1] + s[2]) / (3 * n);
    return mse <= 1e-10 ? 99.0 : 10 * std::log10(255.0 * 255.0 / mse);
}

cv::Mat redPixels(const cv::Mat& bgr) {
    std::vector<cv::Mat> c;
    cv::split(bgr, c);
    return (c[2] > 150) & (c[1] < 100) & (c[0] < 100);
}

}  // namespace

void writeExcerpt(const std::string& clip, const std::string& out, int maxSide, int frames) {
    VideoReader reader(clip, ReaderOptions{maxSide, 0});
    VideoWriter writer(out, reader.frameSize(), nearLossless(reader.info()));
    VideoFrame f;
    for (int i = 0; i < frames && reader.read(f); ++i)
        writer.write(f.image);
    writer.finish();
}

cv::Matx23d CameraPath::at(int t) const {
    double zoom, ox, oy;
    if (handheld) {
        // A smooth shake of a few pixels and a slight breathing zoom.
        zoom = 1.0 + 0.02 * std::sin(0.11 * t);
        ox = 120 + 6 * std::sin(0.37 * t) + 3 * std::sin(0.91 * t + 1);
        oy = 90 + 5 * std::sin(0.29 * t + 2) + 2 * std::sin(1.3 * t);
    } else {
        zoom = 1.0 - 0.25 * t / 100.0;  // zooming in: fewer still pixels per output pixel
        ox = 60 + 1.5 * t;
        oy = 60 + 0.5 * t;
    }
    return cv::Matx23d(zoom, 0, ox, 0, zoom, oy);
}

void writeCameraClip(const std::string& clip, const std::string& out, cv::Size size, int frames,
                     const CameraPath& path) {
    VideoReader reader(clip, ReaderOptions{0, 0});
    const cv::Mat still = reader.frameAt(0).image;
    WriterOptions wo = nearLossless(reader.info());
    wo.crf = 4;
    VideoWriter writer(out, size, wo);
    for (int t = 0; t < frames; ++t) {
        cv::Mat frame;
        cv::warpAffine(still, frame, path.at(t), size, cv::INTER_CUBIC | cv::WARP_INVERSE_MAP,
                       cv::BORDER_REFLECT);
        writer.write(frame);
    }
    writer.finish();
}

StrokeFigures measureStroke(const std::string& clip, const cv::Rect& box,
                            const PropagationSettings& settings, const std::string& tmpDir,
                            std::stop_token stop) {
    VideoReader reader(clip, ReaderOptions{settings.maxSide, 0});
    const cv::Mat first = reader.frameAt(0).image;
    cv::Mat painted = first.clone();
    cv::rectangle(painted, box, cv::Scalar(0, 0, 255), cv::FILLED);
    const std::string paintedPath = tmpDir + "/painted.png";
    cv::imwrite(paintedPath, painted);
    Keyframe k;
    k.image = paintedPath;
    // Judged inside the stroke (a 2 px inset: seams) and outside it (6 px away).
    cv::Mat inside = cv::Mat::zeros(first.size(), CV_8U), outside(first.size(), CV_8U, 255);
    cv::rectangle(inside, cv::Rect(box.x + 2, box.y + 2, box.width - 4, box.height - 4), 255,
                  cv::FILLED);
    cv::rectangle(outside, cv::Rect(box.x - 6, box.y - 6, box.width + 12, box.height + 12), 0,
                  cv::FILLED);
    StrokeFigures fig;
    VideoReader sources(clip, ReaderOptions{settings.maxSide, 0});
    propagate(clip, tmpDir + "/stroke.mp4", {k}, settings, {}, stop,
              [&](int64_t, const cv::Mat& out, const FrameMetrics&) {
                  VideoFrame src;
                  sources.read(src);
                  // Visible: the surface under the stroke is not covered (static camera).
                  const cv::Mat visible = inside & (photometricResidual(first, src.image) <= 14.0);
                  const cv::Mat red = redPixels(out);
                  const int n = cv::countNonZero(visible);
                  if (n > 0.2 * cv::countNonZero(inside))
                      fig.minPresence = std::min(
                          fig.minPresence, double(cv::countNonZero(red & visible)) / double(n));
                  fig.maxLeak = std::max(
                      fig.maxLeak, double(cv::countNonZero(red & outside)) / double(out.total()));
              });
    return fig;
}

TruthFigures measureAgainstPerFrame(const std::string& clip, const std::string& editorName,
                                    bool painted, const PropagationSettings& settings,
                                    const std::string& tmpDir, std::stop_token stop) {
    const auto editor = createEditor(editorName);
    VideoReader reader(clip, ReaderOptions{settings.maxSide, 0});
    const ParamValues values = resolveParamsAt(*editor, {}, reader.scale());
    const cv::Mat first = reader.frameAt(0).image;
    const cv::Mat keyEdit = editor->apply(first, values);
    Keyframe k;
    if (painted) {
        k.image = tmpDir + "/key.png";
        cv::imwrite(k.image, keyEdit);
    } else {
        k.editor = editorName;
    }
    VideoReader sources(clip, ReaderOptions{settings.maxSide, 0});
    TruthFigures fig;
    int n = 0;
    propagate(clip, tmpDir + "/truth.mp4", {k}, settings, {}, stop,
              [&](int64_t, const cv::Mat& out, const FrameMetrics&) {
                  VideoFrame src;
                  sources.read(src);
                  if (src.index == 0) return;
                  const cv::Mat truth = editor->apply(src.image, values);
                  const cv::Mat changed = photometricResidual(first, src.image) > 14.0;
                  fig.psnrAll += psnr(out, truth, cv::Mat());
                  fig.psnrChanged += psnr(out, truth, changed);
                  fig.frozenChanged += psnr(keyEdit, truth, changed);
                  ++n;
              });
    if (n) fig.psnrAll /= n, fig.psnrChanged /= n, fig.frozenChanged /= n;
    return fig;
}

FlickerFigures measureFlicker(const std::string& clip, const std::string& editor,
                              const PropagationSettings& settings, const std::string& tmpDir,
                              std::stop_token stop) {
    Keyframe k;
    k.editor = editor;
    PropagationSettings s = settings;
    s.crf = 18;
    propagate(clip, tmpDir + "/propagated.mp4", {k}, s, {}, stop);
    editEveryFrame(clip, tmpDir + "/per-frame.mp4", editor, settings.maxSide, stop);
    FlickerFigures fig;
    fig.propagated = meanWarpingError(tmpDir + "/propagated.mp4", clip, settings.maxSide, stop);
    fig.perFrame = meanWarpingError(tmpDir + "/per-frame.mp4", clip, settings.maxSide, stop);
    return fig;
}

PanZoomFigures measurePanZoom(const std::string& cameraClip, const CameraPath& path,
                              const std::string& editorName, const PropagationSettings& settings,
                              const std::string& tmpDir, std::stop_token stop) {
    const auto editor = createEditor(editorName);
    VideoReader reader(cameraClip, ReaderOptions{settings.maxSide, 0});
    const cv::Mat keyEdit = editor->apply(
        reader.frameAt(0).image, resolveParamsAt(*editor, {}, reader.scale()));
    const cv::Size size = keyEdit.size();
    const cv::Matx23d a0 = path.at(0);
    Keyframe k;
    k.editor = editorName;
    PanZoomFigures fig;
    fig.worstPsnr = 99;
    int n = 0;
    propagate(cameraClip, tmpDir + "/panzoom.mp4", {k}, settings, {}, stop,
              [&](int64_t t, const cv::Mat& out, const FrameMetrics&) {
                  if (t == 0) return;
                  // Frame t's pixel x shows frame 0's pixel a0^-1 (at(t) x).
                  const cv::Matx23d at = path.at(int(t));
                  const double z = at(0, 0) / a0(0, 0);
                  const cv::Matx23d map(z, 0, (at(0, 2) - a0(0, 2)) / a0(0, 0), 0, z,
                                        (at(1, 2) - a0(1, 2)) / a0(1, 1));
                  cv::Mat truth, valid;
                  cv::warpAffine(keyEdit, truth, map, size, cv::INTER_LINEAR | cv::WARP_INVERSE_MAP,
                                 cv::BORDER_CONSTANT);
                  cv::warpAffine(cv::Mat(size, CV_8U, cv::Scalar(255)), valid, map, size,
                                 cv::INTER_NEAREST | cv::WARP_INVERSE_MAP, cv::BORDER_CONSTANT);
                  cv::erode(valid, valid, cv::Mat(), cv::Point(-1, -1), 2);
                  const double p = psnr(out, truth, valid);
                  fig.meanPsnr += p;
                  fig.worstPsnr = std::min(fig.worstPsnr, p);
                  ++n;
              });
    if (n) fig.meanPsnr /= n;
    return fig;
}

}  // namespace restyle
