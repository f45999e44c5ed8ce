#pragma once
// The .safetensors format, read and written here (no LibTorch): an 8-byte little-endian header
// length, a JSON header {name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__": {}}
// and the raw little-endian tensor bytes. Files are memory-mapped: tensors are views into the
// mapping, so nothing is copied before a tensor goes to its device.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace restyle {

struct SafeTensor {
    std::string name;
    std::string dtype;  // F32, F16, BF16, F64, I64, I32, I16, I8, U8, BOOL
    std::vector<int64_t> shape;
    const unsigned char* data = nullptr;  // inside the mapping
    uint64_t bytes = 0;
};

class SafeTensorsFile {
  public:
    // Maps `path` and checks the header; InputError naming the file and the problem.
    explicit SafeTensorsFile(const std::string& path);
    ~SafeTensorsFile();
    SafeTensorsFile(const SafeTensorsFile&) = delete;
    SafeTensorsFile& operator=(const SafeTensorsFile&) = delete;

    const std::string& path() const { return path_; }
    const std::vector<SafeTensor>& tensors() const { return tensors_; }

  private:
    std::string path_;
    void* map_ = nullptr;
    size_t size_ = 0;
    std::vector<SafeTensor> tensors_;
};

// Bytes per element of a safetensors dtype; 0 when unknown.
int safeTensorsElementSize(const std::string& dtype);

// Writes a .safetensors file (temp file + rename). Entries' `data` hold `bytes` bytes.
void writeSafeTensors(const std::string& path, const std::vector<SafeTensor>& tensors);

}  // namespace restyle
