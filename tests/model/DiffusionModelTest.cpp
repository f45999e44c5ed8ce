// The native SD 1.x path with tiny widths of the same networks: checkpoints with random
// weights written by the test (or, for the build-time models, by models/tiny/tiny_diffusion.py,
// which enumerates the layout independently), loaded and run end to end; a recording UNet for
// batching, the anchor, guidance halves and control residuals; refusals by tensor name.
#include <torch/torch.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <future>
#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>

#include "common/Error.h"
#include "diffusion/CheckpointLayout.h"
#include "diffusion/DiffusionEditor.h"
#include "diffusion/detail/Scheduler.h"
#include "diffusion/detail/SdModelImpl.h"
#include "edit/EditorRegistry.h"
#include "media/SampleClip.h"
#include "media/VideoReader.h"
#include "models/SafeTensors.h"
#include "propagate/Pipeline.h"
#include "support/TestSupport.h"

using namespace restyle;
using namespace restyle::test;
using namespace restyle::diffusion;

namespace {

const std::string kTiny = RESTYLE_TINY_MODELS;
const std::string kCli = RESTYLE_CLI;

// Random weights for the expected tensors of `kind` at tiny widths, written as .safetensors
// in `dtype`; `edit` may change the list first (drop, reshape, add a tensor).
std::string writeTiny(const std::string& path, const std::string& kind, const std::string& dtype,
                      const std::function<void(std::vector<CheckpointTensor>&)>& edit = {},
                      int inChannels = 4) {
    SdConfig c = SdConfig::tiny();
    c.unet.inChannels = inChannels;
    c.text.vocab = 128;
    auto list = expectedTensors(kind, c);
    if (edit) edit(list);
    torch::manual_seed(7);
    std::vector<torch::Tensor> keep;
    std::vector<SafeTensor> out;
    for (const auto& t : list) {
        int64_t fanIn = 1;
        for (size_t i = 1; i < t.shape.size(); ++i)
            fanIn *= t.shape[i];
        const bool bias = t.name.size() > 4 && t.name.substr(t.name.size() - 4) == "bias";
        torch::Tensor v =
            t.shape.size() == 1
                ? (bias ? torch::zeros(t.shape) : torch::ones(t.shape)) +
                      0.01 * torch::randn(t.shape)
                : torch::randn(t.shape) / std::sqrt(double(std::max<int64_t>(1, fanIn)));
        v = v.to(dtype == "F16"    ? torch::kHalf
                 : dtype == "BF16" ? torch::kBFloat16
                                   : torch::kFloat)
                .contiguous();
        keep.push_back(v);
        out.push_back({t.name, dtype, t.shape, static_cast<const unsigned char*>(v.data_ptr()),
                       uint64_t(v.numel() * v.element_size())});
    }
    writeSafeTensors(path, out);
    return path;
}

TEST(NativeCheckpoint, TestWrittenTinyCheckpointsLoadAndEditAFrameReproducibly) {
    TempDir tmp;
    const auto sd = writeTiny(tmp.path("sd.safetensors"), "sd15", "F16");
    const auto cn = writeTiny(tmp.path("cn.safetensors"), "controlnet", "F32");
    auto model = SdModel::load(sd, cn, "cpu");
    EXPECT_EQ(model->kind(), "sd15");
    EXPECT_TRUE(model->hasControlNet());
    EXPECT_FALSE(model->halfPrecision());
    const cv::Mat f = sceneFrame(100, 60);  // not multiples of 8
    SampleRequest r;
    r.init = {f};
    r.control = {cannyControl(f)};
    r.steps = 3;
    r.strength = 0.8;
    r.seed = 5;
    const auto a = sample(*model, r), b = sample(*model, r);
    r.seed = 6;
    const auto c = sample(*model, r);
    ASSERT_EQ(a.size(), 1u);
    EXPECT_EQ(a[0].size(), f.size());
    EXPECT_EQ(cv::norm(a[0], b[0], cv::NORM_INF), 0.0) << "same seed, same image";
    EXPECT_GT(cv::norm(a[0], c[0], cv::NORM_L1), 0.0) << "another seed, another image";
}

TEST(NativeCheckpoint, ImagesEncodedAheadOnAnotherThreadSampleAsWhenEncodedWithTheRequest) {
    TempDir tmp;
    auto model = SdModel::load(writeTiny(tmp.path("sd.safetensors"), "sd15", "F32"), "", "cpu");
    SampleRequest r;
    r.init = {sceneFrame(100, 60, 1), sceneFrame(100, 60, 2)};  // padded to multiples of 8
    r.blendTargets = {sceneFrame(100, 60, 3), sceneFrame(100, 60, 4)};
    r.blendMasks = {cv::Mat(60, 100, CV_32F, cv::Scalar(1.0)), cv::Mat(60, 100, CV_32F, 0.5)};
    r.blendFraction = 0.5;
    r.steps = 4;
    r.seed = 3;
    const auto plain = sample(*model, r);
    auto ahead = std::async(std::launch::async, [&] {
        return std::pair{encodeAhead(*model, r.init[1]), encodeAhead(*model, r.blendTargets[0])};
    }).get();
    r.initEncoded = {nullptr, ahead.first};  // the first encoded with the request
    r.blendEncoded = {ahead.second};
    const auto withAhead = sample(*model, r);
    ASSERT_EQ(withAhead.size(), 2u);
    for (size_t i = 0; i < 2; ++i)
        EXPECT_EQ(cv::norm(plain[i], withAhead[i], cv::NORM_INF), 0.0) << "image " << i;
    r.initEncoded = {nullptr, encodeAhead(*model, r.init[0])};  // not the second's latents
    EXPECT_GT(cv::norm(plain[1], sample(*model, r)[1], cv::NORM_L1), 0.0)
        << "the latents given ahead are the ones used";
}

struct Call {
    std::vector<int64_t> x;
    torch::Tensor input, context;
    std::vector<torch::Tensor> control;
    int64_t frames;
};

TEST(NativeCheckpoint, RecordingUNetSeesTheAnchorFirstInEveryGuidanceHalfWithResiduals) {
    TempDir tmp;
    // The CLIP vocabulary beside the checkpoint is found there.
    for (const std::string f : {"vocab.json", "merges.txt"})
        std::filesystem::copy_file(kTiny + "/tiny-sd/" + f, tmp.path(f));
    auto model = SdModel::load(writeTiny(tmp.path("sd.safetensors"), "sd15", "F32"),
                               writeTiny(tmp.path("cn.safetensors"), "controlnet", "F32"), "cpu");
    auto& impl = model->impl();
    std::vector<Call> calls;
    impl.controlnet = [](const torch::Tensor& x, const torch::Tensor& hint, const torch::Tensor&,
                         const torch::Tensor&, int64_t) {
        EXPECT_EQ(hint.size(0), x.size(0));
        return std::vector<torch::Tensor>(13, torch::ones({1}));
    };
    impl.unet = [&](const torch::Tensor& x, const torch::Tensor&, const torch::Tensor& ctx,
                    const std::vector<torch::Tensor>& control, int64_t frames) {
        calls.push_back({x.sizes().vec(), x.clone(), ctx.clone(), control, frames});
        return torch::zeros_like(x);
    };
    SampleRequest r;
    for (int i = 0; i < 3; ++i)
        r.init.push_back(sceneFrame(64, 48, 3 + i));
    r.control = {r.init[0], r.init[1], r.init[2]};
    r.anchor = sceneFrame(64, 48, 9);
    r.crossFrame = true;
    r.prompt = "a";
    r.negative = "";
    r.steps = 4;
    r.strength = 1.0;
    r.controlScale = 0.25;
    sample(*model, r);
    ASSERT_EQ(calls.size(), 4u);
    const auto anchor = impl.encodeImages({r.anchor}) * impl.config.vae.scale;
    auto scheduler = makeScheduler(impl.scheduler);
    scheduler->setTimesteps(4, 1.0);
    const auto cond = impl.encodeText("a"), uncond = impl.encodeText("");
    torch::Tensor firstNoise;
    for (size_t i = 0; i < calls.size(); ++i) {
        const Call& c = calls[i];
        EXPECT_EQ(c.x, (std::vector<int64_t>{8, 4, 6, 8})) << "2 halves x (anchor + 3 frames)";
        EXPECT_EQ(c.frames, 4) << "cross-frame clips of anchor + 3 frames";
        ASSERT_EQ(c.control.size(), 13u);
        EXPECT_FLOAT_EQ(c.control[0].item<float>(), 0.25f) << "residuals scaled";
        // Halves: [uncond x 4, cond x 4]; the anchor first in each, the same in both.
        EXPECT_TRUE(torch::allclose(c.context[0], uncond[0]));
        EXPECT_TRUE(torch::allclose(c.context[4], cond[0]));
        EXPECT_FALSE(torch::allclose(c.context[3], c.context[4]));
        EXPECT_TRUE(torch::equal(c.input[0], c.input[4]));
        // The anchor is its own latent re-noised to this step with one fixed noise.
        const double a = scheduler->alphaBar(scheduler->timesteps()[i]);
        const auto noise = (c.input[0] - anchor[0] * std::sqrt(a)) / std::sqrt(1 - a);
        if (i == 0) firstNoise = noise;
        EXPECT_LT((noise - firstNoise).abs().max().item<double>(), 1e-3) << "step " << i;
    }
}

TEST(NativeCheckpoint, InstructPix2PixConditionsOnUnscaledImageLatents) {
    TempDir tmp;
    auto model =
        SdModel::load(writeTiny(tmp.path("ip2p.safetensors"), "sd15", "BF16", {}, 8), "", "cpu");
    EXPECT_EQ(model->kind(), "instruct-pix2pix");
    auto& impl = model->impl();
    torch::Tensor seen;
    impl.unet = [&](const torch::Tensor& x, const torch::Tensor&, const torch::Tensor&,
                    const std::vector<torch::Tensor>&, int64_t) {
        seen = x.clone();
        return torch::zeros({x.size(0), 4, x.size(2), x.size(3)});
    };
    SampleRequest r;
    r.init = {sceneFrame(48, 40)};
    r.instructPix2Pix = true;
    r.steps = 2;
    sample(*model, r);
    ASSERT_EQ(seen.size(0), 3);
    ASSERT_EQ(seen.size(1), 8);
    const auto image = impl.encodeImages(r.init);  // the VAE's mean, not x 0.18215
    EXPECT_EQ(seen[0].narrow(0, 4, 4).abs().max().item<double>(), 0.0) << "uncond: no image";
    EXPECT_LT((seen[1].narrow(0, 4, 4) - image[0]).abs().max().item<double>(), 1e-5);
    EXPECT_LT((seen[2].narrow(0, 4, 4) - image[0]).abs().max().item<double>(), 1e-5);
}

TEST(NativeCheckpoint, OutOfMemoryIsAnErrorNamingTheBatchNotBadInput) {
    TempDir tmp;
    auto model = SdModel::load(writeTiny(tmp.path("sd.safetensors"), "sd15", "F32"), "", "cpu");
    model->impl().unet = [](const torch::Tensor&, const torch::Tensor&, const torch::Tensor&,
                            const std::vector<torch::Tensor>&, int64_t) -> torch::Tensor {
        TORCH_CHECK(false, "CUDA out of memory. Tried to allocate 22.00 GiB");
        return {};
    };
    SampleRequest r;
    r.init = {sceneFrame(64, 48), sceneFrame(64, 48)};
    try {
        sample(*model, r);
        FAIL();
    } catch (const InputError& e) {
        FAIL() << "out of memory is not bad input: " << e.what();
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("batch of 2 frames"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("--batch"), std::string::npos) << e.what();
    }
}

void expectRefused(const std::string& path, const std::string& needle) {
    try {
        SdModel::load(path, "", "cpu");
        FAIL() << path;
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
    }
}

TEST(NativeCheckpoint, RefusesMissingMisshapenAndUnexpectedTensorsByName) {
    TempDir tmp;
    const std::string gone = kUNetPrefix + "output_blocks.4.1.proj_out.weight";
    expectRefused(writeTiny(tmp.path("a.safetensors"), "sd15", "F16",
                            [&](auto& l) {
                                l.erase(std::find_if(l.begin(), l.end(),
                                                     [&](auto& t) { return t.name == gone; }));
                            }),
                  "\"" + gone + "\" is missing");
    const std::string bent = kVaePrefix + "decoder.conv_in.weight";
    expectRefused(writeTiny(tmp.path("b.safetensors"), "sd15", "F16",
                            [&](auto& l) {
                                for (auto& t : l)
                                    if (t.name == bent) t.shape[1] = 5;
                            }),
                  "\"" + bent + "\" is misshapen");
    expectRefused(writeTiny(tmp.path("c.safetensors"), "sd15", "F16",
                            [&](auto& l) {
                                l.push_back({"model.extra.weight", "F16", {2}});
                            }),
                  "\"model.extra.weight\" is unexpected");
    // EMA copies and schedule buffers are no weights: ignored, not refused.
    const auto ok = writeTiny(tmp.path("d.safetensors"), "sd15", "F16", [&](auto& l) {
        l.push_back({"model_ema.decay", "F16", {1}});
        l.push_back({"alphas_cumprod", "F16", {1000}});
    });
    const auto layout = inspectCheckpoint(Checkpoint(ok));
    EXPECT_TRUE(layout.ok()) << layout.firstProblem();
    EXPECT_EQ(layout.ignored, 2);
    expectRefused(writeTiny(tmp.path("e.safetensors"), "controlnet", "F16"), "--controlnet");
    std::ofstream(tmp.path("f.safetensors")) << "not a checkpoint at all";
    expectRefused(tmp.path("f.safetensors"), "f.safetensors");
}

TEST(ModelsCheck, PrintsTheLayoutAndExitsTwoNamingAMisshapenTensor) {
    TempDir tmp;
    std::string out;
    ASSERT_EQ(runCommand(kCli + " models check " + kTiny + "/tiny-sd/controlnet.safetensors", &out),
              0)
        << out;
    const auto j = nlohmann::json::parse(out);
    EXPECT_EQ(j["kind"], "controlnet");
    EXPECT_EQ(j["missing"].size(), 0u);
    EXPECT_EQ(j["dtype"], "F32");
    const std::string bent = kTextPrefix + "final_layer_norm.weight";
    writeTiny(tmp.path("bad.safetensors"), "sd15", "F16", [&](auto& l) {
        for (auto& t : l)
            if (t.name == bent) t.shape = {3};
    });
    EXPECT_EQ(runCommand(kCli + " models check " + tmp.path("bad.safetensors") + " 2>&1", &out), 2);
    EXPECT_NE(out.find(bent), std::string::npos) << out;
}

TEST(DiffusionEditors, AppearInTheRegistryAndAreSeeded) {
    setenv("RESTYLE_MODEL_PATH", kTiny.c_str(), 1);
    bool sd = false, ip2p = false;
    for (const auto& e : listEditors()) {
        sd |= e.name == "tiny-sd";
        ip2p |= e.name == "tiny-ip2p";
    }
    EXPECT_TRUE(sd);
    EXPECT_TRUE(ip2p);
    const cv::Mat f = sceneFrame(100, 60);
    for (const std::string name : {"tiny-sd", "tiny-ip2p", "tiny-sd-vpred"}) {
        auto e = createEditor(name);
        const cv::Mat a = applyEditor(*e, f, {{"steps", 2}, {"seed", 5}});
        const cv::Mat b = applyEditor(*e, f, {{"steps", 2}, {"seed", 5}});
        const cv::Mat c = applyEditor(*e, f, {{"steps", 2}, {"seed", 6}});
        EXPECT_EQ(a.size(), f.size()) << name;
        EXPECT_EQ(cv::norm(a, b, cv::NORM_INF), 0.0) << name << ": same seed, same image";
        EXPECT_GT(cv::norm(a, c, cv::NORM_L1), 0.0) << name << ": another seed, another image";
    }
    unsetenv("RESTYLE_MODEL_PATH");
}

}  // namespace
