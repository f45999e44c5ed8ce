// Jobs as JSON, their validation, and the persisted batch queue.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "common/Error.h"
#include "jobs/JobQueue.h"
#include "media/SampleClip.h"
#include "support/TestSupport.h"

using namespace restyle;
using namespace restyle::test;
using nlohmann::json;

namespace {

Job sampleJob(const std::string& in, const std::string& out) {
    Job j;
    j.input = in;
    j.output = out;
    Keyframe k;
    k.editor = "cartoon";
    k.params = {{"levels", 5}};
    Keyframe painted;
    painted.frame = 9;
    painted.image = "/tmp/painted.png";
    j.keyframes = {k, painted};
    j.settings.flow.method = "dis-medium";
    j.settings.flow.mode = FlowMode::Chained;
    j.settings.crf = 20;
    j.settings.maxSide = 320;
    j.settings.firstFrame = 2;
    j.settings.lastFrame = 40;
    j.settings.temporalStrength = 0.3;
    j.settings.engineSettings = {{"feather", 3.0}};
    return j;
}

TEST(Job, JsonRoundTrip) {
    const Job a = sampleJob("/clips/a.mp4", "/out/a.mp4");
    const json ja = a.toJson();
    const Job b = Job::fromJson(ja);
    EXPECT_EQ(b.toJson(), ja);
    EXPECT_EQ(b.keyframes.size(), 2u);
    EXPECT_EQ(b.keyframes[0].params["levels"], 5);
    EXPECT_EQ(b.keyframes[1].image, "/tmp/painted.png");
    EXPECT_EQ(b.settings.flow.mode, FlowMode::Chained);
    EXPECT_EQ(b.settings.lastFrame, 40);
    EXPECT_EQ(ja["version"], 1);
}

TEST(Job, RelativePathsResolveAgainstTheJobFile) {
    TempDir tmp;
    std::ofstream(tmp.path("job.json"))
        << R"({"input": "in.mp4", "output": "out/o.mp4", "keyframes": [{"editor": "cartoon"}]})";
    const Job j = Job::load(tmp.path("job.json"));
    EXPECT_EQ(j.input, tmp.path("in.mp4"));
    EXPECT_EQ(j.output, tmp.path("out/o.mp4"));
}

TEST(Job, ValidationErrorsNameTheFieldAndFile) {
    auto expectError = [](const json& j, const std::string& needle) {
        try {
            Job::fromJson(j, "my-job.json");
            FAIL() << j.dump();
        } catch (const InputError& e) {
            const std::string msg = e.what();
            EXPECT_NE(msg.find("my-job.json"), std::string::npos) << msg;
            EXPECT_NE(msg.find(needle), std::string::npos) << msg;
        }
    };
    const json ok = sampleJob("a.mp4", "b.mp4").toJson();
    json j = ok;
    j.erase("input");
    expectError(j, "\"input\"");
    j = ok;
    j["keyframes"] = json::array();
    expectError(j, "keyframes");
    j = ok;
    j["keyframes"][0] = {{"frame", 3}};
    expectError(j, "needs an \"image\" or an \"editor\"");
    j = ok;
    j["export"]["crf"] = 77;
    expectError(j, "export.crf");
    j = ok;
    j["export"]["crf"] = "high";
    expectError(j, "export.crf must be an integer");
    j = ok;
    j["version"] = 9;
    expectError(j, "version must be an integer from 1 to 1 (got 9)");
    j = ok;
    j["temporal"] = 3;
    expectError(j, "temporal");
    EXPECT_THROW(Job::fromJson(json::array()), InputError);
}

TEST(JobQueue, PersistsEveryChangeAndResumesAfterACrash) {
    TempDir tmp;
    const std::string file = tmp.path("queue.json");
    std::string a, b, c;
    {
        JobQueue q(file);
        a = q.add(sampleJob("/x/a.mp4", "/x/a.out.mp4"));
        b = q.add(sampleJob("/x/b.mp4", "/x/b.out.mp4"));
        c = q.add(sampleJob("/x/c.mp4", "/x/c.out.mp4"));
        q.move(c, 0);
        EXPECT_EQ(q.entries()[0].id, c);
    }
    // Simulate a crash while b was running and a was done: edit the file as the program
    // would have left it.
    {
        std::ifstream in(file);
        json j = json::parse(in);
        for (auto& e : j["jobs"]) {
            if (e["id"] == a) e["state"] = "done";
            if (e["id"] == b) e["state"] = "running";
        }
        std::ofstream(file) << j.dump();
    }
    JobQueue q(file);
    const auto entries = q.entries();
    ASSERT_EQ(entries.size(), 3u);
    EXPECT_EQ(entries[0].id, c);
    EXPECT_EQ(q.entry(a)->state, JobState::Done);
    EXPECT_EQ(q.entry(b)->state, JobState::Queued);  // running -> queued again
    EXPECT_EQ(q.entry(b)->job.input, "/x/b.mp4");
    q.remove(c);
    EXPECT_EQ(JobQueue(file).entries().size(), 2u);
    // No stray temporary files beside the queue.
    EXPECT_EQ(tmp.entries(), std::vector<std::string>{"queue.json"});
}

TEST(JobQueue, RunsJobsOneAtATimeRecordingFailuresAndCancels) {
    TempDir tmp;
    writeSampleClip(tmp.path("clip.mp4"), SampleClipOptions{128, 72, 30, 25, 3});
    JobQueue q(tmp.path("queue.json"));
    const std::string bad = q.add(sampleJob(tmp.path("missing.mp4"), tmp.path("bad.mp4")));
    Job good;
    good.input = tmp.path("clip.mp4");
    good.output = tmp.path("ok.mp4");
    Keyframe k;
    k.editor = "cartoon";
    good.keyframes = {k};
    const std::string ok = q.add(good);
    good.output = tmp.path("cancel.mp4");
    const std::string cancel = q.add(good);

    EXPECT_TRUE(q.runNext({}, {}));
    EXPECT_EQ(q.entry(bad)->state, JobState::Failed);
    EXPECT_NE(q.entry(bad)->error.find("missing.mp4"), std::string::npos) << q.entry(bad)->error;
    EXPECT_TRUE(q.runNext({}, {}));
    EXPECT_EQ(q.entry(ok)->state, JobState::Done);
    EXPECT_TRUE(std::filesystem::exists(tmp.path("ok.mp4")));
    std::stop_source stop;
    EXPECT_TRUE(q.runNext(
        [&](const Progress& p) {
            if (p.done == 5) stop.request_stop();
        },
        stop.get_token()));
    EXPECT_EQ(q.entry(cancel)->state, JobState::Canceled);
    EXPECT_FALSE(std::filesystem::exists(tmp.path("cancel.mp4")));  // nothing left behind
    EXPECT_FALSE(q.runNext({}, {}));                                // nothing queued
    // States survive a restart; retry queues a failed job again.
    JobQueue again(tmp.path("queue.json"));
    EXPECT_EQ(again.entry(ok)->state, JobState::Done);
    EXPECT_EQ(again.entry(cancel)->state, JobState::Canceled);
    again.retry(cancel);
    EXPECT_EQ(JobQueue(tmp.path("queue.json")).entry(cancel)->state, JobState::Queued);
}

TEST(JobQueue, BrokenQueueFileGivesAnEmptyQueueAWarningAndABackup) {
    TempDir tmp;
    std::ofstream(tmp.path("q.json")) << "{ broken";
    JobQueue q(tmp.path("q.json"));
    EXPECT_TRUE(q.entries().empty());
    ASSERT_FALSE(q.warnings().empty());
    EXPECT_NE(q.warnings()[0].find("q.json"), std::string::npos) << q.warnings()[0];
    int backups = 0;
    for (const auto& name : tmp.entries())
        backups += name.rfind("q.json.broken-", 0) == 0;
    EXPECT_EQ(backups, 1);
}

}  // namespace
