#include <torch/script.h>

#include "diffusion/SdModel.h"

#include <optional>

#include <ATen/CPUGeneratorImpl.h>
#include <ATen/core/Generator.h>

#include <opencv2/imgproc.hpp>

#include "common/Error.h"
#include "common/Progress.h"
#include "diffusion/ClipTokenizer.h"
#include "diffusion/detail/Scheduler.h"
#include "models/detail/Torch.h"

namespace restyle::diffusion {

namespace {

const ImageTensorSpec kPixels{"rgb", -1.0, 1.0, {0, 0, 0}, {1, 1, 1}, 8, 0};

torch::Tensor run(torch::jit::script::Module& m, std::vector<c10::IValue> in,
                  const std::string& who) {
    try {
        return torchutil::outputTensor(m.forward(std::move(in)), who);
    } catch (const c10::Error& e) {
        throw InputError(
            who + ": forward() failed: " + std::string(e.what_without_backtrace()).substr(0, 240));
    }
}

void expectShape(const torch::Tensor& t, std::vector<int64_t> shape, const std::string& who) {
    bool ok = t.dim() == int64_t(shape.size());
    for (size_t i = 0; ok && i < shape.size(); ++i)
        ok = shape[i] < 0 || t.size(int64_t(i)) == shape[i];
    if (!ok) {
        std::string s = "[";
        for (size_t i = 0; i < shape.size(); ++i)
            s += (i ? ", " : "") + (shape[i] < 0 ? std::string("*") : std::to_string(shape[i]));
        throw InputError(who + ": returned shape " + torchutil::shapeText(t) + ", expected " + s +
                         "]");
    }
    if (!t.is_floating_point()) throw InputError(who + ": returned a non-float tensor");
}

}  // namespace

struct SdModel::Impl {
    ModelManifest manifest;
    torch::Device device{torch::kCPU};
    torch::Dtype dtype = torch::kFloat32;
    torch::jit::script::Module textEncoder, unet, vaeEncoder, vaeDecoder;
    std::optional<torch::jit::script::Module> controlnet;
    std::unique_ptr<ClipTokenizer> tokenizer;
    SchedulerConfig scheduler;
    double latentScale = 0.18215;
    int latentChannels = 4;
    int downscale = 8;
    int extraChannels = 0;  // InstructPix2Pix: the image's latent is concatenated (4)

    torch::Tensor encodeText(const std::vector<std::string>& prompts);  // [B, 77, D]
    torch::Tensor encodeImages(const std::vector<cv::Mat>& bgr);        // scaled latents
    std::vector<cv::Mat> decode(const torch::Tensor& latents);          // BGR images
    // One UNet evaluation; `control` (with a ControlNet) is [B, 3, H, W] in [0, 1].
    torch::Tensor denoise(const torch::Tensor& latents, int64_t t, const torch::Tensor& context,
                          const torch::Tensor& extra, const torch::Tensor& control,
                          double controlScale);
};

SdModel::SdModel(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
SdModel::~SdModel() = default;
const ModelManifest& SdModel::manifest() const {
    return impl_->manifest;
}
const SchedulerConfig& SdModel::scheduler() const {
    return impl_->scheduler;
}
bool SdModel::onCuda() const {
    return impl_->device.is_cuda();
}
bool SdModel::halfPrecision() const {
    return impl_->dtype == torch::kHalf;
}
bool SdModel::hasControlNet() const {
    return impl_->controlnet.has_value();
}

std::shared_ptr<SdModel> SdModel::load(const ModelManifest& m, const std::string& deviceName) {
    if (m.kind != "sd-img2img" && m.kind != "instruct-pix2pix" && m.kind != "video-diffusion")
        throw InputError(
            m.path + ": kind \"" + m.kind +
            "\" is not a diffusion model (sd-img2img, instruct-pix2pix, video-diffusion)");
    auto s = std::make_unique<Impl>();
    s->manifest = m;
    s->device = torchutil::pickDevice(deviceName);
    s->dtype = s->device.is_cuda() ? torch::kHalf : torch::kFloat32;
    s->scheduler = SchedulerConfig::fromJson(m.raw.value("scheduler", nlohmann::json()), m.path);
    s->latentScale = m.raw.value("latent_scale", 0.18215);
    s->latentChannels = m.raw.value("latent_channels", 4);
    s->downscale = m.raw.value("downscale", 8);
    s->extraChannels = m.raw.value("unet_extra_channels", m.kind == "instruct-pix2pix" ? 4 : 0);
    auto load = [&](const std::string& role) {
        auto mod = torchutil::loadModule(m.file(role), s->device);
        if (s->dtype == torch::kHalf) mod.to(torch::kHalf);
        return mod;
    };
    s->textEncoder = load("text_encoder");
    s->unet = load("unet");
    s->vaeEncoder = load("vae_encoder");
    s->vaeDecoder = load("vae_decoder");
    if (m.files.count("controlnet")) s->controlnet = load("controlnet");
    s->tokenizer = std::make_unique<ClipTokenizer>(m.file("vocab"), m.file("merges"));
    if (m.raw.contains("pad_token_id"))
        s->tokenizer->setPadId(m.raw["pad_token_id"].get<int64_t>());

    // Probes: small inputs through every module, checking the contract now.
    c10::InferenceMode guard;
    const int ds = s->downscale, c = s->latentChannels;
    const auto ctx = s->encodeText({""});
    expectShape(ctx, {1, 77, -1}, m.file("text_encoder"));
    cv::Mat img(2 * ds, 3 * ds, CV_8UC3, cv::Scalar(90, 120, 200));
    const auto lat = s->encodeImages({img});
    expectShape(lat, {1, c, 2, 3}, m.file("vae_encoder"));
    const auto back = run(s->vaeDecoder, {lat / s->latentScale}, m.file("vae_decoder"));
    expectShape(back, {1, 3, 2 * ds, 3 * ds}, m.file("vae_decoder"));
    // The UNet is called as in sampling: guidance halves stacked in the batch.
    const int64_t copies = m.kind == "instruct-pix2pix" ? 3 : 2;
    const auto lats = torch::cat(std::vector<torch::Tensor>(size_t(copies), lat));
    const auto ctxs = torch::cat(std::vector<torch::Tensor>(size_t(copies), ctx));
    const auto extra = s->extraChannels ? lats : torch::Tensor();
    torch::Tensor control;
    if (s->controlnet)
        control = torch::zeros({copies, 3, 2 * ds, 3 * ds},
                               torch::TensorOptions().dtype(s->dtype).device(s->device));
    const auto eps = s->denoise(lats, 500, ctxs, extra, control, 1.0);
    expectShape(eps, {copies, c, 2, 3}, m.file("unet"));
    return std::shared_ptr<SdModel>(new SdModel(std::move(s)));
}

torch::Tensor SdModel::Impl::encodeText(const std::vector<std::string>& prompts) {
    std::vector<int64_t> ids;
    for (const auto& p : prompts) {
        const auto one = tokenizer->encode(p, 77);
        ids.insert(ids.end(), one.begin(), one.end());
    }
    auto t = torch::tensor(ids, torch::kInt64).view({int64_t(prompts.size()), 77}).to(device);
    return run(textEncoder, {t}, manifest.file("text_encoder")).to(dtype);
}

torch::Tensor SdModel::Impl::encodeImages(const std::vector<cv::Mat>& bgr) {
    std::vector<torch::Tensor> batch;
    for (const auto& m : bgr)
        batch.push_back(torchutil::imageToTensor(m, kPixels, device));
    auto x = torch::cat(batch).to(dtype);
    return run(vaeEncoder, {x}, manifest.file("vae_encoder")) * latentScale;
}

std::vector<cv::Mat> SdModel::Impl::decode(const torch::Tensor& latents) {
    const auto images =
        run(vaeDecoder, {latents.to(dtype) / latentScale}, manifest.file("vae_decoder"));
    std::vector<cv::Mat> out;
    for (int64_t i = 0; i < images.size(0); ++i)
        out.push_back(torchutil::tensorToImage(images[i].clamp(-1, 1), kPixels,
                                               manifest.file("vae_decoder")));
    return out;
}

torch::Tensor SdModel::Impl::denoise(const torch::Tensor& latents, int64_t t,
                                     const torch::Tensor& context, const torch::Tensor& extra,
                                     const torch::Tensor& control, double controlScale) {
    const int64_t b = latents.size(0);
    auto in = latents.to(dtype);
    if (extra.defined()) in = torch::cat({in, extra.to(dtype)}, 1);
    const auto ts = torch::full({b}, double(t), torch::TensorOptions().dtype(dtype).device(device));
    if (controlnet && control.defined()) {
        c10::IValue res;
        try {
            res = controlnet->forward({latents.to(dtype), ts, context, control.to(dtype)});
        } catch (const c10::Error& e) {
            throw InputError(manifest.file("controlnet") + ": forward() failed: " +
                             std::string(e.what_without_backtrace()).substr(0, 240));
        }
        c10::List<torch::Tensor> residuals;
        auto add = [&](const torch::Tensor& r) { residuals.push_back(r * controlScale); };
        if (res.isTensorList())
            for (const auto& r : res.toTensorList())
                add(r);
        else if (res.isTuple())
            for (const auto& r : res.toTupleRef().elements())
                add(r.toTensor());
        else if (res.isList())
            for (const auto& r : res.toList())
                add(r.get().toTensor());
        else
            throw InputError(manifest.file("controlnet") +
                             ": must return a list of residual tensors");
        return run(unet, {in, ts, context, residuals}, manifest.file("unet"));
    }
    // A ControlNet model's UNet takes residuals: none when there is no control image.
    if (controlnet)
        return run(unet, {in, ts, context, c10::List<torch::Tensor>()}, manifest.file("unet"));
    return run(unet, {in, ts, context}, manifest.file("unet"));
}

std::vector<cv::Mat> sample(SdModel& handle, const SampleRequest& r) {
    if (r.init.empty()) return {};
    SdModel::Impl& model = *handle.impl_;
    c10::InferenceMode guard;
    torchutil::useAllCores();
    // Pad to the VAE's multiple; crop at the end.
    const cv::Size size = r.init[0].size();
    const int m = model.downscale;
    const int padW = (m - size.width % m) % m, padH = (m - size.height % m) % m;
    auto pad = [&](const cv::Mat& img) {
        cv::Mat out = img;
        if (padW || padH) cv::copyMakeBorder(img, out, 0, padH, 0, padW, cv::BORDER_REFLECT);
        return out;
    };
    std::vector<cv::Mat> init, control, targets;
    for (const auto& i : r.init)
        init.push_back(pad(i));
    const int64_t b = int64_t(init.size());
    auto scheduler = makeScheduler(model.scheduler);
    scheduler->setTimesteps(r.steps, r.instructPix2Pix ? 1.0 : r.strength);
    const auto& ts = scheduler->timesteps();

    const auto imageLatents = model.encodeImages(init).to(torch::kFloat32);
    // Seeded on the CPU, so a seed gives the same result on every device.
    auto gen = at::detail::createCPUGenerator(r.seed);
    auto noiseLike = [&](const torch::Tensor& like) {
        return torch::randn(like.sizes(), gen, torch::TensorOptions().dtype(torch::kFloat32))
            .to(model.device);
    };
    torch::Tensor latents = r.instructPix2Pix
                                ? noiseLike(imageLatents)
                                : scheduler->addNoise(imageLatents, noiseLike(imageLatents), ts[0]);
    // Conditioning: [uncond, cond] (InstructPix2Pix: [uncond, image only, image + text]).
    const auto cond = model.encodeText({r.prompt}).expand({b, -1, -1});
    const auto uncond = model.encodeText({r.negative}).expand({b, -1, -1});
    torch::Tensor context, extra, controlT;
    if (r.instructPix2Pix) {
        context = torch::cat({uncond, uncond, cond});
        extra = torch::cat({torch::zeros_like(imageLatents), imageLatents, imageLatents});
    } else {
        context = torch::cat({uncond, cond});
    }
    if (model.controlnet && !r.control.empty()) {
        std::vector<torch::Tensor> c;
        for (const auto& img : r.control)
            c.push_back(torchutil::imageToTensor(
                pad(img), ImageTensorSpec{"rgb", 0, 1, {0, 0, 0}, {1, 1, 1}, 1, 0}, model.device));
        controlT = torch::cat(c);
        controlT = torch::cat(std::vector<torch::Tensor>(r.instructPix2Pix ? 3 : 2, controlT));
    }
    torch::Tensor blendLatents, blendMask;
    if (!r.blendTargets.empty() && r.blendFraction > 0) {
        for (const auto& t : r.blendTargets)
            targets.push_back(pad(t));
        blendLatents = model.encodeImages(targets).to(torch::kFloat32);
        std::vector<torch::Tensor> masks;
        const cv::Size ls(init[0].cols / m, init[0].rows / m);
        for (const auto& mk : r.blendMasks) {
            cv::Mat small;
            cv::resize(pad(mk), small, ls, 0, 0, cv::INTER_AREA);
            masks.push_back(
                torch::from_blob(small.data, {1, 1, ls.height, ls.width}, torch::kFloat32).clone());
        }
        blendMask = torch::cat(masks).to(model.device);
    }
    const int copies = r.instructPix2Pix ? 3 : 2;
    for (size_t i = 0; i < ts.size(); ++i) {
        throwIfStopped(r.stop);
        const auto in = torch::cat(std::vector<torch::Tensor>(size_t(copies), latents));
        const auto out =
            model.denoise(in, ts[i], context, extra, controlT, r.controlScale).to(torch::kFloat32);
        const auto parts = out.chunk(copies);
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
    auto images = model.decode(latents);
    for (auto& img : images)
        img = img(cv::Rect(0, 0, size.width, size.height)).clone();
    return images;
}

}  // namespace restyle::diffusion
