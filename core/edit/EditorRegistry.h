#pragma once
// All editors by name: the built-ins, then the model editors whose manifests are on the
// model search path. Listing does not load models; creating one does (and probes it).
#include <memory>
#include <string>
#include <vector>

#include "edit/Editor.h"

namespace restyle {

struct EditorInfo {
    std::string name;
    std::string description;
    std::vector<ParamSpec> params;
    std::string source;  // "built-in" or the manifest's path
    bool reappliable = true;
};

// Broken manifests, and models whose name is a built-in's, are left out and described in
// `problems` (one sentence each, naming the manifest).
std::vector<EditorInfo> listEditors(std::vector<std::string>* problems = nullptr);
// Throws InputError for an unknown name (listing the known ones and the broken manifests)
// or an unusable model.
std::unique_ptr<Editor> createEditor(const std::string& name);

}  // namespace restyle
