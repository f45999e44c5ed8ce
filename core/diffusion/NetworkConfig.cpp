#include "diffusion/NetworkConfig.h"

#include <algorithm>

namespace restyle::diffusion {

bool UNetConfig::attentionAt(int level) const {
    return std::find(attentionLevels.begin(), attentionLevels.end(), level) !=
           attentionLevels.end();
}

SdConfig SdConfig::sd15() {
    return SdConfig{};
}

SdConfig SdConfig::tiny() {
    SdConfig c;
    c.unet.modelChannels = 32;
    c.unet.contextDim = 64;
    c.vae.channels = 32;
    c.text.width = 64;
    c.text.layers = 2;
    c.text.heads = 1;
    return c;
}

}  // namespace restyle::diffusion
