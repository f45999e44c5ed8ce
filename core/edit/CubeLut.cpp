#include "edit/CubeLut.h"

#include <cctype>
#include <cmath>
#include <fstream>
#include <sstream>

#include "common/Error.h"
#include "common/FileUtil.h"

namespace restyle {

namespace {

// True when a whitespace-separated token of `line` spells NaN or infinity (any case, any
// sign), which the stream parser would otherwise skip as a keyword or reject vaguely.
bool hasNonFiniteToken(const std::string& line) {
    std::istringstream in(line);
    std::string t;
    while (in >> t) {
        for (auto& c : t)
            c = char(std::tolower(static_cast<unsigned char>(c)));
        if (!t.empty() && (t[0] == '+' || t[0] == '-')) t.erase(0, 1);
        if (t == "nan" || t.rfind("inf", 0) == 0) return true;
    }
    return false;
}

}  // namespace

CubeLut CubeLut::load(const std::string& path) {
    checkReadableFile(path);
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    return parse(ss.str(), path);
}

CubeLut CubeLut::parse(const std::string& text, const std::string& name) {
    CubeLut lut;
    std::istringstream in(text);
    std::string line;
    int lineNo = 0;
    auto fail = [&](const std::string& why) -> void {
        throw InputError(name + ": line " + std::to_string(lineNo) + ": " + why);
    };
    while (std::getline(in, line)) {
        ++lineNo;
        if (auto hash = line.find('#'); hash != std::string::npos) line.resize(hash);
        std::istringstream ls(line);
        std::string first;
        if (!(ls >> first)) continue;
        // "nan" and "inf" start with letters but are data: a broken row, not a keyword.
        if (first != "TITLE" && hasNonFiniteToken(line))
            fail("value is not finite (nan or inf): \"" + line + "\"");
        if (std::isalpha(static_cast<unsigned char>(first[0]))) {
            if (first == "TITLE") {
                const auto q1 = line.find('"'), q2 = line.rfind('"');
                if (q1 != std::string::npos && q2 > q1)
                    lut.title_ = line.substr(q1 + 1, q2 - q1 - 1);
            } else if (first == "LUT_3D_SIZE") {
                if (!(ls >> lut.size_) || lut.size_ < 2 || lut.size_ > 256)
                    fail("LUT_3D_SIZE must be 2-256");
                lut.table_.reserve(size_t(lut.size_) * lut.size_ * lut.size_);
            } else if (first == "LUT_1D_SIZE") {
                fail("1D LUTs are not supported; export a 3D LUT (LUT_3D_SIZE)");
            } else if (first == "DOMAIN_MIN" || first == "DOMAIN_MAX") {
                auto& d = first == "DOMAIN_MIN" ? lut.domainMin_ : lut.domainMax_;
                if (!(ls >> d[0] >> d[1] >> d[2])) fail(first + " needs three numbers");
            } else if (first == "LUT_3D_INPUT_RANGE") {
                float lo, hi;
                if (!(ls >> lo >> hi)) fail("LUT_3D_INPUT_RANGE needs two numbers");
                lut.domainMin_ = {lo, lo, lo};
                lut.domainMax_ = {hi, hi, hi};
            }
            continue;  // other keywords (e.g. LUT_IN_VIDEO_RANGE) do not change the mapping
        }
        if (lut.size_ == 0) fail("data before LUT_3D_SIZE");
        std::istringstream vs(line);
        float r, g, b;
        std::string extra;
        if (!(vs >> r >> g >> b) || (vs >> extra)) fail("expected three numbers \"r g b\"");
        if (!std::isfinite(r) || !std::isfinite(g) || !std::isfinite(b))
            fail("value is not finite");
        lut.table_.emplace_back(r, g, b);
    }
    if (lut.size_ == 0) throw InputError(name + ": no LUT_3D_SIZE: not a 3D .cube LUT");
    const size_t expected = size_t(lut.size_) * lut.size_ * lut.size_;
    if (lut.table_.size() != expected)
        throw InputError(name + ": LUT_3D_SIZE " + std::to_string(lut.size_) + " needs " +
                         std::to_string(expected) + " rows, found " +
                         std::to_string(lut.table_.size()));
    for (int c = 0; c < 3; ++c)
        if (!(lut.domainMax_[size_t(c)] > lut.domainMin_[size_t(c)]))
            throw InputError(name + ": DOMAIN_MAX must be greater than DOMAIN_MIN");
    return lut;
}

cv::Vec3f CubeLut::lookup(float r, float g, float b) const {
    const float in[3] = {r, g, b};
    int i0[3], i1[3];
    float t[3];
    const int n = size_;
    for (int c = 0; c < 3; ++c) {
        float x = (in[c] - domainMin_[size_t(c)]) / (domainMax_[size_t(c)] - domainMin_[size_t(c)]);
        x = std::clamp(x, 0.0f, 1.0f) * float(n - 1);
        i0[c] = std::min(int(x), n - 2);
        i1[c] = i0[c] + 1;
        t[c] = x - float(i0[c]);
    }
    auto at = [&](int ri, int gi, int bi) { return table_[size_t(ri + n * (gi + n * bi))]; };
    // Interpolate along red, then green, then blue.
    const cv::Vec3f c00 = at(i0[0], i0[1], i0[2]) * (1 - t[0]) + at(i1[0], i0[1], i0[2]) * t[0];
    const cv::Vec3f c10 = at(i0[0], i1[1], i0[2]) * (1 - t[0]) + at(i1[0], i1[1], i0[2]) * t[0];
    const cv::Vec3f c01 = at(i0[0], i0[1], i1[2]) * (1 - t[0]) + at(i1[0], i0[1], i1[2]) * t[0];
    const cv::Vec3f c11 = at(i0[0], i1[1], i1[2]) * (1 - t[0]) + at(i1[0], i1[1], i1[2]) * t[0];
    const cv::Vec3f c0 = c00 * (1 - t[1]) + c10 * t[1];
    const cv::Vec3f c1 = c01 * (1 - t[1]) + c11 * t[1];
    return c0 * (1 - t[2]) + c1 * t[2];
}

cv::Mat CubeLut::apply(const cv::Mat& bgr) const {
    CV_Assert(bgr.type() == CV_8UC3);
    cv::Mat out(bgr.size(), CV_8UC3);
    out.forEach<cv::Vec3b>([&](cv::Vec3b& o, const int* pos) {
        const cv::Vec3b p = bgr.at<cv::Vec3b>(pos[0], pos[1]);
        const cv::Vec3f v = lookup(p[2] / 255.0f, p[1] / 255.0f, p[0] / 255.0f);
        o = cv::Vec3b(cv::saturate_cast<uchar>(v[2] * 255.0f),
                      cv::saturate_cast<uchar>(v[1] * 255.0f),
                      cv::saturate_cast<uchar>(v[0] * 255.0f));
    });
    return out;
}

}  // namespace restyle
