#pragma once
// 3D colour lookup tables in the .cube format that Resolve and other grading tools export:
// LUT_3D_SIZE N (2-256), optional DOMAIN_MIN / DOMAIN_MAX (or LUT_3D_INPUT_RANGE), then N^3
// "r g b" rows with red changing fastest. Applied with trilinear interpolation.
#include <array>
#include <opencv2/core.hpp>
#include <string>
#include <vector>

namespace restyle {

class CubeLut {
  public:
    // Throws InputError naming the file and line for anything malformed.
    static CubeLut load(const std::string& path);
    static CubeLut parse(const std::string& text, const std::string& nameForErrors);

    int size() const { return size_; }
    const std::string& title() const { return title_; }
    // RGB in [0, 1] (domain-mapped and interpolated).
    cv::Vec3f lookup(float r, float g, float b) const;
    // A BGR 8-bit image through the LUT.
    cv::Mat apply(const cv::Mat& bgr) const;

  private:
    int size_ = 0;
    std::string title_;
    std::array<float, 3> domainMin_{0, 0, 0}, domainMax_{1, 1, 1};
    std::vector<cv::Vec3f> table_;  // index r + N * (g + N * b)
};

}  // namespace restyle
