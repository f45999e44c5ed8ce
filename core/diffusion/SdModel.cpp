#include <torch/torch.h>

#include "diffusion/SdModel.h"

#include <filesystem>

#include "common/Error.h"
#include "diffusion/CheckpointLayout.h"
#include "diffusion/detail/SdModelImpl.h"
#include "models/ModelManifest.h"
#include "models/detail/Torch.h"

namespace restyle::diffusion {

namespace fs = std::filesystem;

namespace {

const ImageTensorSpec kPixels{"rgb", -1.0, 1.0, {0, 0, 0}, {1, 1, 1}, 8, 0};

struct Source {
    std::string name, checkpoint, controlnet, vocab, merges;
    SchedulerConfig scheduler;
};

bool isCheckpointFile(const fs::path& p) {
    const std::string e = p.extension().string();
    return fs::is_regular_file(p) &&
           (e == ".safetensors" || e == ".ckpt" || e == ".pth" || e == ".pt" || e == ".bin");
}

// A checkpoint file, a manifest naming one, or either by name on the model path.
Source resolve(const std::string& model) {
    Source s;
    if (isCheckpointFile(model)) {
        s.checkpoint = model;
        s.name = fs::path(model).stem().string();
        return s;
    }
    if (!fs::exists(model))
        for (const auto& dir : modelSearchPath())
            for (const std::string ext : {"", ".safetensors", ".ckpt"})
                if (isCheckpointFile(fs::path(dir) / (model + ext)))
                    return resolve((fs::path(dir) / (model + ext)).string());
    const ModelManifest m = resolveModel(model);
    if (m.kind != "sd-img2img" && m.kind != "instruct-pix2pix")
        throw InputError(m.path + ": kind \"" + m.kind +
                         "\" is not a diffusion model (sd-img2img, instruct-pix2pix)");
    s.name = m.name;
    s.checkpoint = m.file("checkpoint");
    if (m.files.count("controlnet")) s.controlnet = m.file("controlnet");
    if (m.files.count("vocab") && m.files.count("merges")) {
        s.vocab = m.file("vocab");
        s.merges = m.file("merges");
    }
    s.scheduler = SchedulerConfig::fromJson(m.raw.value("scheduler", nlohmann::json()), m.path);
    return s;
}

void findVocabulary(Source& s) {
    if (!s.vocab.empty()) return;
    std::vector<fs::path> dirs;
    const fs::path beside = fs::path(s.checkpoint).parent_path();
    for (const fs::path& d : {beside, beside / "tokenizer"})
        dirs.push_back(d);
    for (const auto& d : modelSearchPath()) {
        dirs.push_back(d);
        dirs.push_back(fs::path(d) / "tokenizer");
    }
    for (const auto& d : dirs)
        if (fs::is_regular_file(d / "vocab.json") && fs::is_regular_file(d / "merges.txt")) {
            s.vocab = (d / "vocab.json").string();
            s.merges = (d / "merges.txt").string();
            return;
        }
}

CheckpointLayout checked(const Checkpoint& c) {
    CheckpointLayout layout = inspectCheckpoint(c);
    if (!layout.ok()) throw InputError(layout.firstProblem());
    return layout;
}

}  // namespace

SdModel::SdModel(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
SdModel::~SdModel() = default;
const std::string& SdModel::name() const {
    return impl_->name;
}
const std::string& SdModel::kind() const {
    return impl_->kind;
}
const SchedulerConfig& SdModel::scheduler() const {
    return impl_->scheduler;
}
bool SdModel::onCuda() const {
    return impl_->device == torch::kCUDA;
}
bool SdModel::halfPrecision() const {
    return impl_->dtype == torch::kHalf;
}
bool SdModel::hasControlNet() const {
    return bool(impl_->controlnet);
}
int SdModel::downscale() const {
    return impl_->config.vae.downscale();
}
int64_t SdModel::parameters() const {
    return impl_->parameters;
}

std::shared_ptr<SdModel> SdModel::load(const std::string& model, const std::string& controlnet,
                                       const std::string& deviceName) {
    Source src = resolve(model);
    if (!controlnet.empty()) src.controlnet = controlnet;
    findVocabulary(src);
    auto s = std::make_unique<Impl>();
    s->name = src.name;
    s->path = src.checkpoint;
    s->scheduler = src.scheduler;
    s->vocab = src.vocab;
    s->merges = src.merges;
    const Checkpoint ckpt(src.checkpoint);
    const CheckpointLayout layout = checked(ckpt);
    if (layout.kind == "controlnet")
        throw InputError(src.checkpoint +
                         ": a ControlNet checkpoint; give it with --controlnet and an SD 1.x "
                         "checkpoint with --model");
    s->kind = layout.kind;
    s->config = layout.config;
    s->parameters = layout.parameters;
    s->device = torchutil::pickDevice(deviceName).type();
    s->dtype = s->device == torch::kCUDA ? torch::kHalf : torch::kFloat32;
    torchutil::useThreads(0);
    torch::NoGradGuard guard;
    const auto opts = torch::TensorOptions().device(s->device).dtype(s->dtype);
    const auto fetch = [&](const std::string& n) { return ckpt.tensor(n); };
    s->unetNet = nn::makeUNet(s->config.unet);
    nn::loadParameters(nn::module(*s->unetNet), kUNetPrefix, fetch, opts);
    s->vae = nn::makeVae(s->config.vae);
    nn::loadParameters(nn::module(*s->vae), kVaePrefix, fetch, opts);
    s->text = nn::makeClipText(s->config.text);
    nn::loadParameters(nn::module(*s->text), kTextPrefix, fetch, opts);
    s->unet = [net = s->unetNet](const torch::Tensor& x, const torch::Tensor& t,
                                 const torch::Tensor& ctx, const std::vector<torch::Tensor>& c,
                                 int64_t frames) {
        return nn::forward(*net, x, t, ctx, c, frames);
    };
    if (!src.controlnet.empty()) {
        const Checkpoint cn(src.controlnet);
        const CheckpointLayout cl = checked(cn);
        if (cl.kind != "controlnet")
            throw InputError(src.controlnet + ": not a ControlNet checkpoint (it is " + cl.kind +
                             ")");
        if (cl.config.unet.modelChannels != s->config.unet.modelChannels ||
            cl.config.unet.contextDim != s->config.unet.contextDim)
            throw InputError(src.controlnet + ": a ControlNet for another base model (widths " +
                             std::to_string(cl.config.unet.modelChannels) + "/" +
                             std::to_string(cl.config.unet.contextDim) + ", the model has " +
                             std::to_string(s->config.unet.modelChannels) + "/" +
                             std::to_string(s->config.unet.contextDim) + ")");
        s->controlNet = nn::makeControlNet(cl.config.unet);
        nn::loadParameters(
            nn::module(*s->controlNet), cl.controlPrefix,
            [&](const std::string& n) { return cn.tensor(n); }, opts);
        s->parameters += cl.parameters;
        s->controlnet = [net = s->controlNet](const torch::Tensor& x, const torch::Tensor& h,
                                              const torch::Tensor& t, const torch::Tensor& ctx,
                                              int64_t frames) {
            return nn::forward(*net, x, h, t, ctx, frames);
        };
    }
    return std::make_shared<SdModel>(std::move(s));
}

torch::Tensor SdModel::Impl::encodeText(const std::string& prompt) {
    std::vector<int64_t> ids;
    if (prompt.empty() && !tokenizer) {  // no vocabulary needed: start, end, padding
        ids.assign(size_t(config.text.positions), 49407);
        ids[0] = 49406;
    } else {
        if (!tokenizer) {
            if (vocab.empty())
                throw InputError(path +
                                 ": no CLIP vocabulary for the prompt; put vocab.json and "
                                 "merges.txt (from the SD 1.5 tokenizer) beside the checkpoint, "
                                 "in a tokenizer/ folder there, or on the model path");
            tokenizer = std::make_unique<ClipTokenizer>(vocab, merges);
        }
        ids = tokenizer->encode(prompt, size_t(config.text.positions));
    }
    for (auto& id : ids)
        if (id >= config.text.vocab) id = config.text.vocab - 1;  // narrow test vocabularies
    const auto t = torch::tensor(ids, torch::kInt64).view({1, -1}).to(device);
    return nn::forward(*text, t);
}

torch::Tensor SdModel::Impl::encodeImages(const std::vector<cv::Mat>& bgr) {
    std::vector<torch::Tensor> out;
    for (const auto& m : bgr)  // one at a time: memory stays that of one image
        out.push_back(nn::encode(*vae, torchutil::imageToTensor(m, kPixels, device).to(dtype))
                          .to(torch::kFloat32));
    return torch::cat(out);
}

std::vector<cv::Mat> SdModel::Impl::decode(const torch::Tensor& latents) {
    std::vector<cv::Mat> out;
    for (int64_t i = 0; i < latents.size(0); ++i) {
        const auto image = nn::decode(*vae, (latents.narrow(0, i, 1) / config.vae.scale).to(dtype));
        out.push_back(
            torchutil::tensorToImage(image.to(torch::kFloat32).clamp(-1, 1), kPixels, path));
    }
    return out;
}

}  // namespace restyle::diffusion
