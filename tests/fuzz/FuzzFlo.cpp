// Fuzz target: Middlebury .flo files.
#include "FuzzSupport.h"
#include "common/Error.h"
#include "flow/FloFile.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string path = restyle::fuzz::writeInput(data, size, "f.flo");
    try {
        restyle::readFlo(path);
    } catch (const restyle::InputError&) {
    }
    return 0;
}
