// The output-safety API every writer uses: AtomicFile, checkOutputs, stale temporaries,
// bounded JSON.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>

#include "common/AtomicFile.h"
#include "common/Error.h"
#include "common/FileUtil.h"
#include "common/JsonFile.h"
#include "common/TempRegistry.h"
#include "reliability/ReliabilitySupport.h"

using namespace restyle;
using namespace restyle::test;
namespace fs = std::filesystem;

namespace {

TEST(AtomicFile, TargetAppearsOnlyOnCommitAndAnAbandonedFileLeavesNothing) {
    TempDir tmp;
    const std::string target = tmp.path("a.txt");
    {
        AtomicFile f(target);
        f.write("hello");
        EXPECT_FALSE(fs::exists(target));
        EXPECT_EQ(partialFiles(tmp.path()).size(), 1u);
    }
    EXPECT_FALSE(fs::exists(target));
    EXPECT_TRUE(partialFiles(tmp.path()).empty());
    AtomicFile f(target);
    f.write("hello");
    f.commit();
    EXPECT_EQ(readFile(target), "hello");
    EXPECT_TRUE(partialFiles(tmp.path()).empty());
}

TEST(CheckOutputs, SameInodeSamePathProtectedAndNonRegularTargetsAreInputErrors) {
    TempDir tmp;
    writeFile(tmp.path("in.mp4"), "x");
    fs::create_hard_link(tmp.path("in.mp4"), tmp.path("link.png"));
    EXPECT_THROW(checkOutputs({tmp.path("link.png")}, {tmp.path("in.mp4")}), InputError);
    EXPECT_THROW(checkOutputs({tmp.path("o.mp4"), tmp.path("./o.mp4")}, {}), InputError);
    EXPECT_NO_THROW(checkOutputs({tmp.path("o.mp4"), tmp.path("o.csv")}, {tmp.path("in.mp4")}));
    writeFile(tmp.path("ro.png"), "x");
    ::chmod(tmp.path("ro.png").c_str(), 0444);
    EXPECT_THROW(checkOutputs({tmp.path("ro.png")}, {}), InputError);
    allowProtectedOverwrite(true);
    EXPECT_NO_THROW(checkOutputs({tmp.path("ro.png")}, {}));
    allowProtectedOverwrite(false);
    ::mkfifo(tmp.path("f").c_str(), 0644);
    EXPECT_THROW(checkOutputs({tmp.path("f")}, {}), InputError);
    EXPECT_THROW(checkReadableFile(tmp.path("f")), InputError);
}

TEST(StaleTemporaries, TemporariesOfDeadWritersAreRemovedLiveOnesKept) {
    TempDir tmp;
    const pid_t child = ::fork();
    if (child == 0) ::_exit(0);
    ::waitpid(child, nullptr, 0);  // a pid that is surely dead now
    const std::string tag = writerTag();
    const std::string host = tag.substr(tag.find('-') + 1);
    const std::string dead =
        tmp.path(".o.mp4.part-" + std::to_string(child) + "-" + host + "-0.mp4");
    const std::string live = tmp.path(".o.mp4.part-" + tag + "-99.mp4");
    const std::string other = tmp.path(".o.mp4.part-" + std::to_string(child) + "-otherhost-0.mp4");
    for (const auto& p : {dead, live, other})
        writeFile(p, "x");
    const auto tmpPath = temporarySibling(tmp.path("o.mp4"));
    EXPECT_FALSE(fs::exists(dead));
    EXPECT_TRUE(fs::exists(live));
    EXPECT_TRUE(fs::exists(other)) << "another machine's writer may still be alive";
    discardTemporary(tmpPath);
}

TEST(JsonFile, DepthAndSizeLimitsGiveInputErrorsNamingTheFile) {
    const std::string deep = std::string(100000, '[') + std::string(100000, ']');
    try {
        parseJsonText(deep, "deep.json");
        FAIL();
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("deep.json"), std::string::npos);
    }
    EXPECT_NO_THROW(parseJsonText(
        R"({"a": "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["})",
        "strings.json"));
    JsonLimits small;
    small.maxBytes = 10;
    EXPECT_THROW(parseJsonText("[1, 2, 3, 4, 5]", "big.json", small), InputError);
}

}  // namespace
