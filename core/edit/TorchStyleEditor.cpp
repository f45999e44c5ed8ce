#include <torch/script.h>

#include "edit/TorchStyleEditor.h"

#include <mutex>
#include <opencv2/imgproc.hpp>

#include "common/Error.h"
#include "edit/BuiltinEditors.h"
#include "models/detail/Torch.h"

namespace restyle {

struct TorchStyleEditor::Impl {
    ModelManifest manifest;
    std::string modulePath;
    mutable std::mutex mutex;  // forward() calls are serialised; the GUI may call from threads
    mutable std::string deviceName;
    mutable torch::Device device{torch::kCPU};
    mutable torch::jit::script::Module module;
    int overlap = 32;

    void load(const std::string& dev) const {
        device = torchutil::pickDevice(dev);
        module = torchutil::loadModule(modulePath, device);
        deviceName = dev;
    }

    // One tile (or the whole frame): pad to the multiple, run, crop. Float BGR in [0, 255].
    cv::Mat runOne(const cv::Mat& bgr) const {
        const int m = std::max(1, manifest.input.multiple);
        const int padW = (m - bgr.cols % m) % m, padH = (m - bgr.rows % m) % m;
        cv::Mat in = bgr;
        if (padW || padH) cv::copyMakeBorder(bgr, in, 0, padH, 0, padW, cv::BORDER_REFLECT);
        c10::InferenceMode guard;
        torch::Tensor out;
        try {
            out = torchutil::outputTensor(
                module.forward({torchutil::imageToTensor(in, manifest.input, device)}), modulePath);
        } catch (const c10::Error& e) {
            throw InputError(modulePath + ": forward(x) failed: " +
                             std::string(e.what_without_backtrace()).substr(0, 200));
        }
        if (out.dim() != 4 || out.size(0) != 1 || out.size(1) != 3 || out.size(2) != in.rows ||
            out.size(3) != in.cols)
            throw InputError(modulePath + ": returned shape " + torchutil::shapeText(out) +
                             ", expected [1, 3, " + std::to_string(in.rows) + ", " +
                             std::to_string(in.cols) + "] (same size as the input)");
        const cv::Mat img = torchutil::tensorToImage(out, manifest.output, modulePath);
        cv::Mat f;
        img(cv::Rect(0, 0, bgr.cols, bgr.rows)).convertTo(f, CV_32FC3);
        return f;
    }

    cv::Mat run(const cv::Mat& bgr) const {
        const int tile = manifest.input.maxSide;
        if (tile <= 0 || (bgr.cols <= tile && bgr.rows <= tile)) {
            cv::Mat out;
            runOne(bgr).convertTo(out, CV_8UC3);
            return out;
        }
        const int ov = std::min(overlap, tile / 4);
        cv::Mat acc(bgr.size(), CV_32FC3, cv::Scalar::all(0));
        cv::Mat weights(bgr.size(), CV_32F, cv::Scalar(0));
        for (int y : starts(bgr.rows, tile, ov))
            for (int x : starts(bgr.cols, tile, ov)) {
                const cv::Rect r(x, y, std::min(tile, bgr.cols), std::min(tile, bgr.rows));
                const cv::Mat out = runOne(bgr(r));
                const cv::Mat w = feather(r, bgr.size(), ov);
                std::vector<cv::Mat> ch;
                cv::split(out, ch);
                for (auto& c : ch)
                    c = c.mul(w);
                cv::Mat weighted;
                cv::merge(ch, weighted);
                acc(r) += weighted;
                weights(r) += w;
            }
        std::vector<cv::Mat> ch;
        cv::split(acc, ch);
        for (auto& c : ch)
            c /= weights;
        cv::merge(ch, acc);
        cv::Mat out;
        acc.convertTo(out, CV_8UC3);
        return out;
    }

    static std::vector<int> starts(int length, int tile, int ov) {
        if (length <= tile) return {0};
        std::vector<int> s;
        const int stride = tile - ov;
        for (int p = 0;; p += stride) {
            if (p + tile >= length) {
                s.push_back(length - tile);
                break;
            }
            s.push_back(p);
        }
        return s;
    }

    // Weights ramping up over the overlap on sides that border another tile.
    static cv::Mat feather(const cv::Rect& r, cv::Size frame, int ov) {
        cv::Mat w(r.size(), CV_32F);
        for (int y = 0; y < r.height; ++y)
            for (int x = 0; x < r.width; ++x) {
                float wx = 1, wy = 1;
                if (r.x > 0) wx = std::min(wx, float(x + 1) / float(ov + 1));
                if (r.x + r.width < frame.width)
                    wx = std::min(wx, float(r.width - x) / float(ov + 1));
                if (r.y > 0) wy = std::min(wy, float(y + 1) / float(ov + 1));
                if (r.y + r.height < frame.height)
                    wy = std::min(wy, float(r.height - y) / float(ov + 1));
                w.at<float>(y, x) = wx * wy;
            }
        return w;
    }
};

TorchStyleEditor::TorchStyleEditor(const ModelManifest& manifest, const std::string& device)
    : impl_(std::make_unique<Impl>()) {
    if (manifest.kind != "style-net")
        throw InputError(manifest.path + ": kind is \"" + manifest.kind +
                         "\", expected \"style-net\"");
    impl_->manifest = manifest;
    impl_->modulePath = manifest.file("module");
    impl_->overlap = manifest.raw.value("tile_overlap", 32);
    impl_->load(device);
    // Probe with an odd-sized frame: checks padding, shape, dtype and NaN now.
    cv::Mat probe(37, 45, CV_8UC3);
    cv::randu(probe, 0, 256);
    impl_->runOne(probe);
}

TorchStyleEditor::~TorchStyleEditor() = default;

std::string TorchStyleEditor::name() const {
    return impl_->manifest.name;
}

std::string TorchStyleEditor::description() const {
    const auto& d = impl_->manifest.description;
    return d.empty() ? "TorchScript style network " + impl_->manifest.name : d;
}

std::vector<ParamSpec> TorchStyleEditor::schema() {
    return {params::floating("strength", 1, 0, 1, "Mix with the original frame"),
            params::choice("device", {"auto", "cpu", "cuda"}, "auto", "Where the model runs")};
}

std::vector<ParamSpec> TorchStyleEditor::params() const {
    return schema();
}

cv::Mat TorchStyleEditor::apply(const cv::Mat& frame, const ParamValues& v,
                                std::vector<std::string>*) const {
    std::lock_guard lock(impl_->mutex);
    const std::string device = v.at("device");
    if (device != impl_->deviceName) impl_->load(device);
    return mixStrength(frame, impl_->run(frame), v["strength"]);
}

}  // namespace restyle
