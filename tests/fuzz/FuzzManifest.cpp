// Fuzz target: a model manifest (read from a file, as loadManifest does).
#include "FuzzSupport.h"
#include "common/Error.h"
#include "models/ModelManifest.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string path = restyle::fuzz::writeInput(data, size, "manifest.json");
    try {
        restyle::loadManifest(path);
    } catch (const restyle::InputError&) {
    }
    return 0;
}
