// Issue 15, items 4, 7, 8, 10-13: bad numbers, jobs, manifests, LUTs and clips exit 2
// with a sentence naming the option or file, never a crash, a hang or library text.
#include <gtest/gtest.h>

#include <filesystem>

#include "reliability/ReliabilitySupport.h"

using namespace restyle::test;
namespace fs = std::filesystem;

namespace {

void expectExit2Naming(const std::string& args, const std::string& needle) {
    const CliRun r = runCli(args, 60);
    EXPECT_EQ(r.code, 2) << args << "\n" << r.output;
    EXPECT_NE(r.output.find(needle), std::string::npos) << args << "\n" << r.output;
}

TEST(BadNumbers, NanInfAndTextInEveryNumericOptionExit2NamingTheOption) {
    TempDir tmp;
    const auto clip = makeSmallClip(tmp);
    const std::string restyle = "restyle " + clip + " --editor cartoon --out " + tmp.path("o.mp4");
    for (const std::string opt : {"--temporal", "--feather", "--occlusion-alpha1",
                                  "--occlusion-alpha2", "--strength", "--guidance", "--blend"})
        for (const std::string v : {"nan", "abc"})
            expectExit2Naming(restyle + " " + opt + " " + v, opt);
    for (const std::string v : {"inf", "-inf", "-nan", "1e999"})
        expectExit2Naming(restyle + " --temporal " + v, "--temporal");
    expectExit2Naming("flow " + clip + " --out " + tmp.path("o.mp4") + " --opacity nan",
                      "--opacity");
    expectExit2Naming(
        "edit " + clip + " --editor cartoon --set edge_threshold=nan --out " + tmp.path("e.png"),
        "edge_threshold");
    EXPECT_FALSE(fs::exists(tmp.path("o.mp4")));
}

TEST(BadNumbers, TinyMaxSideAndTinyClipsExit2NamingTheCause) {
    TempDir tmp;
    const auto clip = makeSmallClip(tmp);
    expectExit2Naming(
        "restyle " + clip + " --editor cartoon --max-side 1 --out " + tmp.path("o.mp4"),
        "--max-side");
    const auto one = tmp.path("one.mkv"), wide = tmp.path("wide.mkv");
    ASSERT_EQ(runCommand("ffmpeg -v error -f lavfi -i color=c=red:s=2x2:d=0.4 -vf scale=1:1 "
                         "-c:v ffv1 -y " +
                         one),
              0);
    ASSERT_EQ(
        runCommand("ffmpeg -v error -f lavfi -i color=c=red:s=16000x16:d=0.2 -c:v ffv1 -y " + wide),
        0);
    for (const auto& c : {one, wide}) {
        expectExit2Naming(
            "restyle " + c + " --editor cartoon --max-side 512 --out " + tmp.path("o.mp4"), c);
        expectExit2Naming("flow " + c + " --max-side 512 --out " + tmp.path("o.mp4"), c);
        expectExit2Naming("edit " + c + " --editor cartoon --out " + tmp.path("e.png"), c);
    }
}

TEST(BadClips, TruncatedMp4ConvertExits2AndWritesNothing) {
    TempDir tmp;
    const auto clip = makeSmallClip(tmp, "clip.mp4", 160, 120, 24);
    // Restyle's MP4s have the index first (+faststart): cut just after it, where the
    // container still opens but holds no decodable frame.
    const std::string bytes = readFile(clip);
    const size_t mdat = bytes.find("mdat");
    ASSERT_NE(mdat, std::string::npos);
    writeFile(tmp.path("cut.mp4"), bytes.substr(0, mdat + 40));
    const CliRun r = runCli("convert " + tmp.path("cut.mp4") + " " + tmp.path("o.mp4"));
    EXPECT_EQ(r.code, 2) << r.output;
    EXPECT_FALSE(fs::exists(tmp.path("o.mp4")));
    EXPECT_TRUE(partialFiles(tmp.path()).empty());
}

TEST(BadJobs, EveryInvalidJobValueExits2NamingTheFileAndField) {
    TempDir tmp;
    makeSmallClip(tmp);
    const std::string head = R"({"input": "clip.mp4", "output": "o.mp4", )";
    const std::string key = R"("keyframes": [{"frame": 0, "editor": "cartoon"}])";
    const std::vector<std::pair<std::string, std::string>> cases = {
        {head + key + R"(, "engine": 5})", "engine"},
        {head + key + R"(, "version": 1.9})", "version"},
        {head + key + R"(, "version": 4294967297})", "version"},
        {head + key + R"(, "export": {"crf": 18.7}})", "export.crf"},
        {head + R"("keyframes": [{"frame": 0.5, "editor": "cartoon"}]})", "frame"},
        {head + key + R"(, "flow": [1, 2]})", "flow"},
        {head + key + R"(, "export": "fast"})", "export"},
        {head + key + R"(, "flow": {"occlusion_alpha1": -1}})", "flow.occlusion_alpha1"},
        {head + key + R"(, "device": "tpu"})", "device"},
        {head + key + R"(, "temporal": 1e999})", "job.json"},
        {head + key + R"(, "engine": {"settings": {"feather": "x"}}})", "feather"},
        {head + R"("keyframes": [{"frame": 0, "editor": "cartoon", "params": 3}]})", "params"},
    };
    for (const auto& [text, field] : cases) {
        writeFile(tmp.path("job.json"), text);
        const CliRun r = runCli("run " + tmp.path("job.json"), 60);
        EXPECT_EQ(r.code, 2) << text << "\n" << r.output;
        EXPECT_NE(r.output.find(field), std::string::npos) << text << "\n" << r.output;
        EXPECT_NE(r.output.find("job.json"), std::string::npos) << text << "\n" << r.output;
    }
    EXPECT_FALSE(fs::exists(tmp.path("o.mp4")));
}

TEST(BadJobs, JsonNested100000DeepExits2InsteadOfCrashing) {
    TempDir tmp;
    makeSmallClip(tmp);
    const std::string deep = std::string(100000, '[') + std::string(100000, ']');
    for (const std::string where : {"input", "params", "engine"}) {
        std::string text = R"({"input": "clip.mp4", "output": "o.mp4", "keyframes": [{"frame": 0,
            "editor": "cartoon", "params": {}}], "engine": {"settings": {}}})";
        if (where == "input") text.replace(text.find("\"clip.mp4\""), 10, deep);
        if (where == "params") text.replace(text.find("{}"), 2, deep);
        if (where == "engine") text.replace(text.rfind("{}"), 2, deep);
        writeFile(tmp.path("job.json"), text);
        expectExit2Naming("run " + tmp.path("job.json"), "nested deeper");
    }
}

TEST(BadManifests, ManifestsReachingOutsideTheirFolderAreRefusedAndListedAsBroken) {
    TempDir tmp;
    const auto clip = makeSmallClip(tmp);
    const std::string models = tmp.path("models");
    auto manifest = [&](const std::string& dir, const std::string& text) {
        fs::create_directories(models + "/" + dir);
        writeFile(models + "/" + dir + "/manifest.json", text);
    };
    manifest("abs", R"({"name": "abs", "kind": "style-net", "files": {"net": "/etc/passwd"}})");
    manifest("up",
             R"({"name": "up", "kind": "style-net", "files": {"net": "../abs/manifest.json"}})");
    manifest("big", R"({"name": "big", "kind": "style-net", "files": {},
                        "input": {"multiple": 100000}})");
    manifest("cartoon", R"({"name": "cartoon", "kind": "style-net", "files": {}})");
    manifest("broken", R"({"name": "broken", "kind": )");
    const std::string env = "RESTYLE_MODEL_PATH=" + models;
    const CliRun list = runCli("editors", 60, env);
    ASSERT_EQ(list.code, 0) << list.output;
    for (const std::string name : {"abs/manifest.json", "up/manifest.json", "big/manifest.json",
                                   "cartoon/manifest.json", "broken/manifest.json"})
        EXPECT_NE(list.output.find(models + "/" + name), std::string::npos) << name;
    EXPECT_NE(list.output.find("inside the model's folder"), std::string::npos);
    size_t cartoons = 0;
    for (size_t at = 0; (at = list.output.find("\"name\": \"cartoon\"", at)) != std::string::npos;
         ++at)
        ++cartoons;
    EXPECT_EQ(cartoons, 1u) << "a model named like a built-in is listed once";
    const CliRun use = runCli("edit " + clip + " --editor up --out " + tmp.path("e.png"), 60, env);
    EXPECT_EQ(use.code, 2) << use.output;
    EXPECT_NE(use.output.find("up/manifest.json"), std::string::npos) << use.output;
    expectExit2Naming("edit " + clip + " --editor " + models + "/big --out " + tmp.path("e.png"),
                      "multiple");
}

TEST(BadLuts, NanAndInfRowsInACubeExit2NamingTheLine) {
    TempDir tmp;
    const auto clip = makeSmallClip(tmp);
    for (const std::string bad : {"nan 0 0", "0 inf 0", "-inf 0 0", "0 0 NaN"}) {
        std::string cube = "LUT_3D_SIZE 2\n";
        for (int i = 0; i < 8; ++i)
            cube += i == 5 ? bad + "\n" : "0.5 0.5 0.5\n";
        writeFile(tmp.path("l.cube"), cube);
        expectExit2Naming("edit " + clip + " --editor lut --set cube=" + tmp.path("l.cube") +
                              " --out " + tmp.path("e.png"),
                          "line 7");
    }
}

TEST(BadPaths, FloDirUnderAMissingFolderIsRefusedWithoutCreatingFolders) {
    TempDir tmp;
    const auto clip = makeSmallClip(tmp);
    const std::string dir = tmp.path("no/such/dir");
    expectExit2Naming("flow " + clip + " --out " + tmp.path("o.mp4") + " --flo-dir " + dir,
                      "does not exist");
    EXPECT_FALSE(fs::exists(tmp.path("no")));
}

}  // namespace
