#include "style/LossSpikeGuard.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace restyle {

LossSpikeGuard::LossSpikeGuard(double factor, int window) : factor_(factor), window_(window) {}

double LossSpikeGuard::median() const {
    std::vector<double> sorted(recent_.begin(), recent_.end());
    std::nth_element(sorted.begin(), sorted.begin() + sorted.size() / 2, sorted.end());
    return sorted[sorted.size() / 2];
}

bool LossSpikeGuard::isSpike(double loss) const {
    if (!std::isfinite(loss)) return true;
    return lowestMedian_ >= 0 && loss > factor_ * lowestMedian_;
}

void LossSpikeGuard::accept(double loss) {
    recent_.push_back(loss);
    if (int(recent_.size()) > window_) recent_.pop_front();
    if (int(recent_.size()) < window_) return;
    const double m = median();
    if (lowestMedian_ < 0 || m < lowestMedian_) lowestMedian_ = m;
}

bool LossSpikeGuard::healthy() const {
    if (lowestMedian_ < 0) return false;
    // The latest losses: the window's median lags a climb by half a window.
    const size_t latest = std::min<size_t>(5, recent_.size());
    double sum = 0;
    for (size_t i = recent_.size() - latest; i < recent_.size(); ++i)
        sum += recent_[i];
    return sum / double(latest) <= 1.5 * lowestMedian_;
}

double LossSpikeGuard::recentMean() const {
    double sum = 0;
    for (double v : recent_)
        sum += v;
    return recent_.empty() ? 0.0 : sum / double(recent_.size());
}

}  // namespace restyle
