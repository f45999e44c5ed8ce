// Every kind of bad input gets an InputError that names the file, never a crash or hang.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "common/Error.h"
#include "media/Transcode.h"
#include "media/VideoReader.h"
#include "support/TestSupport.h"

using namespace restyle;
using namespace restyle::test;

namespace {

void expectInputError(const std::string& path, const std::string& reason) {
    try {
        VideoReader r(path);
        FAIL() << "no error for " << path;
    } catch (const InputError& e) {
        const std::string msg = e.what();
        EXPECT_NE(msg.find(path), std::string::npos) << msg;
        EXPECT_NE(msg.find(reason), std::string::npos) << msg;
    }
}

TEST(BadInput, MissingFile) {
    expectInputError("/tmp/restyle-no-such-file.mp4", "no such file");
}

TEST(BadInput, Folder) {
    TempDir tmp;
    expectInputError(tmp.path(), "folder");
}

TEST(BadInput, ZeroByteFile) {
    TempDir tmp;
    std::ofstream(tmp.path("empty.mp4")).close();
    expectInputError(tmp.path("empty.mp4"), "cannot open");
}

TEST(BadInput, TextFileNamedMp4) {
    TempDir tmp;
    std::ofstream(tmp.path("notes.mp4")) << "these are my notes, not a video\n";
    expectInputError(tmp.path("notes.mp4"), "cannot open");
}

TEST(BadInput, AudioOnlyFile) {
    TempDir tmp;
    ASSERT_EQ(runCommand("ffmpeg -v error -f lavfi -i sine=duration=1 " + tmp.path("a.m4a")), 0);
    expectInputError(tmp.path("a.m4a"), "no video");
}

TEST(BadInput, TruncatedFileDecodesWhatIsThere) {
    TempDir tmp;
    ClipSpec spec;
    spec.frames = 60;
    // Without faststart the index (moov) is at the end: truncation cuts it off entirely.
    ASSERT_TRUE(makeClip(tmp.path("a.mp4"), spec));
    const auto size = std::filesystem::file_size(tmp.path("a.mp4"));
    std::filesystem::resize_file(tmp.path("a.mp4"), size / 2);
    expectInputError(tmp.path("a.mp4"), "cannot open");
    // A stream format without an index: the first half decodes, the reader ends cleanly.
    spec.videoArgs = "-c:v mpeg4 -q:v 3 -f mpegts";
    ASSERT_TRUE(makeClip(tmp.path("b.ts"), spec));
    std::filesystem::resize_file(tmp.path("b.ts"),
                                 std::filesystem::file_size(tmp.path("b.ts")) / 2);
    VideoReader r(tmp.path("b.ts"));
    VideoFrame f;
    int n = 0;
    while (r.read(f))
        ++n;
    EXPECT_GT(n, 10);
    EXPECT_LT(n, 60);
}

TEST(BadInput, CorruptPacketsAreSkippedAndCounted) {
    TempDir tmp;
    ClipSpec spec;
    spec.frames = 60;
    spec.videoArgs = "-c:v mpeg4 -q:v 3 -g 10 -f mpegts";
    ASSERT_TRUE(makeClip(tmp.path("a.ts"), spec));
    // Overwrite stretches in the middle of the file with garbage.
    {
        std::fstream f(tmp.path("a.ts"), std::ios::in | std::ios::out | std::ios::binary);
        f.seekg(0, std::ios::end);
        const auto size = long(f.tellg());
        cv::RNG rng(3);
        for (int k = 0; k < 6; ++k) {
            f.seekp(size / 3 + k * size / 20);
            for (int i = 0; i < 3000; ++i)
                f.put(char(rng.uniform(0, 256)));
        }
    }
    VideoReader r(tmp.path("a.ts"));
    VideoFrame f;
    int n = 0;
    while (r.read(f))
        ++n;
    EXPECT_GT(n, 30);
    EXPECT_GT(r.decodeErrors(), 0);
}

TEST(BadInput, OutputEqualToInputIsRefusedAndInputUntouched) {
    TempDir tmp;
    ClipSpec spec;
    spec.frames = 5;
    ASSERT_TRUE(makeClip(tmp.path("a.mp4"), spec));
    const auto before = std::filesystem::file_size(tmp.path("a.mp4"));
    try {
        transcode(tmp.path("a.mp4"), tmp.path("a.mp4"), TranscodeOptions{}, {}, {});
        FAIL();
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("same file as the input"), std::string::npos);
    }
    EXPECT_EQ(std::filesystem::file_size(tmp.path("a.mp4")), before);
    EXPECT_EQ(tmp.entries().size(), 1u);
}

TEST(BadInput, UnwritableOutput) {
    TempDir tmp;
    ClipSpec spec;
    spec.frames = 5;
    ASSERT_TRUE(makeClip(tmp.path("a.mp4"), spec));
    for (const std::string out : {"/proc/restyle-out.mp4", "/tmp/no-such-folder-xyz/out.mp4"}) {
        try {
            transcode(tmp.path("a.mp4"), out, TranscodeOptions{}, {}, {});
            FAIL() << out;
        } catch (const InputError& e) {
            EXPECT_NE(std::string(e.what()).find(out), std::string::npos) << e.what();
        }
    }
}

}  // namespace
