#include "style/LossSpikeGuard.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace restyle {

LossSpikeGuard::LossSpikeGuard(double factor, int window) : factor_(factor), window_(window) {}

bool LossSpikeGuard::isSpike(double loss) const {
    if (!std::isfinite(loss)) return true;
    if (int(recent_.size()) < window_) return false;
    std::vector<double> sorted(recent_.begin(), recent_.end());
    std::nth_element(sorted.begin(), sorted.begin() + sorted.size() / 2, sorted.end());
    return loss > factor_ * sorted[sorted.size() / 2];
}

void LossSpikeGuard::accept(double loss) {
    recent_.push_back(loss);
    if (int(recent_.size()) > window_) recent_.pop_front();
}

double LossSpikeGuard::recentMean() const {
    double sum = 0;
    for (double v : recent_)
        sum += v;
    return recent_.empty() ? 0.0 : sum / double(recent_.size());
}

}  // namespace restyle
