// Fuzz target: .cube 3D LUT text, and a lookup through what parses.
#include "FuzzSupport.h"
#include "common/Error.h"
#include "edit/CubeLut.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    try {
        const auto lut = restyle::CubeLut::parse(restyle::fuzz::text(data, size), "fuzz.cube");
        lut.lookup(0.25f, 0.5f, 0.75f);
        lut.lookup(-1.0f, 2.0f, 0.0f);
    } catch (const restyle::InputError&) {
    }
    return 0;
}
