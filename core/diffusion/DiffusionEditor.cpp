#include "diffusion/DiffusionEditor.h"

#include <mutex>
#include <opencv2/imgproc.hpp>

#include "diffusion/SdModel.h"

namespace restyle {

cv::Mat cannyControl(const cv::Mat& bgr, double low, double high) {
    cv::Mat grey, edges, out;
    cv::cvtColor(bgr, grey, cv::COLOR_BGR2GRAY);
    cv::Canny(grey, edges, low, high);
    cv::cvtColor(edges, out, cv::COLOR_GRAY2BGR);
    return out;
}

struct DiffusionEditor::Impl {
    ModelManifest manifest;
    std::shared_ptr<diffusion::SdModel> model;
    std::string device = "auto";
    std::mutex mutex;
};

bool DiffusionEditor::handles(const std::string& kind) {
    return kind == "sd-img2img" || kind == "instruct-pix2pix";
}

std::vector<ParamSpec> DiffusionEditor::schema(const std::string& kind) {
    std::vector<ParamSpec> p;
    ParamSpec prompt;
    prompt.name = kind == "instruct-pix2pix" ? "instruction" : "prompt";
    prompt.type = ParamType::Text;
    prompt.defaultValue = kind == "instruct-pix2pix" ? "make it a watercolor painting"
                                                     : "a watercolor painting, soft colors";
    prompt.description = kind == "instruct-pix2pix" ? "What to change" : "What the result shows";
    p.push_back(prompt);
    ParamSpec negative = prompt;
    negative.name = "negative_prompt";
    negative.defaultValue = "blurry, low quality";
    negative.description = "What to avoid";
    p.push_back(negative);
    if (kind == "instruct-pix2pix") {
        p.push_back(params::floating("text_guidance", 7.5, 1, 20,
                                     "How strongly to follow the instruction"));
        p.push_back(params::floating("image_guidance", 1.5, 1, 5, "How closely to keep the frame"));
    } else {
        p.push_back(params::floating("strength", 0.6, 0.05, 1, "How much to change (denoising)"));
        p.push_back(params::floating("guidance", 7.5, 1, 20, "How strongly to follow the prompt"));
        p.push_back(
            params::boolean("controlnet", true,
                            "Keep the frame's edges (ControlNet canny), when the model has one"));
    }
    p.push_back(params::integer("steps", 20, 1, 100, "Sampling steps"));
    p.push_back(params::integer("seed", 1, 0, 2147483647, "Random seed"));
    p.push_back(params::choice("device", {"auto", "cpu", "cuda"}, "auto", "Where the model runs"));
    return p;
}

DiffusionEditor::DiffusionEditor(const ModelManifest& manifest)
    : impl_(std::make_unique<Impl>()), kind_(manifest.kind) {
    impl_->manifest = manifest;
    impl_->model = diffusion::SdModel::load(manifest.path, "", "auto");
}

DiffusionEditor::~DiffusionEditor() = default;

std::string DiffusionEditor::name() const {
    return impl_->manifest.name;
}

std::string DiffusionEditor::description() const {
    const auto& d = impl_->manifest.description;
    return d.empty() ? "Diffusion model " + name() : d;
}

cv::Mat DiffusionEditor::apply(const cv::Mat& frame, const ParamValues& v,
                               std::vector<std::string>*) const {
    std::lock_guard lock(impl_->mutex);
    const std::string device = v.at("device");
    if (device != impl_->device) {
        impl_->model = diffusion::SdModel::load(impl_->manifest.path, "", device);
        impl_->device = device;
    }
    diffusion::SampleRequest r;
    r.init = {frame};
    r.negative = v.at("negative_prompt");
    r.steps = v.at("steps");
    r.seed = uint64_t(v.at("seed").get<int64_t>());
    if (kind_ == "instruct-pix2pix") {
        r.instructPix2Pix = true;
        r.prompt = v.at("instruction");
        r.guidance = v.at("text_guidance");
        r.imageGuidance = v.at("image_guidance");
    } else {
        r.prompt = v.at("prompt");
        r.strength = v.at("strength");
        r.guidance = v.at("guidance");
        if (v.at("controlnet").get<bool>() && impl_->model->hasControlNet())
            r.control = {cannyControl(frame)};
    }
    return diffusion::sample(*impl_->model, r)[0];
}

}  // namespace restyle
