#include <torch/torch.h>

#include "diffusion/CheckpointLayout.h"

#include <map>
#include <set>

#include "common/Error.h"
#include "diffusion/detail/Networks.h"

namespace restyle::diffusion {

namespace {

bool startsWith(const std::string& s, const std::string& prefix) {
    return s.compare(0, prefix.size(), prefix) == 0;
}

void append(std::vector<CheckpointTensor>& out, torch::nn::Module& m, const std::string& prefix) {
    for (const auto& p : m.named_parameters())
        out.push_back({prefix + p.key(), "F32", p.value().sizes().vec()});
}

// Tensors that single-file checkpoints carry besides the networks' weights.
bool ignorable(const std::string& name, const std::string& kind) {
    static const std::set<std::string> kBuffers = {"betas",
                                                   "alphas_cumprod",
                                                   "alphas_cumprod_prev",
                                                   "sqrt_alphas_cumprod",
                                                   "sqrt_one_minus_alphas_cumprod",
                                                   "log_one_minus_alphas_cumprod",
                                                   "sqrt_recip_alphas_cumprod",
                                                   "sqrt_recipm1_alphas_cumprod",
                                                   "posterior_variance",
                                                   "posterior_log_variance_clipped",
                                                   "posterior_mean_coef1",
                                                   "posterior_mean_coef2",
                                                   "logvar",
                                                   "model_ema.decay",
                                                   "model_ema.num_updates"};
    if (kBuffers.count(name) || startsWith(name, "model_ema.")) return true;
    if (name == kTextPrefix + "embeddings.position_ids") return true;
    // A ControlNet 1.0 file may hold a whole SD model beside control_model.*.
    return kind == "controlnet" && (startsWith(name, "model.") || startsWith(name, "first_stage") ||
                                    startsWith(name, "cond_stage"));
}

std::string detectKind(const Checkpoint& c, std::string& controlPrefix) {
    const std::string& p = c.path();
    if (c.find(kControlPrefix + "zero_convs.0.0.weight")) {
        controlPrefix = kControlPrefix;
        return "controlnet";
    }
    if (c.find("zero_convs.0.0.weight")) {
        controlPrefix = "";
        return "controlnet";
    }
    if (const auto* t = c.find(kUNetPrefix + "input_blocks.0.0.weight")) {
        if (t->shape.size() == 4 && t->shape[1] == 4) return "sd15";
        if (t->shape.size() == 4 && t->shape[1] == 8) return "instruct-pix2pix";
        if (t->shape.size() == 4 && t->shape[1] == 9)
            throw InputError(p +
                             ": an inpainting model (9 input channels), which Restyle does "
                             "not run; use an SD 1.x, InstructPix2Pix or ControlNet checkpoint");
    }
    for (const auto& t : c.tensors()) {
        if (startsWith(t.name, "conditioner.embedders."))
            throw InputError(p + ": an SDXL checkpoint; Restyle runs SD 1.x models");
        if (startsWith(t.name, "cond_stage_model.model."))
            throw InputError(p + ": an SD 2.x checkpoint (OpenCLIP); Restyle runs SD 1.x models");
        if (startsWith(t.name, "down_blocks.") || startsWith(t.name, "controlnet_cond_embedding."))
            throw InputError(p +
                             ": diffusers' layout; use the single-file (original layout) "
                             "checkpoint");
    }
    throw InputError(p + ": holds no Stable Diffusion 1.x or ControlNet tensors (tensor \"" +
                     kUNetPrefix + "input_blocks.0.0.weight\" is missing)");
}

// Widths from key tensors; defaults (SD 1.5) where a tensor is absent (reported as missing).
SdConfig readConfig(const Checkpoint& c, const std::string& kind, const std::string& control) {
    SdConfig cfg = SdConfig::sd15();
    auto dim = [&](const std::string& name, size_t i, int fallback) {
        const auto* t = c.find(name);
        return t && t->shape.size() > i ? int(t->shape[i]) : fallback;
    };
    const std::string u = kind == "controlnet" ? control : kUNetPrefix;
    cfg.unet.modelChannels = dim(u + "input_blocks.0.0.weight", 0, cfg.unet.modelChannels);
    cfg.unet.inChannels = dim(u + "input_blocks.0.0.weight", 1, cfg.unet.inChannels);
    cfg.unet.contextDim =
        dim(u + "input_blocks.1.1.transformer_blocks.0.attn2.to_k.weight", 1, cfg.unet.contextDim);
    cfg.unet.outChannels = dim(u + "out.2.weight", 0, cfg.unet.outChannels);
    cfg.unet.hintChannels = dim(u + "input_hint_block.0.weight", 1, cfg.unet.hintChannels);
    cfg.vae.channels = dim(kVaePrefix + "encoder.conv_in.weight", 0, cfg.vae.channels);
    cfg.vae.latentChannels = dim(kVaePrefix + "post_quant_conv.weight", 0, cfg.vae.latentChannels);
    const std::string emb = kTextPrefix + "embeddings.";
    cfg.text.vocab = dim(emb + "token_embedding.weight", 0, cfg.text.vocab);
    cfg.text.width = dim(emb + "token_embedding.weight", 1, cfg.text.width);
    cfg.text.positions = dim(emb + "position_embedding.weight", 0, cfg.text.positions);
    cfg.text.heads = std::max(1, cfg.text.width / 64);
    int layers = 0;
    while (c.find(kTextPrefix + "encoder.layers." + std::to_string(layers) + ".layer_norm1.weight"))
        ++layers;
    if (layers > 0) cfg.text.layers = layers;
    return cfg;
}

}  // namespace

std::vector<CheckpointTensor> expectedTensors(const std::string& kind, const SdConfig& cfg,
                                              const std::string& controlPrefix) {
    std::vector<CheckpointTensor> out;
    if (kind == "controlnet") {
        append(out, nn::module(*nn::makeControlNet(cfg.unet)), controlPrefix);
        return out;
    }
    append(out, nn::module(*nn::makeUNet(cfg.unet)), kUNetPrefix);
    append(out, nn::module(*nn::makeVae(cfg.vae)), kVaePrefix);
    append(out, nn::module(*nn::makeClipText(cfg.text)), kTextPrefix);
    return out;
}

CheckpointLayout inspectCheckpoint(const Checkpoint& c) {
    CheckpointLayout r;
    r.path = c.path();
    r.kind = detectKind(c, r.controlPrefix);
    r.config = readConfig(c, r.kind, r.controlPrefix);
    std::set<std::string> expectedNames;
    std::map<std::string, int64_t> dtypes;
    for (const auto& e : expectedTensors(r.kind, r.config, r.controlPrefix)) {
        expectedNames.insert(e.name);
        int64_t n = 1;
        for (int64_t d : e.shape)
            n *= d;
        r.parameters += n;
        const auto* t = c.find(e.name);
        if (!t) {
            r.missing.push_back(e.name);
            continue;
        }
        dtypes[t->dtype] += n;
        // 1x1 convs stored as [C, C] (some converted VAEs) are the same weights.
        const bool squeezed = e.shape.size() == 4 && e.shape[2] == 1 && e.shape[3] == 1 &&
                              t->shape == std::vector<int64_t>{e.shape[0], e.shape[1]};
        if (t->shape != e.shape && !squeezed)
            r.misshapen.push_back(e.name + ": got " + shapeText(t->shape) + ", expected " +
                                  shapeText(e.shape));
    }
    for (const auto& t : c.tensors()) {
        if (expectedNames.count(t.name)) continue;
        if (ignorable(t.name, r.kind))
            ++r.ignored;
        else
            r.unexpected.push_back(t.name);
    }
    int64_t best = -1;
    for (const auto& [d, n] : dtypes)
        if (n > best) best = n, r.dtype = d;
    return r;
}

std::string CheckpointLayout::firstProblem() const {
    if (!missing.empty()) return path + ": tensor \"" + missing[0] + "\" is missing";
    if (!misshapen.empty()) {
        const auto colon = misshapen[0].find(':');
        return path + ": tensor \"" + misshapen[0].substr(0, colon) + "\" is misshapen (" +
               misshapen[0].substr(colon + 2) + ")";
    }
    if (!unexpected.empty())
        return path + ": tensor \"" + unexpected[0] + "\" is unexpected for a " + kind +
               " checkpoint";
    return {};
}

nlohmann::json CheckpointLayout::toJson() const {
    return {{"path", path},           {"kind", kind},       {"parameters", parameters},
            {"dtype", dtype},         {"missing", missing}, {"unexpected", unexpected},
            {"misshapen", misshapen}, {"ignored", ignored}, {"ok", ok()}};
}

}  // namespace restyle::diffusion
