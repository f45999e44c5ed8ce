#include "models/Checkpoint.h"

#include <torch/script.h>
#include <torch/serialize.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <unordered_map>

#include "common/Error.h"
#include "models/SafeTensors.h"

namespace restyle {

namespace {

torch::Dtype torchDtype(const std::string& d) {
    static const std::map<std::string, torch::Dtype> kTypes = {
        {"F32", torch::kFloat32}, {"F16", torch::kFloat16}, {"BF16", torch::kBFloat16},
        {"F64", torch::kFloat64}, {"I64", torch::kInt64},   {"I32", torch::kInt32},
        {"I16", torch::kInt16},   {"I8", torch::kInt8},     {"U8", torch::kUInt8},
        {"BOOL", torch::kBool}};
    const auto it = kTypes.find(d);
    if (it == kTypes.end()) throw InputError("tensor dtype " + d + " is not supported");
    return it->second;
}

std::string dtypeName(torch::Dtype t) {
    switch (t) {
        case torch::kFloat32:
            return "F32";
        case torch::kFloat16:
            return "F16";
        case torch::kBFloat16:
            return "BF16";
        case torch::kFloat64:
            return "F64";
        case torch::kInt64:
            return "I64";
        case torch::kInt32:
            return "I32";
        case torch::kUInt8:
            return "U8";
        case torch::kBool:
            return "BOOL";
        default:
            return "other";
    }
}

bool startsWith(const std::vector<char>& data, const char* magic, size_t n) {
    return data.size() >= n && std::equal(magic, magic + n, data.begin());
}

}  // namespace

std::string shapeText(const std::vector<int64_t>& shape) {
    std::string s = "[";
    for (size_t i = 0; i < shape.size(); ++i)
        s += (i ? ", " : "") + std::to_string(shape[i]);
    return s + "]";
}

struct Checkpoint::Impl {
    std::shared_ptr<SafeTensorsFile> safetensors;
    std::map<std::string, const SafeTensor*> entries;
    std::map<std::string, torch::Tensor> pickled;
    std::unordered_map<std::string, size_t> index;  // name -> position in tensors_
};

Checkpoint::Checkpoint(const std::string& path) : path_(path), impl_(std::make_unique<Impl>()) {
    namespace fs = std::filesystem;
    if (!fs::is_regular_file(path)) throw InputError(path + ": no such checkpoint file");
    std::ifstream in(path, std::ios::binary);
    char head[8] = {};
    in.read(head, 8);
    if (head[0] == 'P' && head[1] == 'K') {  // a torch.save zip archive
        in.seekg(0);
        std::vector<char> data((std::istreambuf_iterator<char>(in)), {});
        c10::IValue root;
        try {
            root = torch::pickle_load(data);
        } catch (const c10::Error& e) {
            throw InputError(path + ": LibTorch cannot read this PyTorch checkpoint (" +
                             std::string(e.what_without_backtrace()).substr(0, 200) +
                             "); convert it to .safetensors");
        }
        if (root.isGenericDict() && root.toGenericDict().contains("state_dict"))
            root = root.toGenericDict().at("state_dict");
        if (!root.isGenericDict())
            throw InputError(path + ": the checkpoint does not hold a dictionary of tensors");
        for (const auto& item : root.toGenericDict()) {
            if (!item.key().isString() || !item.value().isTensor()) continue;
            const torch::Tensor t = item.value().toTensor();
            impl_->pickled[item.key().toStringRef()] = t;
            tensors_.push_back(
                {item.key().toStringRef(), dtypeName(t.scalar_type()), t.sizes().vec()});
        }
        indexTensors();
        return;
    }
    const std::vector<char> first(head, head + 8);
    if (startsWith(first, "\x80\x02\x8a\x0a", 4))
        throw InputError(path +
                         ": a legacy (pre-1.6) PyTorch pickle, which LibTorch cannot read; "
                         "convert it to .safetensors");
    impl_->safetensors = std::make_shared<SafeTensorsFile>(path);
    for (const auto& t : impl_->safetensors->tensors()) {
        tensors_.push_back({t.name, t.dtype, t.shape});
        impl_->entries[t.name] = &t;
    }
    indexTensors();
}

void Checkpoint::indexTensors() {
    for (size_t i = 0; i < tensors_.size(); ++i)
        impl_->index[tensors_[i].name] = i;
}

Checkpoint::~Checkpoint() = default;

const CheckpointTensor* Checkpoint::find(const std::string& name) const {
    const auto it = impl_->index.find(name);
    return it == impl_->index.end() ? nullptr : &tensors_[it->second];
}

at::Tensor Checkpoint::tensor(const std::string& name) const {
    if (!impl_->safetensors) {
        const auto it = impl_->pickled.find(name);
        if (it == impl_->pickled.end()) throw InputError(path_ + ": no tensor \"" + name + "\"");
        return it->second;
    }
    const auto it = impl_->entries.find(name);
    if (it == impl_->entries.end()) throw InputError(path_ + ": no tensor \"" + name + "\"");
    const SafeTensor& t = *it->second;
    const auto options = torch::TensorOptions().dtype(torchDtype(t.dtype));
    void* data = const_cast<unsigned char*>(t.data);
    const size_t size = size_t(safeTensorsElementSize(t.dtype));
    if (reinterpret_cast<uintptr_t>(data) % size != 0) {  // unaligned: one copy
        auto out = torch::empty(t.shape, options);
        std::memcpy(out.data_ptr(), data, t.bytes);
        return out;
    }
    auto keep = impl_->safetensors;  // the mapping lives as long as any view of it
    return torch::from_blob(
        data, t.shape, [keep](void*) {}, options);
}

}  // namespace restyle
