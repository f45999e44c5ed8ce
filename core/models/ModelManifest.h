#pragma once
// A model is a folder with manifest.json and its files (DESIGN.md section 4). The manifest
// names the model, its kind, its files and the tensor contract its modules keep.
#include <array>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace restyle {

// How an image tensor is laid out and scaled: NCHW float32, channels in `channels` order,
// value = (pixel/255 * (rangeMax - rangeMin) + rangeMin - mean[c]) / std[c].
struct ImageTensorSpec {
    std::string channels = "rgb";  // "rgb" or "bgr"
    double rangeMin = 0.0;
    double rangeMax = 1.0;
    std::array<double, 3> mean{0, 0, 0};
    std::array<double, 3> std{1, 1, 1};
    int multiple = 1;  // spatial sizes must be multiples of this (inputs are padded)
    int maxSide = 0;   // larger frames are processed in tiles (0: no limit)
};

struct ModelManifest {
    std::string path;  // manifest.json
    std::string dir;   // its folder
    std::string name;
    std::string kind;  // style-net, flow, text-encoder, sd-img2img, instruct-pix2pix, ...
    std::string description;
    std::map<std::string, std::string> files;  // role -> absolute path
    ImageTensorSpec input;
    ImageTensorSpec output;
    nlohmann::json raw;  // the whole manifest, for kind-specific settings

    // Absolute path of the file with `role`; throws InputError naming the manifest if absent.
    std::string file(const std::string& role) const;
};

const std::vector<std::string>& modelKinds();

// Reads and validates a manifest: `path` is manifest.json or the folder holding it. Throws
// InputError naming the file and what was expected (missing fields, unknown kind, missing
// files).
ModelManifest loadManifest(const std::string& path);

// Where models are looked for, in order: $RESTYLE_MODEL_PATH (colon-separated),
// ~/.local/share/restyle/models, the installed share/restyle/models.
std::vector<std::string> modelSearchPath();

// Every valid manifest found one level below the search path's folders. Broken ones are
// reported in `problems` (one line each) and skipped.
std::vector<ModelManifest> findModels(std::vector<std::string>* problems = nullptr);

// A manifest given as a path, or by name from the search path.
ModelManifest resolveModel(const std::string& pathOrName);

}  // namespace restyle
