#include "propagate/Keyframe.h"

#include <cstdlib>

#include "common/Error.h"

namespace restyle {

Keyframe parseKeyframeArgument(const std::string& text) {
    const auto colon = text.find(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == text.size())
        throw InputError("--keyframe " + text + ": expected FRAME:IMAGE, e.g. 90:frame90.png");
    const std::string n = text.substr(0, colon);
    char* end = nullptr;
    const long long frame = std::strtoll(n.c_str(), &end, 10);
    if (*end != '\0' || frame < 0)
        throw InputError("--keyframe " + text + ": '" + n + "' is not a frame number");
    Keyframe k;
    k.frame = frame;
    k.image = text.substr(colon + 1);
    return k;
}

}  // namespace restyle
