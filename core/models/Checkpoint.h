#pragma once
// A file of named tensors as users have them: .safetensors (memory-mapped, read here) or a
// PyTorch .ckpt / .pth / .pt zip archive where LibTorch's unpickler can read it (a
// Lightning checkpoint's "state_dict" is used). Tensors stay on the CPU, in the mapping, until
// a network converts them to its device and dtype.
#include <memory>
#include <string>
#include <vector>

namespace at {
class Tensor;  // LibTorch stays in the .cpp files
}

namespace restyle {

struct CheckpointTensor {
    std::string name;
    std::string dtype;  // F32, F16, BF16, ... (safetensors spelling)
    std::vector<int64_t> shape;
};

class Checkpoint {
  public:
    // InputError naming the file when it is missing, unreadable or of an unknown format.
    explicit Checkpoint(const std::string& path);
    ~Checkpoint();

    const std::string& path() const { return path_; }
    const std::vector<CheckpointTensor>& tensors() const { return tensors_; }
    const CheckpointTensor* find(const std::string& name) const;
    // The tensor on the CPU in its stored dtype (a view into the file's mapping when aligned).
    at::Tensor tensor(const std::string& name) const;

  private:
    void indexTensors();
    struct Impl;
    std::string path_;
    std::vector<CheckpointTensor> tensors_;
    std::unique_ptr<Impl> impl_;
};

// "[320, 4, 3, 3]"
std::string shapeText(const std::vector<int64_t>& shape);

}  // namespace restyle
