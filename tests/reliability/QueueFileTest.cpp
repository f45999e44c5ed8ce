// Issue 15, item 3: a queue file with bad content never stops the queue (or the GUI):
// valid entries load, the rest is set aside with a warning and the file kept as found.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <stop_token>

#include "jobs/JobQueue.h"
#include "reliability/ReliabilitySupport.h"

using namespace restyle;
using namespace restyle::test;
namespace fs = std::filesystem;

namespace {

const std::string kGoodEntry =
    R"({"id": "1", "state": "done", "job": {"input": "/c/a.mp4", "output": "/c/a.out.mp4",
        "keyframes": [{"frame": 0, "editor": "cartoon"}]}})";

int backups(const TempDir& tmp) {
    int n = 0;
    for (const auto& name : tmp.entries())
        n += name.find("queue.json.broken-") == 0;
    return n;
}

TEST(QueueFile, EveryKindOfBrokenFileLoadsWhatIsValidWarnsAndKeepsABackup) {
    const std::vector<std::pair<std::string, size_t>> cases = {
        {"", 0},
        {"{\"jobs\": [" + kGoodEntry, 0},  // truncated
        {"[]", 0},
        {"{\"jobs\": [" + kGoodEntry + R"(, {"id": "2", "job": {"input": "a", "output": "b",
           "keyframes": [{"editor": "cartoon"}], "export": {"crf": 99}}}]})",
         1},
        {"{\"jobs\": [" + kGoodEntry + R"(, {"id": "2", "state": "queued"}]})", 1},
        {R"({"jobs": [{"id": 7, "job": {"input": "a", "output": "b",
           "keyframes": [{"editor": "cartoon"}]}}]})",
         1},
        {"{\"jobs\": [" + kGoodEntry + "," + kGoodEntry + "]}", 1},  // the same id twice
        {"{\"jobs\": [" + kGoodEntry + R"(, 5, "x", null]})", 1},
        {"{\"jobs\": {}}", 0},
        {std::string(5000, '[') + std::string(5000, ']'), 0},
    };
    for (const auto& [text, valid] : cases) {
        TempDir tmp;
        const std::string file = tmp.path("queue.json");
        writeFile(file, text);
        JobQueue q(file);
        EXPECT_EQ(q.entries().size(), valid) << text.substr(0, 200);
        const bool clean = valid == 1 && text.find("\"id\": 7") != std::string::npos;
        if (!clean) {
            ASSERT_FALSE(q.warnings().empty()) << text.substr(0, 200);
            EXPECT_NE(q.warnings().front().find(file), std::string::npos) << q.warnings().front();
            EXPECT_EQ(backups(tmp), 1) << text.substr(0, 200);
        }
        // The queue keeps working and saves what it holds.
        Job j;
        j.input = "/c/b.mp4";
        j.output = "/c/b.out.mp4";
        j.keyframes.push_back(Keyframe{});
        j.keyframes[0].editor = "cartoon";
        q.add(j);
        EXPECT_EQ(JobQueue(file).entries().size(), valid + 1) << text.substr(0, 200);
    }
}

TEST(QueueFile, NumericIdsAreKeptAndNewIdsDoNotRepeatThem) {
    TempDir tmp;
    writeFile(tmp.path("queue.json"), R"({"jobs": [{"id": 7, "job": {"input": "a",
        "output": "b", "keyframes": [{"editor": "cartoon"}]}}]})");
    JobQueue q(tmp.path("queue.json"));
    ASSERT_EQ(q.entries().size(), 1u);
    EXPECT_EQ(q.entries()[0].id, "7");
    Job j = q.entries()[0].job;
    EXPECT_EQ(q.add(j), "8");
}

TEST(QueueFile, AFolderOrFifoAsTheQueueFileGivesAWorkingQueueThatSaysItCannotSave) {
    for (const bool fifo : {false, true}) {
        TempDir tmp;
        const std::string file = tmp.path("queue.json");
        if (fifo)
            ASSERT_EQ(::mkfifo(file.c_str(), 0644), 0);
        else
            fs::create_directory(file);
        JobQueue q(file);
        EXPECT_TRUE(q.entries().empty());
        EXPECT_FALSE(q.warnings().empty());
        Job j;
        j.input = tmp.path("missing.mp4");
        j.output = tmp.path("o.mp4");
        j.keyframes.push_back(Keyframe{});
        j.keyframes[0].editor = "cartoon";
        EXPECT_NO_THROW(q.add(j));
        EXPECT_EQ(q.entries().size(), 1u);
        // Running the queue saves after every state change: none of it may throw.
        std::stop_source stop;
        EXPECT_NO_THROW(q.runNext({}, stop.get_token()));
        EXPECT_EQ(q.entries()[0].state, JobState::Failed);
        EXPECT_NE(q.warnings().back().find("could not be saved"), std::string::npos);
    }
}

}  // namespace
