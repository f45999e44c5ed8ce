// The guard against Adam's occasional blow-ups while learning a keyframe's style.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "style/LossSpikeGuard.h"

using namespace restyle;

TEST(LossSpikeGuard, AJumpOverThreeTimesTheLowestMedianOrANonFiniteLossIsASpikeNoiseIsNot) {
    LossSpikeGuard guard(3.0, 20);
    // Before the window fills nothing but a non-finite loss is judged.
    EXPECT_FALSE(guard.isSpike(50.0));
    EXPECT_TRUE(guard.isSpike(std::numeric_limits<double>::quiet_NaN()));
    EXPECT_TRUE(guard.isSpike(std::numeric_limits<double>::infinity()));
    // Batch-to-batch noise of a real run: 0.06-0.12 around 0.09, one outlier at 0.5.
    for (int i = 0; i < 20; ++i)
        guard.accept(i == 7 ? 0.5 : 0.09 + 0.03 * std::sin(i));
    EXPECT_FALSE(guard.isSpike(0.2));
    EXPECT_FALSE(guard.isSpike(0.26));  // 2.9 times the median: noise
    EXPECT_TRUE(guard.isSpike(0.3));
    EXPECT_TRUE(guard.isSpike(25.0));  // what the vtest.avi run saw
    // The window moves: after the losses fall tenfold, the old level is a spike.
    for (int i = 0; i < 20; ++i)
        guard.accept(0.009);
    EXPECT_TRUE(guard.isSpike(0.09));
}

TEST(LossSpikeGuard, ASlowClimbIsASpikeOnceOverThreeTimesTheLowestMedianAndIsNeverHealthy) {
    LossSpikeGuard guard(3.0, 20);
    for (int i = 0; i < 20; ++i)
        guard.accept(0.05);
    EXPECT_TRUE(guard.healthy());
    // Each loss 10% over the last: never three times the window's current median.
    double loss = 0.05;
    int climbed = 0;
    while (!guard.isSpike(loss * 1.1) && climbed < 100) {
        loss *= 1.1;
        guard.accept(loss);
        ++climbed;
    }
    EXPECT_LT(climbed, 15);  // 0.05 * 1.1^12 = 0.157: over three times 0.05
    EXPECT_FALSE(guard.healthy());  // weights on the way up are not worth going back to
}
