// The CLIP BPE tokenizer on a small vocabulary and merges written by the test.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "common/Error.h"
#include "diffusion/ClipTokenizer.h"
#include "support/TestSupport.h"

using namespace restyle;

namespace {

struct Files {
    test::TempDir tmp;
    std::string vocab = tmp.path("vocab.json"), merges = tmp.path("merges.txt");
    Files() {
        nlohmann::json v;
        int id = 0;
        for (char c = 'a'; c <= 'z'; ++c) {
            v[std::string(1, c)] = id++;
            v[std::string(1, c) + "</w>"] = id++;
        }
        for (const char* s : {"!", "!</w>", "'", "s</w>", "'s</w>", "1</w>", "2</w>"})
            v[s] = id++;
        for (const char* s :
             {"th", "the</w>", "ca", "cat</w>", "in", "ing</w>", "paint", "painting</w>", "pa"})
            v[s] = id++;
        v["<|startoftext|>"] = 1000;
        v["<|endoftext|>"] = 1001;
        std::ofstream(vocab) << v.dump();
        std::ofstream(merges) << "#version: 0.2\nt h\nth e</w>\nc a\nca t</w>\ni n\nin g</w>\n"
                                 "p a\npa in\n' s</w>\n";
    }
};

TEST(ClipTokenizer, MergesByRankAndMarksWordEnds) {
    Files f;
    ClipTokenizer tok(f.vocab, f.merges);
    EXPECT_EQ(tok.pieces("The cat"), (std::vector<std::string>{"the</w>", "cat</w>"}));
    // "painting": p a -> pa, pa i n?  ranks: i n (4) before p a (6): i,n merge first.
    const auto p = tok.pieces("painting");
    EXPECT_EQ(p.back(), "ing</w>");
    EXPECT_EQ(tok.pieces("  CAT\t  cat!! "),
              (std::vector<std::string>{"cat</w>", "cat</w>", "!", "!</w>"}));
    EXPECT_EQ(tok.pieces("cat's"), (std::vector<std::string>{"cat</w>", "'s</w>"}));
    EXPECT_EQ(tok.pieces("12"), (std::vector<std::string>{"1</w>", "2</w>"}));  // digits split
}

TEST(ClipTokenizer, StartEndPaddingAndTruncation) {
    Files f;
    ClipTokenizer tok(f.vocab, f.merges);
    const auto ids = tok.encode("the cat", 77);
    ASSERT_EQ(ids.size(), 77u);
    EXPECT_EQ(ids[0], 1000);
    EXPECT_EQ(ids[3], 1001);
    EXPECT_EQ(ids[76], 1001);  // padded with the end token, as SD 1.5
    std::string longText;
    for (int i = 0; i < 100; ++i)
        longText += "cat ";
    const auto cut = tok.encode(longText, 77);
    ASSERT_EQ(cut.size(), 77u);
    EXPECT_EQ(cut[75], cut[1]);
    EXPECT_EQ(cut[76], 1001);  // the end token survives truncation
    tok.setPadId(0);
    EXPECT_EQ(tok.encode("cat", 10).back(), 0);
}

TEST(ClipTokenizer, BadFilesAreInputErrors) {
    Files f;
    std::ofstream(f.tmp.path("bad.json")) << "[not a vocabulary";
    EXPECT_THROW(ClipTokenizer(f.tmp.path("bad.json"), f.merges), InputError);
    EXPECT_THROW(ClipTokenizer(f.vocab, f.tmp.path("missing.txt")), InputError);
}

}  // namespace
