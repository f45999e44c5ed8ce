// img2img / InstructPix2Pix sampling over an SdModel's networks, with cross-frame attention
// to an anchor frame for video.
#include <torch/torch.h>

#include <ATen/CPUGeneratorImpl.h>

#include <chrono>
#include <opencv2/imgproc.hpp>
#include <thread>

#include "common/Error.h"
#include "common/Progress.h"
#include "diffusion/detail/Scheduler.h"
#include "diffusion/detail/SdModelImpl.h"
#include "models/detail/Torch.h"

namespace restyle::diffusion {

struct EncodedImage {
    torch::Tensor latents;  // unscaled, float32, on the model's device
};

namespace {

const ImageTensorSpec kHint{"rgb", 0, 1, {0, 0, 0}, {1, 1, 1}, 1, 0};

bool outOfMemory(const std::string& what) {
    return what.find("out of memory") != std::string::npos ||
           what.find("can't allocate memory") != std::string::npos;
}

struct Padder {
    int padW = 0, padH = 0;
    Padder(cv::Size size, int m)
        : padW((m - size.width % m) % m), padH((m - size.height % m) % m) {}
    cv::Mat operator()(const cv::Mat& img) const {
        cv::Mat out = img;
        if (padW || padH) cv::copyMakeBorder(img, out, 0, padH, 0, padW, cv::BORDER_REFLECT);
        return out;
    }
};

// The images' latents, one at a time (memory stays that of one image), each taken from its
// encoding ahead where there is one.
torch::Tensor encodeAll(SdModel::Impl& model, const std::vector<cv::Mat>& padded,
                        const std::vector<std::shared_ptr<const EncodedImage>>& ahead) {
    std::vector<torch::Tensor> out;
    for (size_t i = 0; i < padded.size(); ++i)
        out.push_back(i < ahead.size() && ahead[i] ? ahead[i]->latents
                                                   : model.encodeImages({padded[i]}));
    return torch::cat(out);
}

std::vector<cv::Mat> run(SdModel::Impl& model, const SampleRequest& r) {
    const cv::Size size = r.init[0].size();
    const Padder pad(size, model.config.vae.downscale());
    std::vector<cv::Mat> init;
    for (const auto& i : r.init)
        init.push_back(pad(i));
    const bool anchored = !r.anchor.empty();
    const int64_t count = int64_t(init.size()), frames = count + (anchored ? 1 : 0);
    const int64_t crossFrames = r.crossFrame ? frames : 0;
    const int copies = r.instructPix2Pix ? 3 : 2;
    const double scale = model.config.vae.scale;

    auto scheduler = makeScheduler(model.scheduler);
    scheduler->setTimesteps(r.steps, r.instructPix2Pix ? 1.0 : r.strength);
    const auto& ts = scheduler->timesteps();
    // Unscaled: InstructPix2Pix uses these.
    const auto imageLatents = encodeAll(model, init, r.initEncoded);
    // Seeded on the CPU, so a seed gives the same result on every device.
    auto gen = at::detail::createCPUGenerator(r.seed);
    auto noiseLike = [&](const torch::Tensor& like) {
        return torch::randn(like.sizes(), gen, torch::TensorOptions().dtype(torch::kFloat32))
            .to(model.device);
    };
    torch::Tensor latents = r.instructPix2Pix ? noiseLike(imageLatents)
                                              : scheduler->addNoise(imageLatents * scale,
                                                                    noiseLike(imageLatents), ts[0]);
    torch::Tensor anchorLatents, anchorNoise, anchorImage;
    if (anchored) {
        anchorImage = model.encodeImages({pad(r.anchor)});
        anchorLatents = anchorImage * scale;
        anchorNoise = noiseLike(anchorLatents);
    }
    auto withAnchor = [&](const torch::Tensor& a, const torch::Tensor& rest) {
        return anchored ? torch::cat({a, rest}) : rest;
    };
    auto repeat = [&](const torch::Tensor& t) {
        return torch::cat(std::vector<torch::Tensor>(size_t(copies), t));
    };
    // Conditioning, guidance halves stacked: [uncond, cond] (InstructPix2Pix: [uncond,
    // image only, image + text]), each half `frames` long with the anchor first.
    const auto cond = model.encodeText(r.prompt).expand({frames, -1, -1});
    const auto uncond = model.encodeText(r.negative).expand({frames, -1, -1});
    const auto context =
        r.instructPix2Pix ? torch::cat({uncond, uncond, cond}) : torch::cat({uncond, cond});
    torch::Tensor extra;
    if (r.instructPix2Pix) {
        const auto image = withAnchor(anchorImage, imageLatents).to(model.dtype);
        extra = torch::cat({torch::zeros_like(image), image, image});
    }
    torch::Tensor hint;
    if (model.controlnet && !r.control.empty()) {
        std::vector<torch::Tensor> c;
        if (anchored) {
            cv::Mat a = r.anchorControl;
            if (a.empty()) a = cv::Mat::zeros(r.anchor.size(), CV_8UC3);
            c.push_back(torchutil::imageToTensor(pad(a), kHint, model.device));
        }
        for (const auto& img : r.control)
            c.push_back(torchutil::imageToTensor(pad(img), kHint, model.device));
        hint = repeat(torch::cat(c)).to(model.dtype);
    }
    torch::Tensor blendLatents, blendMask;
    if (!r.blendTargets.empty() && r.blendFraction > 0) {
        std::vector<cv::Mat> targets;
        for (const auto& t : r.blendTargets)
            targets.push_back(pad(t));
        blendLatents = encodeAll(model, targets, r.blendEncoded) * scale;
        std::vector<torch::Tensor> masks;
        const cv::Size ls(init[0].cols / model.config.vae.downscale(),
                          init[0].rows / model.config.vae.downscale());
        for (const auto& mk : r.blendMasks) {
            cv::Mat small;
            cv::resize(pad(mk), small, ls, 0, 0, cv::INTER_AREA);
            masks.push_back(
                torch::from_blob(small.data, {1, 1, ls.height, ls.width}, torch::kFloat32).clone());
        }
        blendMask = torch::cat(masks).to(model.device);
    }
    for (size_t i = 0; i < ts.size(); ++i) {
        throwIfStopped(r.stop);
        torch::Tensor anchorNow;
        if (anchored) anchorNow = scheduler->addNoise(anchorLatents, anchorNoise, ts[i]);
        const auto x = repeat(withAnchor(anchorNow, latents)).to(model.dtype);
        const auto t =
            torch::full({x.size(0)}, double(ts[i]),
                        torch::TensorOptions().dtype(torch::kFloat32).device(model.device));
        std::vector<torch::Tensor> residuals;
        if (hint.defined()) {
            residuals = model.controlnet(x, hint, t, context, crossFrames);
            for (auto& res : residuals)
                res = res * r.controlScale;
        }
        const auto in = extra.defined() ? torch::cat({x, extra}, 1) : x;
        auto parts =
            model.unet(in, t, context, residuals, crossFrames).to(torch::kFloat32).chunk(copies);
        for (auto& p : parts)
            p = p.narrow(0, anchored ? 1 : 0, count);
        const auto guided =
            r.instructPix2Pix
                ? instructPix2PixGuidance(parts[0], parts[1], parts[2], r.guidance, r.imageGuidance)
                : classifierFreeGuidance(parts[0], parts[1], r.guidance);
        const auto noise = scheduler->stochastic() ? noiseLike(latents) : torch::Tensor();
        latents = scheduler->step(guided, i, latents, noise);
        if (blendLatents.defined() && double(i + 1) < r.blendFraction * double(ts.size())) {
            const int64_t next = i + 1 < ts.size() ? ts[i + 1] : -1;
            const auto target = scheduler->addNoise(blendLatents, noiseLike(blendLatents), next);
            latents = latents * (1 - blendMask) + target * blendMask;
        }
        if (r.onStep) r.onStep(int(i) + 1, int(ts.size()));
    }
    std::vector<cv::Mat> images;
    for (int64_t i = 0; i < count; ++i) {  // one at a time: each can be used at once
        throwIfStopped(r.stop);
        cv::Mat image = model.decode(latents.narrow(0, i, 1))[0];
        images.push_back(image(cv::Rect(0, 0, size.width, size.height)).clone());
        if (r.onImage) r.onImage(size_t(i), images.back());
    }
    return images;
}

// Runs `work` on `what` (a batch, an image) with the model's thread count, with LibTorch's
// failures as Errors: running out of memory says what to lower (`lower`).
template <typename Work>
auto guarded(SdModel::Impl& model, const std::string& what, const std::string& lower,
             const Work& work) {
    c10::InferenceMode guard;
    // The same thread count on whichever thread samples: CPU reductions split by thread
    // count, and a seed must give the same frames every time.
    torchutil::useThreads(0);
    auto oom = [&]() {
        return Error(std::string(model.device == torch::kCUDA ? "CUDA" : "CPU") +
                     " out of memory running the diffusion model on " + what + ": lower " +
                     lower);
    };
    try {
        return work();
    } catch (const std::bad_alloc&) {
        throw oom();
    } catch (const c10::Error& e) {
        const std::string text = e.what_without_backtrace();
        if (outOfMemory(text)) throw oom();
        throw Error(model.path + ": the diffusion model failed on " + what + ": " +
                    text.substr(0, 300));
    }
}

}  // namespace

std::vector<cv::Mat> sample(SdModel& handle, const SampleRequest& r) {
    if (r.init.empty()) return {};
    SdModel::Impl& model = handle.impl();
    const std::string batch = "a batch of " +
                              std::to_string(r.init.size() + (r.anchor.empty() ? 0 : 1)) +
                              " frames of " + std::to_string(r.init[0].cols) + "x" +
                              std::to_string(r.init[0].rows) + " (x" +
                              std::to_string(r.instructPix2Pix ? 3 : 2) + " for guidance)";
    const std::string lower = "the batch (--batch, e.g. half of it) or the frame size (--max-side)";
    return guarded(model, batch, lower, [&] { return run(model, r); });
}

std::shared_ptr<const EncodedImage> encodeAhead(SdModel& handle, const cv::Mat& bgr) {
    SdModel::Impl& model = handle.impl();
    const std::string image =
        "an image of " + std::to_string(bgr.cols) + "x" + std::to_string(bgr.rows);
    return guarded(model, image, "the frame size (--max-side)", [&] {
        const Padder pad(bgr.size(), model.config.vae.downscale());  // as run() pads
        return std::make_shared<const EncodedImage>(
            EncodedImage{model.encodeImages({pad(bgr)})});
    });
}

ComponentTimes timeComponents(SdModel& handle, int side, int steps) {
    SdModel::Impl& m = handle.impl();
    c10::InferenceMode guard;
    using Clock = std::chrono::steady_clock;
    auto since = [](Clock::time_point t0, const torch::Tensor& result) {
        result.sum().item<float>();  // waits for the device
        return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
    };
    ComponentTimes times;
    cv::Mat image(side, side, CV_8UC3);
    cv::randu(image, 0, 255);
    auto t0 = Clock::now();
    const auto context = m.encodeText("");
    times.textMs = since(t0, context);
    t0 = Clock::now();
    const auto latents = m.encodeImages({image}) * m.config.vae.scale;
    times.encodeMs = since(t0, latents);
    const auto x = torch::cat({latents, latents}).to(m.dtype);
    const auto ctx = torch::cat({context, context});
    const auto t = torch::full({2}, 500.0, torch::TensorOptions().device(m.device));
    torch::Tensor hint;
    if (m.controlnet)
        hint = torch::zeros(
            {2, 3, x.size(2) * m.config.vae.downscale(), x.size(3) * m.config.vae.downscale()},
            x.options());
    const auto in = m.config.unet.inChannels > x.size(1) ? torch::cat({x, x}, 1) : x;
    for (int i = 0; i < steps; ++i) {
        t0 = Clock::now();
        std::vector<torch::Tensor> residuals;
        if (hint.defined()) residuals = m.controlnet(x, hint, t, ctx, 0);
        times.unetStepMs.push_back(since(t0, m.unet(in, t, ctx, residuals, 0)));
    }
    t0 = Clock::now();
    m.decode(latents);
    times.decodeMs = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
    return times;
}

}  // namespace restyle::diffusion
