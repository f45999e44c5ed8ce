// Renders Restyle's icon (the design of resources/icons/restyle.svg) to PNG at the hicolor
// sizes, with OpenCV, at build time: make_icons OUTDIR -> OUTDIR/NxN/apps/restyle.png
#include <filesystem>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <string>

int main(int argc, char** argv) {
    const std::string out = argc > 1 ? argv[1] : "icons";
    cv::Mat big(1024, 1024, CV_8UC4, cv::Scalar(0, 0, 0, 0));
    const double s = 4.0;  // 256 -> 1024
    auto P = [&](double x, double y) { return cv::Point(int(x * s), int(y * s)); };
    auto rrect = [&](double x, double y, double w, double h, double r, cv::Scalar c) {
        const int R = int(r * s);
        cv::rectangle(big, P(x + r, y), P(x + w - r, y + h), c, cv::FILLED, cv::LINE_AA);
        cv::rectangle(big, P(x, y + r), P(x + w, y + h - r), c, cv::FILLED, cv::LINE_AA);
        for (auto [cx, cy] : {std::pair{x + r, y + r},
                              {x + w - r, y + r},
                              {x + r, y + h - r},
                              {x + w - r, y + h - r}})
            cv::circle(big, P(cx, cy), R, c, cv::FILLED, cv::LINE_AA);
    };
    rrect(16, 40, 224, 176, 28, {66, 45, 43, 255});
    rrect(36, 60, 88, 136, 10, {174, 153, 141, 255});
    rrect(132, 60, 88, 136, 10, {84, 131, 239, 255});
    cv::circle(big, P(80, 128), int(26 * s), {244, 242, 237, 255}, cv::FILLED, cv::LINE_AA);
    cv::circle(big, P(176, 128), int(26 * s), {102, 209, 255, 255}, cv::FILLED, cv::LINE_AA);
    cv::circle(big, P(176, 128), int(26 * s), {66, 45, 43, 255}, int(6 * s), cv::LINE_AA);
    cv::ellipse(big, P(144, 205), cv::Size(int(42 * s), int(16 * s)), 0, 20, 160,
                {102, 209, 255, 255}, int(10 * s), cv::LINE_AA);
    for (int size : {16, 22, 24, 32, 48, 64, 128, 256, 512}) {
        const std::string dir =
            out + "/" + std::to_string(size) + "x" + std::to_string(size) + "/apps";
        std::filesystem::create_directories(dir);
        cv::Mat icon;
        cv::resize(big, icon, cv::Size(size, size), 0, 0, cv::INTER_AREA);
        cv::imwrite(dir + "/restyle.png", icon);
    }
    return 0;
}
