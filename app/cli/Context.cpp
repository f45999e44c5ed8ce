#include <cmath>
#include <iostream>
#include <memory>

#include "cli/Command.h"

namespace restyle::cli {

ProgressCallback Context::progressPrinter() const {
    if (!progress) return {};
    auto last = std::make_shared<int>(-1);
    return [last](const Progress& p) {
        if (!p.phase.empty()) return;  // farm managers expect one rising percentage
        const int pct = int(std::floor(p.percent()));
        if (pct == *last) return;
        *last = pct;
        std::cout << "PROGRESS " << pct << std::endl;
    };
}

}  // namespace restyle::cli
