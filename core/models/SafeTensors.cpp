#include "models/SafeTensors.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>

#include "common/Error.h"

namespace restyle {

int safeTensorsElementSize(const std::string& d) {
    if (d == "F64" || d == "I64" || d == "U64") return 8;
    if (d == "F32" || d == "I32" || d == "U32") return 4;
    if (d == "F16" || d == "BF16" || d == "I16" || d == "U16") return 2;
    if (d == "I8" || d == "U8" || d == "BOOL") return 1;
    return 0;
}

namespace {

uint64_t readLe64(const unsigned char* p) {
    uint64_t v = 0;
    for (int i = 7; i >= 0; --i)
        v = (v << 8) | p[i];
    return v;
}

SafeTensor parseEntry(const std::string& name, const nlohmann::json& e, const std::string& path) {
    SafeTensor t;
    t.name = name;
    const auto bad = [&](const std::string& why) {
        return InputError(path + ": tensor \"" + name + "\": " + why);
    };
    if (!e.is_object() || !e.contains("dtype") || !e.contains("shape") ||
        !e.contains("data_offsets"))
        throw bad("needs dtype, shape and data_offsets");
    t.dtype = e["dtype"].get<std::string>();
    if (safeTensorsElementSize(t.dtype) == 0) throw bad("unknown dtype " + t.dtype);
    uint64_t count = 1;
    for (const auto& s : e["shape"]) {
        const int64_t d = s.get<int64_t>();
        if (d < 0) throw bad("negative dimension");
        t.shape.push_back(d);
        count *= uint64_t(d);
    }
    const auto& off = e["data_offsets"];
    if (!off.is_array() || off.size() != 2) throw bad("data_offsets must be [begin, end]");
    const uint64_t begin = off[0].get<uint64_t>(), end = off[1].get<uint64_t>();
    if (end < begin || end - begin != count * uint64_t(safeTensorsElementSize(t.dtype)))
        throw bad("data_offsets do not match its shape and dtype");
    t.bytes = end - begin;
    t.data = reinterpret_cast<const unsigned char*>(uintptr_t(begin));  // rebased by the caller
    return t;
}

}  // namespace

SafeTensorsFile::SafeTensorsFile(const std::string& path) : path_(path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw InputError(path + ": cannot open (" + std::strerror(errno) + ")");
    struct stat st {};
    ::fstat(fd, &st);
    size_ = size_t(st.st_size);
    if (size_ < 8) {
        ::close(fd);
        throw InputError(path + ": too short to be a .safetensors file");
    }
    // Private and writable: LibTorch wants non-const pointers; a stray write stays in memory.
    map_ = ::mmap(nullptr, size_, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    ::close(fd);
    if (map_ == MAP_FAILED) {
        map_ = nullptr;
        throw InputError(path + ": cannot map (" + std::strerror(errno) + ")");
    }
    const auto* bytes = static_cast<const unsigned char*>(map_);
    const uint64_t headerLen = readLe64(bytes);
    if (headerLen > size_ - 8 || headerLen > (100u << 20))
        throw InputError(path + ": not a .safetensors file (header length " +
                         std::to_string(headerLen) + " does not fit the file)");
    nlohmann::json header;
    try {
        header = nlohmann::json::parse(bytes + 8, bytes + 8 + headerLen);
    } catch (const nlohmann::json::exception& e) {
        throw InputError(path + ": not a .safetensors file (header is not JSON: " + e.what() + ")");
    }
    if (!header.is_object()) throw InputError(path + ": the safetensors header is not an object");
    const unsigned char* data = bytes + 8 + headerLen;
    const uint64_t dataSize = size_ - 8 - headerLen;
    try {
        for (const auto& [name, entry] : header.items()) {
            if (name == "__metadata__") continue;
            SafeTensor t = parseEntry(name, entry, path);
            const uint64_t begin = uint64_t(reinterpret_cast<uintptr_t>(t.data));
            if (begin + t.bytes > dataSize)
                throw InputError(path + ": tensor \"" + name +
                                 "\" lies past the end of the file (truncated download?)");
            t.data = data + begin;
            tensors_.push_back(std::move(t));
        }
    } catch (const nlohmann::json::exception& e) {
        throw InputError(path + ": malformed safetensors header: " + e.what());
    }
}

SafeTensorsFile::~SafeTensorsFile() {
    if (map_) ::munmap(map_, size_);
}

void writeSafeTensors(const std::string& path, const std::vector<SafeTensor>& tensors) {
    nlohmann::json header = nlohmann::json::object();
    uint64_t offset = 0;
    for (const auto& t : tensors) {
        header[t.name] = {
            {"dtype", t.dtype}, {"shape", t.shape}, {"data_offsets", {offset, offset + t.bytes}}};
        offset += t.bytes;
    }
    std::string text = header.dump();
    text.append((8 - text.size() % 8) % 8, ' ');  // keeps the data 8-byte aligned
    const std::string tmp = path + ".part";
    {
        std::ofstream out(tmp, std::ios::binary);
        unsigned char len[8];
        for (int i = 0; i < 8; ++i)
            len[i] = static_cast<unsigned char>((uint64_t(text.size()) >> (8 * i)) & 0xff);
        out.write(reinterpret_cast<const char*>(len), 8);
        out.write(text.data(), std::streamsize(text.size()));
        for (const auto& t : tensors)
            out.write(reinterpret_cast<const char*>(t.data), std::streamsize(t.bytes));
        if (!out) throw Error(path + ": cannot write");
    }
    if (std::rename(tmp.c_str(), path.c_str()) != 0) throw Error(path + ": cannot rename");
}

}  // namespace restyle
