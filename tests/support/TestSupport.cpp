#include "support/TestSupport.h"

#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <opencv2/imgproc.hpp>

#include "media/SampleClip.h"
#include "media/VideoReader.h"

namespace fs = std::filesystem;

namespace restyle::test {

cv::Mat sceneFrame(int w, int h, unsigned seed) {
    return SampleScene(SampleClipOptions{w, h, 1, 25, seed}).frame(0);
}

static cv::Rect cell(int bit, cv::Size size) {
    const int cw = size.width / 4, ch = size.height / 4;
    return cv::Rect((bit % 4) * cw, (bit / 4) * ch, cw, ch);
}

cv::Mat indexedFrame(int index, cv::Size size) {
    cv::Mat img(size, CV_8UC3);
    cv::RNG rng(1234);
    for (int y = 0; y < size.height; ++y)
        for (int x = 0; x < size.width; ++x)
            img.at<cv::Vec3b>(y, x) =
                cv::Vec3b(uchar(x * 255 / size.width), uchar(y * 255 / size.height), uchar(128));
    for (int bit = 0; bit < 16; ++bit) {
        const cv::Rect r = cell(bit, size);
        const cv::Rect inner(r.x + r.width / 4, r.y + r.height / 4, r.width / 2, r.height / 2);
        const bool on = (index >> bit) & 1;
        cv::rectangle(img, inner, on ? cv::Scalar(250, 250, 250) : cv::Scalar(5, 5, 5), cv::FILLED);
    }
    return img;
}

int readFrameIndex(const cv::Mat& frame) {
    int index = 0;
    for (int bit = 0; bit < 16; ++bit) {
        const cv::Rect r = cell(bit, frame.size());
        const cv::Rect probe(r.x + r.width * 3 / 8, r.y + r.height * 3 / 8, r.width / 4,
                             r.height / 4);
        const cv::Scalar m = cv::mean(frame(probe));
        const double v = (m[0] + m[1] + m[2]) / 3.0;
        if (v > 170) {
            index |= 1 << bit;
        } else if (v > 85) {
            return -1;
        }
    }
    return index;
}

int runCommand(const std::string& command, std::string* output) {
    FILE* p = popen(command.c_str(), "r");
    if (!p) return -1;
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0)
        if (output) output->append(buf, n);
    const int status = pclose(p);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int signalWhenWriting(const std::string& command, const std::string& dir, const std::string& signal) {
    const std::string count = "$(ls -A '" + dir + "' | wc -l)";
    std::string rc;
    runCommand("(before=" + count + "; " + command + " >/dev/null 2>&1 & pid=$!; " +
                   "for i in $(seq 1200); do [ " + count + " -gt $before ] && break; " +
                   "kill -0 $pid 2>/dev/null || break; sleep 0.05; done; sleep 0.2; " +
                   "kill -" + signal + " $pid; wait $pid; echo $?)",
               &rc);
    try {
        return std::stoi(rc);
    } catch (...) {
        return -1;
    }
}

bool makeClip(const std::string& path, const ClipSpec& spec) {
    const std::string raw = path + ".rgb";
    {
        FILE* f = std::fopen(raw.c_str(), "wb");
        for (int i = 0; i < spec.frames; ++i) {
            const cv::Mat img = indexedFrame(i, spec.size);
            std::fwrite(img.data, 1, img.total() * img.elemSize(), f);
        }
        std::fclose(f);
    }
    const std::string size =
        std::to_string(spec.size.width) + "x" + std::to_string(spec.size.height);
    const std::string seconds = std::to_string(double(spec.frames) / spec.fps);
    std::string cmd = "ffmpeg -v error -y -f rawvideo -pix_fmt bgr24 -s " + size + " -r " +
                      std::to_string(spec.fps) + " -i '" + raw + "'";
    if (!spec.audioArgs.empty())
        cmd += " -f lavfi -i sine=frequency=440:sample_rate=48000:duration=" + seconds;
    cmd += " " + spec.videoArgs + " ";
    cmd += spec.audioArgs.empty() ? "-an" : spec.audioArgs + " -shortest";
    cmd += " " + spec.extraArgs + " '" + path + "' 2>&1";
    std::string out;
    const int rc = runCommand(cmd, &out);
    std::remove(raw.c_str());
    if (rc != 0) std::cerr << "ffmpeg failed (" << rc << "): " << cmd << "\n" << out << "\n";
    return rc == 0;
}

double meanAbsDiff(const cv::Mat& a, const cv::Mat& b) {
    cv::Mat d;
    cv::absdiff(a, b, d);
    const cv::Scalar m = cv::mean(d);
    return (m[0] + m[1] + m[2]) / std::max(1, std::min(3, a.channels()));
}

std::vector<cv::Mat> readAllFrames(const std::string& path) {
    VideoReader r(path);
    std::vector<cv::Mat> out;
    VideoFrame f;
    while (r.read(f))
        out.push_back(f.image.clone());
    return out;
}

double psnr(const cv::Mat& a, const cv::Mat& b) {
    return cv::PSNR(a, b);
}

}  // namespace restyle::test
