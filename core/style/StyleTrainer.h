#pragma once
// Trains a KeyframeStyleNet on its keyframe pairs: Adam on random patches (PatchSampler),
// L1 plus an image-gradient term (no pretrained perceptual network: none can be downloaded),
// within a time or step budget, reporting progress and loss, stoppable. A second train()
// after addPair() resumes from the weights and optimiser state so far (the next keyframe
// refines the network instead of starting over).
#include <functional>
#include <memory>
#include <stop_token>
#include <string>
#include <vector>

#include "common/Progress.h"
#include "style/KeyframeStyleNet.h"
#include "style/PatchSampler.h"

namespace restyle {

struct StyleTrainSettings {
    double seconds = 0;           // budget per train() call; 0: the default for the device
    int maxSteps = 0;             // 0: no step limit (the time budget decides)
    // Rate and gradient weight by `bench style` on vtest.avi (880 steps, changed pixels):
    // 2e-3 and 1.0 gave 19.39 dB, 4e-3 and 0.5 19.96 (6e-3: 19.67; weight 2: 19.27).
    double learningRate = 4e-3;   // peak; decays (cosine) to 5% over the budget
    double gradientWeight = 0.5;  // weight of the image-gradient L1 term
    PatchSettings patches;
    uint64_t seed = 0;

    static double defaultSeconds(bool cuda) { return cuda ? 15.0 : 60.0; }
    // The settings that change the result, as text (for cache keys).
    std::string text() const;
};

struct TrainingReport {
    int steps = 0;
    double seconds = 0;
    double loss = 0;  // mean over the last steps
    int rollbacks = 0;  // loss spikes undone by going back to earlier weights (LossSpikeGuard)
    bool fromCache = false;
};

// Loss after each step (for plots): the step number counted over all train() calls.
using LossCallback = std::function<void(int step, double loss)>;

class StyleTrainer {
  public:
    StyleTrainer(std::shared_ptr<KeyframeStyleNet> net, StyleTrainSettings settings);
    ~StyleTrainer();

    void addPair(const cv::Mat& source, const cv::Mat& edited);
    TrainingReport train(const ProgressCallback& progress = {}, std::stop_token stop = {},
                         const LossCallback& onLoss = {});

    const std::shared_ptr<KeyframeStyleNet>& net() const;
    int totalSteps() const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace restyle
