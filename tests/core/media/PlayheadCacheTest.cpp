// PlayheadCache over a one-GOP clip whose frames carry their own index: every frame it gives
// is the exact one, steps back after the first come from memory (the reader does not move),
// reading ahead fills the frames after the playhead, and jumps leave readers parked.
#include <gtest/gtest.h>

#include "media/PlayheadCache.h"
#include "media/VideoReader.h"
#include "support/TestSupport.h"

using namespace restyle;
using namespace restyle::test;

namespace {

std::string oneGopClip(TempDir& tmp) {
    ClipSpec spec;
    spec.frames = 80;
    spec.videoArgs = "-c:v libx264 -pix_fmt yuv420p -bf 3 -g 250";
    const std::string clip = tmp.path("gop.mp4");
    EXPECT_TRUE(makeClip(clip, spec));
    return clip;
}

}  // namespace

TEST(PlayheadCache, StepsBackAreExactAndAfterTheFirstComeFromMemoryWithoutMovingTheReader) {
    TempDir tmp;
    VideoReader reader(oneGopClip(tmp));
    PlayheadCache cache(reader, 48, 16, 1);  // one decoder: the reader the test watches
    EXPECT_EQ(readFrameIndex(cache.frame(60)), 60);
    EXPECT_EQ(readFrameIndex(cache.frame(59)), 59);  // decodes 44-59 in one pass
    const int64_t readerAt = reader.position();
    for (int i = 58; i >= 44; --i) {
        EXPECT_EQ(readFrameIndex(cache.frame(i)), i);
        EXPECT_EQ(reader.position(), readerAt) << "frame " << i << " was decoded again";
    }
    EXPECT_EQ(readFrameIndex(cache.frame(43)), 43);  // the next chunk
    EXPECT_NE(reader.position(), readerAt);
}

TEST(PlayheadCache, ReadingAheadFillsTheFramesAfterThePlayheadUpToTheLimit) {
    TempDir tmp;
    VideoReader reader(oneGopClip(tmp));
    PlayheadCache cache(reader, 48, 16, 1);
    cache.frame(20);
    for (int i = 0; i < 4; ++i)
        EXPECT_TRUE(cache.readAhead(4));
    EXPECT_FALSE(cache.readAhead(4));
    for (int i = 21; i <= 24; ++i)
        EXPECT_EQ(readFrameIndex(cache.cached(i)), i);
    EXPECT_TRUE(cache.cached(25).empty());
    // The next step forward is in memory; the reader stays where reading ahead left it.
    const int64_t readerAt = reader.position();
    EXPECT_EQ(readFrameIndex(cache.frame(21)), 21);
    EXPECT_EQ(reader.position(), readerAt);
    EXPECT_TRUE(cache.readAhead(4));  // the playhead moved: one more frame ahead
    EXPECT_EQ(readFrameIndex(cache.cached(25)), 25);
    // After a step back, reading ahead passes the frames in memory and decodes on.
    cache.frame(60);
    cache.frame(59);
    EXPECT_TRUE(cache.readAhead(4));  // 60, in memory
    EXPECT_TRUE(cache.readAhead(4));  // 61, decoded
    EXPECT_EQ(readFrameIndex(cache.cached(61)), 61);
}

TEST(PlayheadCache, JumpsAnywhereGiveTheExactFrame) {
    TempDir tmp;
    VideoReader reader(oneGopClip(tmp));
    PlayheadCache cache(reader, 8, 4);
    for (int i : {70, 3, 79, 0, 41, 40, 42, 10, 9, 8, 7, 6, 5, 78})
        EXPECT_EQ(readFrameIndex(cache.frame(i)), i);
}

TEST(PlayheadCache, AJumpElsewhereLeavesTheReaderParkedSoJumpingBackDecodesOnFromThere) {
    TempDir tmp;
    VideoReader reader(oneGopClip(tmp));
    PlayheadCache cache(reader, 8, 4, 3);
    EXPECT_EQ(readFrameIndex(cache.frame(60)), 60);
    EXPECT_EQ(reader.position(), 61);
    EXPECT_EQ(readFrameIndex(cache.frame(10)), 10);  // a second reader seeks there
    EXPECT_EQ(reader.position(), 61) << "the first reader left its place in the GOP";
    EXPECT_EQ(readFrameIndex(cache.frame(64)), 64);  // decoded on from 61
    EXPECT_EQ(reader.position(), 65);
    EXPECT_EQ(readFrameIndex(cache.frame(12)), 12);  // the second reader decodes on
    EXPECT_EQ(reader.position(), 65);
    // One decoder seeks wherever the playhead goes.
    VideoReader single(oneGopClip(tmp));
    PlayheadCache one(single, 8, 4, 1);
    one.frame(60);
    one.frame(10);
    EXPECT_EQ(single.position(), 11);
}

TEST(PlayheadCache, ParkedReadersGiveTheExactFrameOnAnyPathOfJumps) {
    TempDir tmp;
    VideoReader reader(oneGopClip(tmp));
    PlayheadCache cache(reader, 4, 2, 3);
    for (int i : {70, 3, 79, 0, 41, 40, 42, 10, 9, 8, 71, 72, 5, 43, 78, 11, 1, 2, 60, 4})
        EXPECT_EQ(readFrameIndex(cache.frame(i)), i);
}
