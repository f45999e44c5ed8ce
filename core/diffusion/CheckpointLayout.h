#pragma once
// What a single-file checkpoint holds, against what the networks expect: the kind (from the
// tensors), the widths (read from key tensors; depths are SD 1.x's), and every missing,
// unexpected or misshapen tensor. `restyle-cli models check` prints this; loading refuses a
// checkpoint whose report is not clean, naming the first bad tensor.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "diffusion/NetworkConfig.h"
#include "models/Checkpoint.h"

namespace restyle::diffusion {

// sd15: SD 1.x (UNet + VAE + CLIP text); instruct-pix2pix: the same with an 8-channel UNet
// input; controlnet: ControlNet 1.0/1.1 (control_model.*, or unprefixed).
struct CheckpointLayout {
    std::string path, kind;
    SdConfig config;
    std::string controlPrefix;  // controlnet: "control_model." or ""
    int64_t parameters = 0;     // elements of the expected tensors
    std::string dtype;          // the most common dtype of those tensors
    std::vector<std::string> missing, unexpected,
        misshapen;        // misshapen: "name: got [..], expected [..]"
    int64_t ignored = 0;  // EMA copies, noise-schedule buffers, position_ids, other parts

    bool ok() const { return missing.empty() && unexpected.empty() && misshapen.empty(); }
    // "file: tensor \"name\" is missing" (or unexpected, or misshapen); empty when ok.
    std::string firstProblem() const;
    nlohmann::json toJson() const;
};

// InputError naming the file when the tensors are no SD 1.x or ControlNet layout at all
// (SDXL, SD 2.x, diffusers folders and inpainting models are named as such).
CheckpointLayout inspectCheckpoint(const Checkpoint& checkpoint);

// The tensors (full names) the networks of `kind` at `config` expect, in build order.
std::vector<CheckpointTensor> expectedTensors(const std::string& kind, const SdConfig& config,
                                              const std::string& controlPrefix = kControlPrefix);

}  // namespace restyle::diffusion
