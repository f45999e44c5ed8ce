#pragma once
// CLIP's byte-level BPE tokenizer, reading the vocab.json and merges.txt that ship with
// Stable Diffusion 1.5's tokenizer: lower-casing and whitespace clean-up, CLIP's
// pre-tokenisation (special tokens, English contractions, letter runs, single digits, runs of
// other symbols), byte-to-unicode mapping, BPE merges by rank, start/end tokens, padding and
// truncation to 77. Unicode letters and digits: every non-ASCII code point counts as a letter
// (CLIP's regex uses \p{L} and \p{N}; the difference only matters for non-ASCII digits).
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

namespace restyle {

class ClipTokenizer {
  public:
    // Throws InputError naming the file when either is missing or malformed.
    ClipTokenizer(const std::string& vocabJson, const std::string& mergesTxt);

    // Token ids: <|startoftext|> ... <|endoftext|>, truncated and padded to `length`.
    std::vector<int64_t> encode(const std::string& text, size_t length = 77) const;
    // The BPE pieces of a text, without start/end (for tests and debugging).
    std::vector<std::string> pieces(const std::string& text) const;

    int64_t startId() const { return start_; }
    int64_t endId() const { return end_; }
    int64_t padId() const { return pad_; }
    void setPadId(int64_t id) { pad_ = id; }

  private:
    std::vector<std::string> preTokenize(const std::string& text) const;
    std::vector<std::string> bpe(const std::string& token) const;

    std::unordered_map<std::string, int64_t> vocab_;
    std::map<std::pair<std::string, std::string>, int> ranks_;
    std::vector<std::string> byteToUnicode_;  // 256 UTF-8 strings
    int64_t start_ = 49406, end_ = 49407, pad_ = 49407;
};

}  // namespace restyle
