#pragma once
#include <string>

#include "common/BuildInfo.h"

namespace restyle::cli {

inline std::string versionText() {
    std::string qt =
#ifdef RESTYLE_QT_VERSION
        std::string("Qt ") + RESTYLE_QT_VERSION + " (GUI)";
#else
        "Qt: not built";
#endif
    return std::string("restyle-cli ") + RESTYLE_VERSION + "\n" + qt + "\n" + torchVersionText() +
           "\n" + opencvVersionText() + "\n" + ffmpegVersionText() + "\n";
}

}  // namespace restyle::cli
