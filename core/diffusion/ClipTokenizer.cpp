#include "diffusion/ClipTokenizer.h"

#include <algorithm>
#include <climits>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "common/Error.h"
#include "common/FileUtil.h"

namespace restyle {

namespace {

std::string utf8(uint32_t cp) {
    std::string s;
    if (cp < 0x80) {
        s += char(cp);
    } else if (cp < 0x800) {
        s += char(0xC0 | (cp >> 6));
        s += char(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        s += char(0xE0 | (cp >> 12));
        s += char(0x80 | ((cp >> 6) & 0x3F));
        s += char(0x80 | (cp & 0x3F));
    } else {
        s += char(0xF0 | (cp >> 18));
        s += char(0x80 | ((cp >> 12) & 0x3F));
        s += char(0x80 | ((cp >> 6) & 0x3F));
        s += char(0x80 | (cp & 0x3F));
    }
    return s;
}

// Splits UTF-8 text into code points (invalid bytes pass through as themselves).
std::vector<std::string> codePoints(const std::string& s) {
    std::vector<std::string> out;
    for (size_t i = 0; i < s.size();) {
        const unsigned char c = s[i];
        size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
        n = std::min(n, s.size() - i);
        out.push_back(s.substr(i, n));
        i += n;
    }
    return out;
}

bool isSpace(const std::string& cp) {
    return cp.size() == 1 && std::isspace(static_cast<unsigned char>(cp[0]));
}
bool isLetter(const std::string& cp) {
    return cp.size() > 1 || std::isalpha(static_cast<unsigned char>(cp[0]));
}
bool isDigit(const std::string& cp) {
    return cp.size() == 1 && std::isdigit(static_cast<unsigned char>(cp[0]));
}

}  // namespace

ClipTokenizer::ClipTokenizer(const std::string& vocabJson, const std::string& mergesTxt) {
    checkReadableFile(vocabJson);
    checkReadableFile(mergesTxt);
    try {
        std::ifstream in(vocabJson);
        const auto j = nlohmann::json::parse(in);
        for (const auto& [k, v] : j.items())
            vocab_[k] = v.get<int64_t>();
    } catch (const std::exception& e) {
        throw InputError(vocabJson +
                         ": not a tokenizer vocabulary (JSON of token -> id): " + e.what());
    }
    std::ifstream merges(mergesTxt);
    std::string line;
    int rank = 0;
    while (std::getline(merges, line)) {
        if (line.empty() || line.rfind("#version", 0) == 0) continue;
        const auto space = line.find(' ');
        if (space == std::string::npos)
            throw InputError(mergesTxt + ": line \"" + line + "\" is not a merge \"a b\"");
        ranks_[{line.substr(0, space), line.substr(space + 1)}] = rank++;
    }
    auto id = [&](const char* token, int64_t fallback) {
        auto it = vocab_.find(token);
        return it == vocab_.end() ? fallback : it->second;
    };
    start_ = id("<|startoftext|>", start_);
    end_ = id("<|endoftext|>", end_);
    pad_ = end_;
    // GPT-2's byte-to-unicode table: printable bytes map to themselves, the rest to 256+n.
    byteToUnicode_.resize(256);
    int n = 0;
    for (int b = 0; b < 256; ++b) {
        const bool printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE);
        byteToUnicode_[size_t(b)] = utf8(printable ? uint32_t(b) : uint32_t(256 + n++));
    }
}

std::vector<std::string> ClipTokenizer::preTokenize(const std::string& raw) const {
    // Clean whitespace and lower-case (ASCII; other scripts keep their case).
    std::string text;
    bool space = false;
    for (char c : raw) {
        if (std::isspace(static_cast<unsigned char>(c))) {
            space = !text.empty();
            continue;
        }
        if (space) text += ' ';
        space = false;
        text += char(std::tolower(static_cast<unsigned char>(c)));
    }
    const auto cps = codePoints(text);
    std::vector<std::string> tokens;
    static const char* specials[] = {"<|startoftext|>", "<|endoftext|>"};
    static const char* contractions[] = {"'s", "'t", "'re", "'ve", "'m", "'ll", "'d"};
    size_t i = 0;
    auto startsWith = [&](const char* s) {
        const std::string str(s);
        std::string ahead;
        for (size_t k = i; k < cps.size() && ahead.size() < str.size(); ++k)
            ahead += cps[k];
        return ahead == str ? str.size() : 0;
    };
    while (i < cps.size()) {
        if (isSpace(cps[i])) {
            ++i;
            continue;
        }
        size_t matched = 0;
        for (const char* s : specials)
            if ((matched = startsWith(s))) break;
        if (!matched)
            for (const char* s : contractions)
                if ((matched = startsWith(s))) break;
        if (matched) {  // ASCII only: code points == bytes
            std::string tok;
            for (size_t k = 0; k < matched; ++k)
                tok += cps[i + k];
            tokens.push_back(tok);
            i += matched;
            continue;
        }
        std::string tok = cps[i];
        if (isLetter(cps[i])) {
            while (++i < cps.size() && isLetter(cps[i]))
                tok += cps[i];
        } else if (isDigit(cps[i])) {
            ++i;
        } else {
            while (++i < cps.size() && !isSpace(cps[i]) && !isLetter(cps[i]) && !isDigit(cps[i]))
                tok += cps[i];
        }
        tokens.push_back(tok);
    }
    return tokens;
}

std::vector<std::string> ClipTokenizer::bpe(const std::string& token) const {
    if (token == "<|startoftext|>" || token == "<|endoftext|>") return {token};
    std::vector<std::string> word;
    for (unsigned char b : token)
        word.push_back(byteToUnicode_[b]);
    if (word.empty()) return {};
    word.back() += "</w>";
    while (word.size() > 1) {
        int best = INT_MAX;
        size_t at = 0;
        for (size_t k = 0; k + 1 < word.size(); ++k) {
            auto it = ranks_.find({word[k], word[k + 1]});
            if (it != ranks_.end() && it->second < best) {
                best = it->second;
                at = k;
            }
        }
        if (best == INT_MAX) break;
        // Merge every occurrence of the best pair, left to right.
        const std::string a = word[at], b = word[at + 1];
        std::vector<std::string> merged;
        for (size_t k = 0; k < word.size();) {
            if (k + 1 < word.size() && word[k] == a && word[k + 1] == b) {
                merged.push_back(a + b);
                k += 2;
            } else {
                merged.push_back(word[k++]);
            }
        }
        word.swap(merged);
    }
    return word;
}

std::vector<std::string> ClipTokenizer::pieces(const std::string& text) const {
    std::vector<std::string> out;
    for (const auto& t : preTokenize(text))
        for (auto& p : bpe(t))
            out.push_back(p);
    return out;
}

std::vector<int64_t> ClipTokenizer::encode(const std::string& text, size_t length) const {
    std::vector<int64_t> ids{start_};
    for (const auto& p : pieces(text)) {
        auto it = vocab_.find(p);
        if (it != vocab_.end()) ids.push_back(it->second);  // unknown pieces are dropped
    }
    if (ids.size() > length - 1) ids.resize(length - 1);  // truncate, keep room for the end
    ids.push_back(end_);
    while (ids.size() < length)
        ids.push_back(pad_);
    return ids;
}

}  // namespace restyle
