#pragma once
// Adam at the rates that learn a keyframe fastest now and then takes a step that blows the
// network up: on vtest.avi the loss went 0.08 -> 25 at step ~400 of 1770. Its second-moment
// estimate then keeps every later step tiny for about a thousand steps, and training ended
// near the identity (loss 0.10 instead of 0.048: 15.4 dB instead of 20 on new content). The
// guard spots such a loss so the trainer can go back to weights from before it with a lower
// rate. A blow-up may also climb over a few steps (each under three times the last ones, as
// seen at ten times the default rate on another CPU): losses are judged against the lowest
// median the window has had, not only the current one.
#include <deque>

namespace restyle {

class LossSpikeGuard {
  public:
    // A loss is a spike when it is not finite or over `factor` times the lowest median the
    // last `window` accepted losses have had (judged once that many were accepted).
    explicit LossSpikeGuard(double factor = 3.0, int window = 20);
    bool isSpike(double loss) const;
    void accept(double loss);
    // Whether weights now are worth going back to: the window is full and the mean of the
    // last five losses is within half again of the lowest median (not on the way up a slow
    // blow-up).
    bool healthy() const;
    // The mean of the accepted losses in the window (0 before any).
    double recentMean() const;

  private:
    double factor_;
    int window_;
    std::deque<double> recent_;
    double lowestMedian_ = -1;  // none yet
    double median() const;
};

}  // namespace restyle
