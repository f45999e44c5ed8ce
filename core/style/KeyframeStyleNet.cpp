#include <torch/script.h>
#include <torch/serialize.h>
#include <torch/torch.h>

#include "style/KeyframeStyleNet.h"

#include <opencv2/imgproc.hpp>

#include "common/Error.h"
#include "common/FileUtil.h"
#include "models/detail/Torch.h"

namespace restyle {

namespace {

// Native weight files start with this tensor: magic, format version, channels.
constexpr int64_t kMagic = 0x5354594c;  // "STYL"
constexpr int64_t kVersion = 1;

struct Layer {
    const char* name;
    int in, out;  // in multiples of the channel count c; 0 means 3 (an image)
    int kernel, stride;
    bool transposed;
};

// The architecture as data: forward() and the TorchScript source below follow it.
const std::vector<Layer>& layers() {
    static const std::vector<Layer> l = {
        {"inp", 0, 1, 3, 1, false},  {"enc", 1, 1, 3, 1, false},   {"down1", 1, 2, 3, 2, false},
        {"mid1", 2, 2, 3, 1, false}, {"down2", 2, 4, 3, 2, false}, {"mid2", 4, 4, 3, 1, false},
        {"up1", 4, 2, 2, 2, true},   {"dec1", 2, 2, 3, 1, false},  {"up2", 2, 1, 2, 2, true},
        {"dec2", 1, 1, 3, 1, false}, {"out", 1, 0, 1, 1, false}};
    return l;
}

// The same forward pass, as TorchScript source for the exported module.
const char* kScriptSource = R"JIT(
def act(self, t):
    return torch.leaky_relu(t, 0.2)

def conv(self, t, w, b, stride: int):
    return torch.conv2d(t, w, b, [stride, stride], [w.size(2) // 2, w.size(3) // 2])

def up(self, t, w, b):
    return torch.conv_transpose2d(t, w, b, [2, 2])

def forward(self, x):
    n = x * 2.0 - 1.0
    e = self.act(self.conv(n, self.inp_w, self.inp_b, 1))
    e = self.act(self.conv(e, self.enc_w, self.enc_b, 1))
    h = self.act(self.conv(e, self.down1_w, self.down1_b, 2))
    h = self.act(self.conv(h, self.mid1_w, self.mid1_b, 1))
    q = self.act(self.conv(h, self.down2_w, self.down2_b, 2))
    q = self.act(self.conv(q, self.mid2_w, self.mid2_b, 1))
    u = self.act(self.up(q, self.up1_w, self.up1_b) + h)
    u = self.act(self.conv(u, self.dec1_w, self.dec1_b, 1))
    v = self.act(self.up(u, self.up2_w, self.up2_b) + e)
    v = self.act(self.conv(v, self.dec2_w, self.dec2_b, 1))
    return x + self.conv(v, self.out_w, self.out_b, 1)
)JIT";

// Leaky ReLU: max(t, 0.2 t), whose backward pass is a fifth of maximum()'s.
torch::Tensor act(const torch::Tensor& t) {
    return torch::leaky_relu(t, 0.2);
}

}  // namespace

struct KeyframeStyleNet::Impl {
    StyleNetConfig config;
    torch::Device device{torch::kCPU};
    std::map<std::string, torch::Tensor> weights, biases;
    std::vector<torch::Tensor> ordered;  // weight, bias per layer, in layers() order

    torch::Tensor conv(const torch::Tensor& t, const std::string& name, int stride) const {
        const auto& w = weights.at(name);
        return torch::conv2d(t, w, biases.at(name), {stride, stride},
                             {w.size(2) / 2, w.size(3) / 2});
    }
    torch::Tensor up(const torch::Tensor& t, const std::string& name) const {
        return torch::conv_transpose2d(t, weights.at(name), biases.at(name), {2, 2});
    }

    void init(uint64_t seed) {
        torch::manual_seed(seed);
        const int c = config.channels;
        for (const auto& l : layers()) {
            const int64_t in = l.in ? l.in * c : 3, out = l.out ? l.out * c : 3;
            auto shape = l.transposed ? std::vector<int64_t>{in, out, l.kernel, l.kernel}
                                      : std::vector<int64_t>{out, in, l.kernel, l.kernel};
            // He initialisation for the leaky activations; the output layer starts at zero so
            // the residual network starts as the identity.
            const double fanIn = double(in * l.kernel * l.kernel) / (l.transposed ? 4.0 : 1.0);
            torch::Tensor w = std::string(l.name) == "out"
                                  ? torch::zeros(shape)
                                  : torch::randn(shape) * std::sqrt(2.0 / (1.04 * fanIn));
            add(l.name, w, torch::zeros({out}));
        }
    }

    void add(const std::string& name, const torch::Tensor& w, const torch::Tensor& b) {
        weights[name] = w.to(device).set_requires_grad(true);
        biases[name] = b.to(device).set_requires_grad(true);
        ordered.push_back(weights[name]);
        ordered.push_back(biases[name]);
    }

    torch::Tensor forward(const torch::Tensor& x) const {
        const torch::Tensor n = x * 2.0 - 1.0;
        torch::Tensor e = act(conv(n, "inp", 1));
        e = act(conv(e, "enc", 1));
        torch::Tensor h = act(conv(e, "down1", 2));
        h = act(conv(h, "mid1", 1));
        torch::Tensor q = act(conv(h, "down2", 2));
        q = act(conv(q, "mid2", 1));
        torch::Tensor u = act(up(q, "up1") + h);
        u = act(conv(u, "dec1", 1));
        torch::Tensor v = act(up(u, "up2") + e);
        v = act(conv(v, "dec2", 1));
        return x + conv(v, "out", 1);
    }
};

KeyframeStyleNet::KeyframeStyleNet(StyleNetConfig config, const std::string& device, uint64_t seed)
    : impl_(std::make_unique<Impl>()) {
    if (config.channels < 4 || config.channels > 256)
        throw InputError("style network: channels must be 4-256");
    torchutil::useThreads(0);
    impl_->config = config;
    impl_->device = torchutil::pickDevice(device);
    impl_->init(seed);
}

KeyframeStyleNet::~KeyframeStyleNet() = default;

const StyleNetConfig& KeyframeStyleNet::config() const {
    return impl_->config;
}

bool KeyframeStyleNet::onCuda() const {
    return impl_->device.is_cuda();
}

int64_t KeyframeStyleNet::parameterCount() const {
    int64_t n = 0;
    for (const auto& t : impl_->ordered)
        n += t.numel();
    return n;
}

torch::Tensor KeyframeStyleNet::forward(const torch::Tensor& x) const {
    return impl_->forward(x);
}

std::vector<torch::Tensor> KeyframeStyleNet::parameters() const {
    return impl_->ordered;
}

torch::Tensor KeyframeStyleNet::toDevice(const torch::Tensor& t) const {
    return t.to(impl_->device);
}

namespace {

// On the CPU a large image runs in overlapping tiles of at most kTile px: a whole 512 px
// frame's activations (16-32 channels of floats per pixel) overflow the caches, and tiles of
// 192 px run 2.5-2.8 times faster per pixel (measured with LibTorch 1.13 on 2 cores).
// Each tile carries kTileContext px of context on every side, more than the network's
// receptive radius (18 px: two downsamplings of 3x3 convolutions), so the tiled result
// equals the whole-image pass. Both are multiples of 4, which keeps the tiles on the
// downsampling grid.
constexpr int kTile = 192;
constexpr int kTileContext = 20;

// Splits `length` into tiles of at most kTile - 2 kTileContext, evenly (no thin last tile),
// each a multiple of 4 long.
int tileCore(int length) {
    const int most = kTile - 2 * kTileContext;
    const int count = (length + most - 1) / most;
    const int even = (length + count - 1) / count;
    return (even + 3) / 4 * 4;
}

}  // namespace

cv::Mat KeyframeStyleNet::apply(const cv::Mat& bgr, int threads) const {
    CV_Assert(bgr.type() == CV_8UC3);
    const int padW = (4 - bgr.cols % 4) % 4, padH = (4 - bgr.rows % 4) % 4;
    cv::Mat in;
    cv::copyMakeBorder(bgr, in, 0, padH, 0, padW, cv::BORDER_REFLECT);
    c10::InferenceMode guard;
    torchutil::useThreads(threads);
    const ImageTensorSpec spec{"bgr"};
    auto run = [&](const cv::Mat& image) {
        return torchutil::tensorToImage(
            impl_->forward(torchutil::imageToTensor(image, spec, impl_->device)), spec,
            "style network");
    };
    const cv::Rect whole(0, 0, bgr.cols, bgr.rows);
    if (onCuda() || (in.cols <= kTile && in.rows <= kTile)) return run(in)(whole).clone();
    cv::Mat out(in.size(), CV_8UC3);
    const int coreW = tileCore(in.cols), coreH = tileCore(in.rows);
    const cv::Rect frame(0, 0, in.cols, in.rows);
    for (int y = 0; y < in.rows; y += coreH)
        for (int x = 0; x < in.cols; x += coreW) {
            const cv::Rect core = cv::Rect(x, y, coreW, coreH) & frame;
            const cv::Rect tile =
                cv::Rect(x - kTileContext, y - kTileContext, coreW + 2 * kTileContext,
                         coreH + 2 * kTileContext) &
                frame;
            run(in(tile))(core - tile.tl()).copyTo(out(core));
        }
    return out(whole).clone();
}

void KeyframeStyleNet::save(const std::string& path) const {
    std::vector<torch::Tensor> all{
        torch::tensor({kMagic, kVersion, int64_t(impl_->config.channels)})};
    for (const auto& t : impl_->ordered)
        all.push_back(t.detach().cpu());
    torch::save(all, path);
}

namespace {

std::vector<torch::Tensor> readWeightFile(const std::string& path) {
    checkReadableFile(path);
    std::vector<torch::Tensor> all;
    try {
        torch::load(all, path);
    } catch (const c10::Error&) {
        throw InputError(path + ": not a style network weight file");
    }
    if (all.empty() || all[0].numel() != 3 || all[0][0].item<int64_t>() != kMagic ||
        all[0][1].item<int64_t>() != kVersion)
        throw InputError(path + ": not a style network weight file (or another version)");
    return all;
}

}  // namespace

std::unique_ptr<KeyframeStyleNet> KeyframeStyleNet::load(const std::string& path,
                                                         const std::string& device) {
    StyleNetConfig config;
    config.channels = int(readWeightFile(path)[0][2].item<int64_t>());
    auto net = std::make_unique<KeyframeStyleNet>(config, device);
    net->loadWeights(path);
    return net;
}

void KeyframeStyleNet::loadWeights(const std::string& path) {
    const auto all = readWeightFile(path);
    if (all[0][2].item<int64_t>() != impl_->config.channels)
        throw InputError(path + ": a network with " + std::to_string(all[0][2].item<int64_t>()) +
                         " channels, expected " + std::to_string(impl_->config.channels));
    auto& ordered = impl_->ordered;
    if (all.size() != ordered.size() + 1)
        throw InputError(path + ": holds " + std::to_string(all.size() - 1) +
                         " tensors, expected " + std::to_string(ordered.size()));
    torch::NoGradGuard noGrad;
    for (size_t i = 0; i < ordered.size(); ++i) {
        if (!all[i + 1].sizes().equals(ordered[i].sizes()))
            throw InputError(path + ": tensor " + std::to_string(i) + " has shape " +
                             torchutil::shapeText(all[i + 1]) + ", expected " +
                             torchutil::shapeText(ordered[i]));
        ordered[i].copy_(all[i + 1]);
    }
}

void KeyframeStyleNet::exportTorchScript(const std::string& path) const {
    torch::jit::Module m("KeyframeStyleNet");
    for (const auto& l : layers()) {
        m.register_parameter(std::string(l.name) + "_w", impl_->weights.at(l.name).detach().cpu(),
                             false);
        m.register_parameter(std::string(l.name) + "_b", impl_->biases.at(l.name).detach().cpu(),
                             false);
    }
    m.define(kScriptSource);
    m.eval();
    m.save(path);
}

}  // namespace restyle
