// restyle-cli editors / edit.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>

#include "media/SampleClip.h"
#include "support/TestSupport.h"

using namespace restyle;
using namespace restyle::test;

namespace {

const std::string kCli = RESTYLE_CLI;

TEST(CliEdit, EditorsListsAtLeastEightWithFullSchemas) {
    std::string out;
    ASSERT_EQ(runCommand(kCli + " editors", &out), 0);
    const auto list = nlohmann::json::parse(out);
    EXPECT_GE(list.size(), 8u);
    for (const auto& e : list) {
        EXPECT_TRUE(e["name"].is_string());
        EXPECT_FALSE(e["description"].get<std::string>().empty());
        ASSERT_TRUE(e["params"].is_array());
        EXPECT_FALSE(e["params"].empty()) << e["name"];
        for (const auto& p : e["params"])
            for (const char* key : {"name", "type", "default", "min", "max", "choices"})
                EXPECT_TRUE(p.contains(key)) << e["name"] << " " << key;
    }
}

TEST(CliEdit, EditsAFrameOfAClipWithEachEditor) {
    TempDir tmp;
    writeSampleClip(tmp.path("c.mp4"), SampleClipOptions{176, 98, 6, 25, 4});
    cv::imwrite(tmp.path("paint.png"), cv::Mat(98, 176, CV_8UC3, cv::Scalar(9, 99, 199)));
    cv::imwrite(tmp.path("ref.png"), cv::Mat(10, 10, CV_8UC3, cv::Scalar(200, 40, 40)));
    std::ofstream(tmp.path("id.cube"))
        << "LUT_3D_SIZE 2\n0 0 0\n1 0 0\n0 1 0\n1 1 0\n0 0 1\n1 0 1\n0 1 1\n1 1 1\n";
    const std::vector<std::string> runs = {
        "--editor cartoon --set levels=4",
        "--editor stylize",
        "--editor watercolor --set seed=3",
        "--editor oil-paint --set brush=3",
        "--editor pencil --set mode=color",
        "--editor detail-enhance",
        "--editor color-transfer --set reference=" + tmp.path("ref.png"),
        "--editor lut --set cube=" + tmp.path("id.cube"),
        "--editor painted-frame --set image=" + tmp.path("paint.png")};
    for (size_t i = 0; i < runs.size(); ++i) {
        const std::string out = tmp.path(std::string("e").append(std::to_string(i)).append(".png"));
        std::string err;
        ASSERT_EQ(runCommand(kCli + " edit " + tmp.path("c.mp4") + " --frame 3 --out " + out + " " +
                                 runs[i] + " 2>&1",
                             &err),
                  0)
            << runs[i] << ": " << err;
        const cv::Mat img = cv::imread(out);
        EXPECT_EQ(img.size(), cv::Size(176, 98)) << runs[i];
    }
}

TEST(CliEdit, BadInputExitsTwoWithAClearMessage) {
    TempDir tmp;
    writeSampleClip(tmp.path("c.mp4"), SampleClipOptions{64, 48, 2, 25, 4});
    std::ofstream(tmp.path("bad.cube")) << "LUT_3D_SIZE 3\n0 0 0\n";
    std::ofstream(tmp.path("notimage.png")) << "text";
    const std::string base = kCli + " edit " + tmp.path("c.mp4") + " --out " + tmp.path("o.png");
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"--editor monet", "unknown editor 'monet'"},
        {"--editor cartoon --set levels=1000", "levels"},
        {"--editor cartoon --set bogus=1", "unknown parameter bogus"},
        {"--editor lut --set cube=" + tmp.path("bad.cube"), "bad.cube"},
        {"--editor painted-frame --set image=" + tmp.path("notimage.png"), "notimage.png"},
        {"--editor cartoon --frame 99", "out of range"},
        {"--editor style-x --set a=b", "unknown editor"}};
    for (const auto& [args, needle] : cases) {
        std::string err;
        EXPECT_EQ(runCommand(base + " " + args + " 2>&1", &err), 2) << args;
        EXPECT_NE(err.find(needle), std::string::npos) << args << ": " << err;
    }
    EXPECT_FALSE(std::filesystem::exists(tmp.path("o.png")));
}

}  // namespace
