// Noise schedules and samplers against closed-form values, and every sampler driven by an
// oracle UNet (one that returns the prediction leading to a fixed target) reaching the target.
#include <torch/script.h>

#include <gtest/gtest.h>

#include <cmath>

#include "common/Error.h"
#include "diffusion/detail/Scheduler.h"

using namespace restyle;
using namespace restyle::diffusion;

namespace {

TEST(NoiseSchedule, ScaledLinearMatchesTheClosedForm) {
    SchedulerConfig c;  // SD 1.5: sqrt-linear betas 0.00085 .. 0.012 over 1000 steps
    const auto ac = alphasCumprod(c);
    double prod = 1.0;
    for (int i = 0; i < 1000; ++i) {
        const double sb = std::sqrt(0.00085) + (std::sqrt(0.012) - std::sqrt(0.00085)) * i / 999.0;
        prod *= 1.0 - sb * sb;
        if (i == 0 || i == 499 || i == 999) {
            EXPECT_NEAR(ac[i].item<double>(), prod, 1e-12) << i;
        }
    }
    EXPECT_NEAR(ac[0].item<double>(), 1 - 0.00085, 1e-12);
    c.betaSchedule = "linear";
    c.betaStart = 0.0001;
    c.betaEnd = 0.02;
    const auto lin = alphasCumprod(c);
    EXPECT_NEAR(lin[1].item<double>(), (1 - 0.0001) * (1 - (0.0001 + 0.0199 / 999)), 1e-12);
}

TEST(NoiseSchedule, ZeroTerminalSnrRescaling) {
    SchedulerConfig c;
    const auto before = alphasCumprod(c);
    c.zeroTerminalSnr = true;
    const auto after = alphasCumprod(c);
    EXPECT_NEAR(after[999].item<double>(), 0.0, 1e-15);                     // zero SNR at the end
    EXPECT_NEAR(after[0].item<double>(), before[0].item<double>(), 1e-12);  // start kept
    // sqrt is an affine map of the old sqrt: (s - s_T) * s_0 / (s_0 - s_T).
    const double s0 = std::sqrt(before[0].item<double>()),
                 sT = std::sqrt(before[999].item<double>());
    const double s = std::sqrt(before[500].item<double>());
    EXPECT_NEAR(std::sqrt(after[500].item<double>()), (s - sT) * s0 / (s0 - sT), 1e-12);
}

TEST(NoiseSchedule, LeadingAndTrailingSpacing) {
    SchedulerConfig c;
    const auto leading = spacedTimesteps(c, 20);
    ASSERT_EQ(leading.size(), 20u);
    EXPECT_EQ(leading.front(), 951);
    EXPECT_EQ(leading[1], 901);
    EXPECT_EQ(leading.back(), 1);
    c.spacing = "trailing";
    const auto trailing = spacedTimesteps(c, 20);
    EXPECT_EQ(trailing.front(), 999);
    EXPECT_EQ(trailing[1], 949);
    EXPECT_EQ(trailing.back(), 49);
    // img2img at strength 0.5 runs the last half.
    auto s = makeScheduler(SchedulerConfig{});
    s->setTimesteps(20, 0.5);
    ASSERT_EQ(s->timesteps().size(), 10u);
    EXPECT_EQ(s->timesteps().front(), 451);
}

struct OracleCase {
    std::string scheduler, prediction, spacing;
    bool zeroSnr;
};

class Oracle : public ::testing::TestWithParam<OracleCase> {};

TEST_P(Oracle, SamplerReachesTheTargetLatent) {
    const OracleCase& oc = GetParam();
    SchedulerConfig c;
    c.name = oc.scheduler;
    c.prediction = oc.prediction;
    c.spacing = oc.spacing;
    c.zeroTerminalSnr = oc.zeroSnr;
    c.steps = 12;
    auto s = makeScheduler(c);
    torch::manual_seed(3);
    const auto target = torch::randn({1, 4, 8, 8}, torch::kFloat64);
    auto x = torch::randn({1, 4, 8, 8}, torch::kFloat64);
    for (size_t i = 0; i < s->timesteps().size(); ++i) {
        const int64_t t = s->timesteps()[i];
        const double a = s->alphaBar(t), sa = std::sqrt(a), s1 = std::sqrt(1 - a);
        // The model output whose x0 prediction is exactly the target.
        torch::Tensor out =
            oc.prediction == "epsilon" ? (x - target * sa) / s1 : (x * sa - target) / s1;
        x = s->step(out, i, x, torch::randn_like(x));
    }
    EXPECT_LT((x - target).abs().max().item<double>(), 1e-6)
        << oc.scheduler << " " << oc.prediction;
}

INSTANTIATE_TEST_SUITE_P(
    Samplers, Oracle,
    ::testing::Values(OracleCase{"ddim", "epsilon", "leading", false},
                      OracleCase{"ddim", "v_prediction", "trailing", true},
                      OracleCase{"euler-ancestral", "epsilon", "leading", false},
                      OracleCase{"euler-ancestral", "v_prediction", "trailing", true},
                      OracleCase{"dpm-solver++-2m", "epsilon", "leading", false},
                      OracleCase{"dpm-solver++-2m", "v_prediction", "trailing", true}),
    [](const auto& info) {
        std::string n = info.param.scheduler + "_" + info.param.prediction;
        for (auto& ch : n)
            if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
        return n;
    });

TEST(Guidance, ClassifierFreeAndInstructPix2PixArithmetic) {
    const auto u = torch::full({2}, 1.0), c = torch::full({2}, 3.0);
    EXPECT_DOUBLE_EQ(classifierFreeGuidance(u, c, 7.5)[0].item<double>(), 1 + 7.5 * 2);
    EXPECT_DOUBLE_EQ(classifierFreeGuidance(u, c, 1.0)[1].item<double>(), 3.0);
    const auto img = torch::full({1}, 2.0), full = torch::full({1}, 5.0);
    // uncond + s_img (img - uncond) + s_txt (full - img) = 1 + 1.5 * 1 + 7.5 * 3
    EXPECT_DOUBLE_EQ(
        instructPix2PixGuidance(u.slice(0, 0, 1), img, full, 7.5, 1.5)[0].item<double>(),
        1 + 1.5 + 22.5);
}

TEST(SchedulerConfig, RejectsUnknownSettings) {
    EXPECT_THROW(SchedulerConfig::fromJson({{"name", "plms"}}, "m.json"), InputError);
    EXPECT_THROW(SchedulerConfig::fromJson({{"prediction", "sample"}}, "m.json"), InputError);
    EXPECT_THROW(SchedulerConfig::fromJson({{"steps", 0}}, "m.json"), InputError);
    EXPECT_EQ(SchedulerConfig::fromJson({{"spacing", "trailing"}}, "m.json").spacing, "trailing");
}

}  // namespace
