// The few-shot style network: it learns a known edit from one keyframe pair and applies it to
// a frame it never saw; its exported TorchScript module is a style-net editor; trained weights
// are cached by content. Real frames from opencv-doc's vtest.avi, at a small size so training
// takes seconds. Bounds are set from measured values (printed) with headroom.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <opencv2/core.hpp>

#include "common/Error.h"
#include "edit/TorchStyleEditor.h"
#include "media/VideoReader.h"
#include "models/ModelManifest.h"
#include "style/KeyframeStyleNet.h"
#include "style/LearnKeyframeStyle.h"
#include "style/StyleTrainer.h"
#include "support/TestSupport.h"

using namespace restyle;
using namespace restyle::test;

namespace {

const char* kVtest = "/usr/share/doc/opencv-doc/examples/data/vtest.avi";

cv::Mat vtestFrame(int index, int maxSide = 160) {
    VideoReader reader(kVtest, ReaderOptions{maxSide, 0});
    return reader.frameAt(index).image;
}

// A pointwise colour map far from the identity: curves per channel and a channel mix.
cv::Mat colourMap(const cv::Mat& bgr) {
    cv::Mat out(bgr.size(), CV_8UC3);
    for (int y = 0; y < bgr.rows; ++y)
        for (int x = 0; x < bgr.cols; ++x) {
            const cv::Vec3b p = bgr.at<cv::Vec3b>(y, x);
            const double b = p[0] / 255.0, g = p[1] / 255.0, r = p[2] / 255.0;
            out.at<cv::Vec3b>(y, x) = cv::Vec3b(cv::saturate_cast<uchar>(255 * std::sqrt(r)),
                                                cv::saturate_cast<uchar>(255 * (0.3 + 0.6 * b)),
                                                cv::saturate_cast<uchar>(255 * (1 - g * g)));
        }
    return out;
}

StyleTrainSettings quickTraining(int steps) {
    StyleTrainSettings s;
    s.seconds = 86400;  // the step count decides, however loaded the machine
    s.maxSteps = steps;
    s.patches.size = 32;
    s.patches.batch = 8;
    s.patches.jitter = 0;  // an exact pointwise map: lighting invariance would blur it
    s.learningRate = 3e-3;
    return s;
}

}  // namespace

TEST(KeyframeStyleNet, UntrainedNetworkIsTheIdentityAndHasAboutAHundredThousandParameters) {
    KeyframeStyleNet net({}, "cpu");
    EXPECT_GT(net.parameterCount(), 60000);
    EXPECT_LT(net.parameterCount(), 200000);
    const cv::Mat frame = vtestFrame(0, 97);  // odd sizes are padded inside
    const cv::Mat out = net.apply(frame);
    ASSERT_EQ(out.size(), frame.size());
    EXPECT_LE(cv::norm(out, frame, cv::NORM_INF), 1.0);
}

TEST(KeyframeStyleNet, AFrameRunInTilesHasNoSeamsEachPixelIsWhatItsNeighbourhoodGives) {
    // A 512x384 frame runs in tiles of 128 px plus context (seams at x, y = 128, 256, 384);
    // crops of 128 px run whole. Away from a crop's edges by more than the network's
    // receptive radius (18 px), the crop's output must equal the tiled frame's there.
    auto net = std::make_shared<KeyframeStyleNet>(StyleNetConfig{}, "cpu");
    StyleTrainer trainer(net, quickTraining(30));  // so that the output layer is not zero
    const cv::Mat small = vtestFrame(0);
    trainer.addPair(small, colourMap(small));
    trainer.train();
    const cv::Mat frame = vtestFrame(0, 512);
    ASSERT_EQ(frame.size(), cv::Size(512, 384));
    const cv::Mat tiled = net->apply(frame);
    EXPECT_GT(cv::norm(tiled, frame, cv::NORM_L1) / double(frame.total()), 3.0);  // not identity
    const cv::Rect inner(24, 24, 80, 80);
    for (const cv::Point at : {cv::Point(64, 64), cv::Point(192, 192), cv::Point(320, 64),
                               cv::Point(384, 256)}) {
        const cv::Mat crop = net->apply(frame(cv::Rect(at, cv::Size(128, 128))).clone());
        EXPECT_LE(cv::norm(crop(inner), tiled(inner + at), cv::NORM_INF), 1.0)
            << "crop at " << at;
    }
}

TEST(StyleTrainer, LearnsAPointwiseColourMapToOver35dBOnAFrameItNeverSaw) {
    const cv::Mat train = vtestFrame(0), unseen = vtestFrame(150);
    auto net = std::make_shared<KeyframeStyleNet>(StyleNetConfig{}, "cpu");
    StyleTrainer trainer(net, quickTraining(1200));
    trainer.addPair(train, colourMap(train));
    const TrainingReport r = trainer.train();
    const double before = psnr(unseen, colourMap(unseen));
    const double after = psnr(net->apply(unseen), colourMap(unseen));
    std::cout << "colour map: " << r.steps << " steps in " << r.seconds << " s, loss " << r.loss
              << "; unseen frame PSNR " << before << " dB untrained -> " << after << " dB\n";
    EXPECT_EQ(r.steps, 1200);
    EXPECT_GE(after, 35.0);
}

TEST(StyleTrainer, ARateThatBlowsTheNetworkUpIsUndoneAndTrainingStillLearns) {
    const cv::Mat train = vtestFrame(0), unseen = vtestFrame(150);
    auto net = std::make_shared<KeyframeStyleNet>(StyleNetConfig{}, "cpu");
    StyleTrainSettings s = quickTraining(300);
    s.learningRate = 0.04;  // ten times the default: Adam blows the network up within 300 steps
    StyleTrainer trainer(net, s);
    trainer.addPair(train, colourMap(train));
    const TrainingReport r = trainer.train();
    const double before = psnr(unseen, colourMap(unseen));
    const double after = psnr(net->apply(unseen), colourMap(unseen));
    std::cout << "rate " << s.learningRate << ": " << r.rollbacks << " spikes undone, loss "
              << r.loss << "; unseen frame " << before << " dB untrained -> " << after << " dB\n";
    EXPECT_GE(r.rollbacks, 1);
    EXPECT_EQ(r.steps, 300);
    EXPECT_GE(after, before + 10.0);
}

TEST(StyleTrainer, SecondKeyframeResumesFromTheFirstInsteadOfStartingOver) {
    const cv::Mat a = vtestFrame(0), b = vtestFrame(100);
    auto net = std::make_shared<KeyframeStyleNet>(StyleNetConfig{}, "cpu");
    StyleTrainer trainer(net, quickTraining(150));
    trainer.addPair(a, colourMap(a));
    trainer.train();
    const double afterFirst = psnr(net->apply(b), colourMap(b));
    trainer.addPair(b, colourMap(b));
    int firstStep = -1;
    double firstLoss = 0;
    trainer.train({}, {}, [&](int step, double loss) {
        if (firstStep < 0) firstStep = step, firstLoss = loss;
    });
    std::cout << "resume: PSNR on the second keyframe before its phase " << afterFirst
              << " dB, first loss of the phase " << firstLoss << " at step " << firstStep << "\n";
    EXPECT_EQ(firstStep, 151);   // the step count goes on
    EXPECT_LT(firstLoss, 0.05);  // a fresh network starts near 0.3 (the map's mean change)
    EXPECT_EQ(trainer.totalSteps(), 300);
}

TEST(KeyframeStyleNet, ExportedTorchScriptLoadsAsAStyleNetEditorAndMatchesTheNetwork) {
    TempDir tmp;
    const cv::Mat a = vtestFrame(0);
    auto net = std::make_shared<KeyframeStyleNet>(StyleNetConfig{}, "cpu");
    StyleTrainer trainer(net, quickTraining(20));
    trainer.addPair(a, colourMap(a));
    trainer.train();
    net->exportTorchScript(tmp.path("net.pt"));
    std::ofstream(tmp.path("manifest.json"))
        << R"({"name": "learned", "kind": "style-net", "files": {"module": "net.pt"},
               "input": {"channels": "bgr", "range": [0, 1], "multiple": 4},
               "output": {"channels": "bgr", "range": [0, 1]}})";
    TorchStyleEditor editor(loadManifest(tmp.path("manifest.json")), "cpu");
    const cv::Mat frame = vtestFrame(60, 150);
    const cv::Mat viaEditor = editor.apply(frame, {{"strength", 1.0}, {"device", "cpu"}}, nullptr);
    const cv::Mat native = net->apply(frame);
    EXPECT_GT(cv::norm(native, frame, cv::NORM_L1) / double(frame.total()), 5.0);  // it learned
    EXPECT_LE(cv::norm(viaEditor, native, cv::NORM_INF), 1.0);
}

TEST(KeyframeStyleNet, SavedWeightsLoadBackAndOtherFilesAreRefusedByName) {
    TempDir tmp;
    const cv::Mat a = vtestFrame(0);
    auto net = std::make_shared<KeyframeStyleNet>(StyleNetConfig{16}, "cpu");
    StyleTrainer trainer(net, quickTraining(10));
    trainer.addPair(a, colourMap(a));
    trainer.train();
    net->save(tmp.path("w.pt"));
    const auto back = KeyframeStyleNet::load(tmp.path("w.pt"), "cpu");
    EXPECT_EQ(back->config().channels, 16);
    EXPECT_EQ(cv::norm(back->apply(a), net->apply(a), cv::NORM_INF), 0.0);
    std::ofstream(tmp.path("junk.pt")) << "not weights";
    try {
        KeyframeStyleNet::load(tmp.path("junk.pt"), "cpu");
        FAIL() << "junk accepted";
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("junk.pt"), std::string::npos) << e.what();
    }
    KeyframeStyleNet other({32}, "cpu");
    EXPECT_THROW(other.loadWeights(tmp.path("w.pt")), InputError);
}

TEST(LearnKeyframeStyle, SecondRunWithTheSameKeyframesLoadsFromTheCache) {
    TempDir tmp;
    const cv::Mat a = vtestFrame(0), b = vtestFrame(80);
    StyleLearnSettings s;
    s.net.channels = 8;
    s.train = quickTraining(15);
    s.device = "cpu";
    s.cacheDir = tmp.path("cache");
    const std::vector<StylePair> pairs{{a, colourMap(a)}, {b, colourMap(b)}};
    StyleLearnLog first, second;
    std::vector<double> progress;
    const auto net1 = learnKeyframeStyle(
        pairs, s, [&](const Progress& p) { progress.push_back(p.percent()); }, {}, &first);
    const auto net2 = learnKeyframeStyle(pairs, s, {}, {}, &second);
    ASSERT_EQ(first.phases.size(), 2u);
    ASSERT_EQ(second.phases.size(), 2u);
    EXPECT_FALSE(first.phases[0].fromCache);
    EXPECT_TRUE(second.phases[0].fromCache && second.phases[1].fromCache);
    EXPECT_EQ(cv::norm(net1->apply(b), net2->apply(b), cv::NORM_INF), 0.0);
    ASSERT_FALSE(progress.empty());
    EXPECT_TRUE(std::is_sorted(progress.begin(), progress.end()));
    EXPECT_DOUBLE_EQ(progress.back(), 100.0);
    // Another edit of the same frames is another entry.
    const std::vector<StylePair> other{{a, 255 - colourMap(a)}};
    StyleLearnLog third;
    learnKeyframeStyle(other, s, {}, {}, &third);
    EXPECT_FALSE(third.phases[0].fromCache);
}

TEST(StyleTrainer, StopRequestEndsTrainingWithCanceledError) {
    const cv::Mat a = vtestFrame(0);
    auto net = std::make_shared<KeyframeStyleNet>(StyleNetConfig{8}, "cpu");
    StyleTrainer trainer(net, quickTraining(100000));
    trainer.addPair(a, colourMap(a));
    std::stop_source stop;
    int steps = 0;
    EXPECT_THROW(trainer.train({}, stop.get_token(),
                               [&](int, double) {
                                   if (++steps == 3) stop.request_stop();
                               }),
                 CanceledError);
    EXPECT_EQ(steps, 3);
}
