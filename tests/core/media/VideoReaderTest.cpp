// VideoReader on clips of every codec/container the system can encode, built from frames
// that carry their own index, so order, count and frame-exact seeking are checked exactly.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include <filesystem>
#include <random>

#include "common/Error.h"
#include "media/VideoReader.h"
#include "support/TestSupport.h"

using namespace restyle;
using namespace restyle::test;

namespace {

struct CodecCase {
    std::string name;
    std::string file;
    std::string videoArgs;
};

void PrintTo(const CodecCase& c, std::ostream* os) {
    *os << c.name;
}

class ReaderCodecs : public ::testing::TestWithParam<CodecCase> {};

TEST_P(ReaderCodecs, DecodesEveryFrameInOrderAndSeeksExactly) {
    const CodecCase& c = GetParam();
    TempDir tmp;
    ClipSpec spec;
    spec.frames = 48;
    spec.videoArgs = c.videoArgs;
    const std::string clip = tmp.path(c.file);
    ASSERT_TRUE(makeClip(clip, spec)) << c.name;

    VideoReader reader(clip);
    EXPECT_EQ(reader.info().width, 320);
    EXPECT_EQ(reader.info().height, 240);
    EXPECT_EQ(reader.info().frames, spec.frames);
    EXPECT_NEAR(reader.info().fps(), 25.0, 1e-6);
    EXPECT_NEAR(reader.info().duration, 48 / 25.0, 1.0 / 25 + 1e-6);

    std::vector<cv::Mat> sequential;
    VideoFrame f;
    while (reader.read(f)) {
        ASSERT_EQ(f.image.type(), CV_8UC3);
        ASSERT_EQ(f.image.size(), cv::Size(320, 240));
        EXPECT_EQ(readFrameIndex(f.image), int(sequential.size())) << c.name;
        EXPECT_EQ(f.index, int64_t(sequential.size()));
        EXPECT_NEAR(f.seconds, double(f.index) / 25.0, 1e-3);
        sequential.push_back(f.image.clone());
    }
    ASSERT_EQ(sequential.size(), size_t(spec.frames));
    EXPECT_EQ(reader.decodeErrors(), 0);

    // Seeks, backward and forward, in random order: pixel-identical to sequential decode.
    std::mt19937 rng(42);
    std::vector<int> order(spec.frames);
    for (int i = 0; i < spec.frames; ++i)
        order[size_t(i)] = i;
    std::shuffle(order.begin(), order.end(), rng);
    order.resize(20);
    order.push_back(spec.frames - 1);
    order.push_back(0);
    for (int idx : order) {
        const VideoFrame s = reader.frameAt(idx);
        EXPECT_EQ(s.index, idx);
        EXPECT_EQ(cv::norm(s.image, sequential[size_t(idx)], cv::NORM_INF), 0.0)
            << c.name << " frame " << idx;
    }
    // After a seek, reading goes on sequentially.
    reader.seek(10);
    for (int i = 10; i < 14; ++i) {
        ASSERT_TRUE(reader.read(f));
        EXPECT_EQ(readFrameIndex(f.image), i);
    }
}

INSTANTIATE_TEST_SUITE_P(
    Formats, ReaderCodecs,
    ::testing::Values(
        CodecCase{"mp4_h264_bframes", "a.mp4", "-c:v libx264 -pix_fmt yuv420p -bf 3 -g 12"},
        // One GOP, referenced B-frames (pyramid): seeks skip the unreferenced ones exactly.
        CodecCase{"mp4_h264_bpyramid_one_gop", "a.mp4",
                  "-c:v libx264 -pix_fmt yuv420p -bf 3 -x264-params b-pyramid=normal -g 250"},
        CodecCase{"avi_mpeg4", "a.avi", "-c:v mpeg4 -q:v 3 -g 12"},
        CodecCase{"avi_msmpeg4", "a.avi", "-c:v msmpeg4 -q:v 3 -g 12"},
        CodecCase{"avi_cinepak", "a.avi", "-c:v cinepak"},
        CodecCase{"mkv_vp9", "a.mkv", "-c:v libvpx-vp9 -b:v 1M -g 12 -deadline realtime"},
        CodecCase{"mov_prores_444_10bit", "a.mov",
                  "-c:v prores_ks -profile:v 4 -pix_fmt yuv444p10le"},
        CodecCase{"mp4_h264_10bit", "a.mp4", "-c:v libx264 -pix_fmt yuv420p10le -g 12"},
        CodecCase{"mkv_h264_444", "a.mkv", "-c:v libx264 -pix_fmt yuv444p -g 12"}),
    [](const auto& info) { return info.param.name; });

TEST(VideoReader, CountsTheStoredFramesOfAVariableTimingAvi) {
    // tree.avi: 68 frames spread over 29.6 s in 444 frame slots of its AVI header.
    const std::string tree = "/usr/share/doc/opencv-doc/examples/data/tree.avi";
    if (!std::filesystem::exists(tree)) GTEST_SKIP() << "opencv-doc is not installed";
    VideoReader reader(tree);
    EXPECT_EQ(reader.info().frames, 68);
    EXPECT_EQ(probeVideo(tree).frames, 68);
    const std::vector<double> t = reader.frameTimes();
    ASSERT_EQ(t.size(), size_t(68));
    EXPECT_DOUBLE_EQ(t.front(), 0.0);
    EXPECT_GT(t.back(), 29.0);
    EXPECT_LT(t.back(), 29.7);
    for (size_t i = 1; i < t.size(); ++i)
        EXPECT_GT(t[i], t[i - 1]);
    // Every frame decodes, in order, and seeking to the last frame gives the same picture.
    VideoFrame f, last;
    int n = 0;
    while (reader.read(f)) {
        EXPECT_EQ(f.index, n++);
        last.image = f.image.clone();
    }
    EXPECT_EQ(n, 68);
    EXPECT_EQ(cv::norm(reader.frameAt(67).image, last.image, cv::NORM_INF), 0.0);
    EXPECT_THROW(reader.seek(68), InputError);
}

TEST(VideoReader, SeekingAnAviWithoutPtsGivesThePictureReadingReachesAtEveryCut) {
    // Megamind.avi: packed B-frames, no pts; 270 packets stamped 0-269 decode to pictures
    // stamped 1-270. Seeking by the raw packet table showed the previous shot at each cut.
    const std::string clip = "/usr/share/doc/opencv-doc/examples/data/Megamind.avi";
    if (!std::filesystem::exists(clip)) GTEST_SKIP() << "opencv-doc is not installed";
    const std::vector<int64_t> probes{0, 1, 97, 98, 99, 153, 154, 199, 200, 269};
    std::map<int64_t, cv::Mat> read;
    {
        VideoReader reader(clip, ReaderOptions{160, 1});
        VideoFrame f;
        int64_t n = 0;
        while (reader.read(f)) {
            EXPECT_EQ(f.index, n++);
            if (std::count(probes.begin(), probes.end(), f.index)) read[f.index] = f.image.clone();
        }
        EXPECT_EQ(n, reader.info().frames);
    }
    VideoReader seeker(clip, ReaderOptions{160, 1});
    for (auto it = probes.rbegin(); it != probes.rend(); ++it) {  // backwards: real seeks
        ASSERT_TRUE(read.count(*it)) << *it;
        EXPECT_EQ(cv::norm(seeker.frameAt(*it).image, read[*it], cv::NORM_INF), 0.0)
            << "frame " << *it;
    }
    // Forwards: within a GOP the reader decodes on from where it is instead of seeking.
    for (int64_t probe : probes)
        EXPECT_EQ(cv::norm(seeker.frameAt(probe).image, read[probe], cv::NORM_INF), 0.0)
            << "frame " << probe << " (forward)";
    // Reading on from a seek, as a propagation of frames 90-110 does: the B-frame at 97 is
    // decoded, not skipped as "before the target" (packet times run a frame behind).
    VideoReader ranged(clip, ReaderOptions{160, 0});
    ranged.seek(90);
    VideoFrame g;
    while (ranged.read(g) && g.index < 99)
        if (read.count(g.index))
            EXPECT_EQ(cv::norm(g.image, read[g.index], cv::NORM_INF), 0.0) << "frame " << g.index;
    // A fresh reader's first read is frame 0 although the seek table was built first.
    VideoReader fresh(clip, ReaderOptions{160, 1});
    VideoFrame first;
    ASSERT_TRUE(fresh.read(first));
    EXPECT_EQ(first.index, 0);
    EXPECT_EQ(cv::norm(first.image, read[0], cv::NORM_INF), 0.0);
}

TEST(VideoReader, ScrubStandInIsTheKeyframeAtOrBeforeTheFrameAndReadingGoesOnFromIt) {
    TempDir tmp;
    ClipSpec spec;
    spec.frames = 40;
    spec.videoArgs = "-c:v libx264 -pix_fmt yuv420p -g 10 -keyint_min 10 -sc_threshold 0";
    const std::string clip = tmp.path("g10.mp4");
    ASSERT_TRUE(makeClip(clip, spec));
    VideoReader reader(clip);
    for (int64_t target : {27, 10, 39, 3}) {
        const VideoFrame f = reader.keyframeAtOrBefore(target);
        EXPECT_EQ(f.index, target / 10 * 10) << target;
        EXPECT_EQ(readFrameIndex(f.image), int(f.index)) << target;
        VideoFrame next;
        if (f.index + 1 < spec.frames) {
            ASSERT_TRUE(reader.read(next));
            EXPECT_EQ(next.index, f.index + 1);
            EXPECT_EQ(readFrameIndex(next.image), int(f.index + 1));
        }
    }
    EXPECT_EQ(readFrameIndex(reader.frameAt(27).image), 27);  // exact seeking is unchanged
}

TEST(VideoReader, FramesToDecodeOnCountsWithinTheGopAndAnotherReaderSharesTheIndex) {
    TempDir tmp;
    ClipSpec spec;
    spec.frames = 40;
    spec.videoArgs = "-c:v libx264 -pix_fmt yuv420p -g 20 -keyint_min 20 -sc_threshold 0";
    const std::string clip = tmp.path("g20.mp4");
    ASSERT_TRUE(makeClip(clip, spec));
    VideoReader reader(clip, ReaderOptions{64, 0});
    EXPECT_EQ(readFrameIndex(reader.frameAt(2).image), 2);
    EXPECT_EQ(reader.framesToDecodeOn(3), 1);    // the next frame
    EXPECT_EQ(reader.framesToDecodeOn(18), 16);  // on, in the same GOP
    EXPECT_EQ(reader.framesToDecodeOn(1), -1);   // behind: a seek
    EXPECT_EQ(reader.framesToDecodeOn(35), -1);  // past the keyframe at 20: a seek
    EXPECT_EQ(reader.framesToDecodeOn(40), -1);  // out of range
    reader.seek(7);
    EXPECT_EQ(reader.framesToDecodeOn(7), 0);  // decoded, waiting for read()
    const auto other = reader.another();
    EXPECT_EQ(other->frameSize(), reader.frameSize());
    EXPECT_EQ(other->position(), 0);
    for (int64_t i : {33, 5, 39, 0}) {
        const VideoFrame a = other->frameAt(i), b = reader.frameAt(i);
        EXPECT_EQ(a.index, i);
        EXPECT_EQ(cv::norm(a.image, b.image, cv::NORM_INF), 0.0) << i;
    }
}

TEST(VideoReader, ScalesToMaxSide) {
    TempDir tmp;
    ClipSpec spec;
    spec.frames = 5;
    spec.size = cv::Size(640, 480);
    ASSERT_TRUE(makeClip(tmp.path("a.mp4"), spec));
    VideoReader reader(tmp.path("a.mp4"), ReaderOptions{200, 0});
    EXPECT_EQ(reader.frameSize(), cv::Size(200, 150));
    VideoFrame f;
    ASSERT_TRUE(reader.read(f));
    EXPECT_EQ(f.image.size(), cv::Size(200, 150));
    EXPECT_EQ(readFrameIndex(f.image), 0);
}

TEST(VideoReader, AppliesRotationMetadata) {
    TempDir tmp;
    ClipSpec spec;
    spec.frames = 6;
    ASSERT_TRUE(makeClip(tmp.path("plain.mp4"), spec));
    // Same stream, tagged to be shown rotated (the tag phones write for portrait video).
    ASSERT_EQ(runCommand("ffmpeg -v error -y -i " + tmp.path("plain.mp4") +
                         " -c copy -metadata:s:v:0 rotate=90 " + tmp.path("rot.mp4")),
              0);
    VideoReader plain(tmp.path("plain.mp4"));
    VideoReader rotated(tmp.path("rot.mp4"));
    EXPECT_EQ(rotated.info().width, 240);
    EXPECT_EQ(rotated.info().height, 320);
    EXPECT_EQ(rotated.info().rotation % 90, 0);
    EXPECT_NE(rotated.info().rotation, 0);
    VideoFrame a, b;
    ASSERT_TRUE(plain.read(a));
    ASSERT_TRUE(rotated.read(b));
    ASSERT_EQ(b.image.size(), cv::Size(240, 320));
    cv::Mat expected;
    cv::rotate(
        a.image, expected,
        rotated.info().rotation == 90 ? cv::ROTATE_90_CLOCKWISE : cv::ROTATE_90_COUNTERCLOCKWISE);
    EXPECT_EQ(cv::norm(b.image, expected, cv::NORM_INF), 0.0);
    // ffmpeg's own autorotation agrees with ours.
    ASSERT_EQ(runCommand("ffmpeg -v error -y -i " + tmp.path("rot.mp4") +
                         " -frames:v 1 -f rawvideo -pix_fmt bgr24 " + tmp.path("ff.rgb")),
              0);
    std::string bytes;
    runCommand("cat " + tmp.path("ff.rgb"), &bytes);
    ASSERT_EQ(bytes.size(), size_t(240 * 320 * 3));
    cv::Mat ff(320, 240, CV_8UC3, bytes.data());
    EXPECT_LT(meanAbsDiff(ff, b.image), 3.0);
}

TEST(VideoReader, ReportsAudioCodec) {
    TempDir tmp;
    ClipSpec spec;
    spec.frames = 10;
    spec.audioArgs = "-c:a aac";
    ASSERT_TRUE(makeClip(tmp.path("a.mp4"), spec));
    VideoReader reader(tmp.path("a.mp4"));
    ASSERT_TRUE(reader.info().audioCodec.has_value());
    EXPECT_EQ(*reader.info().audioCodec, "aac");
    EXPECT_EQ(reader.info().videoCodec, "h264");
}

TEST(VideoReader, SeekOutOfRangeIsAnInputError) {
    TempDir tmp;
    ClipSpec spec;
    spec.frames = 5;
    ASSERT_TRUE(makeClip(tmp.path("a.mp4"), spec));
    VideoReader reader(tmp.path("a.mp4"));
    EXPECT_THROW(reader.seek(5), InputError);
    EXPECT_THROW(reader.seek(-1), InputError);
}

}  // namespace
