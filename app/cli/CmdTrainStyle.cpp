#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/Command.h"
#include "common/Error.h"
#include "common/FileUtil.h"
#include "common/ImageFile.h"
#include "media/VideoReader.h"
#include "propagate/Keyframe.h"
#include "style/LearnKeyframeStyle.h"

namespace fs = std::filesystem;

namespace restyle::cli {

namespace {

// The manifest that makes NET.pt a style-net editor (TorchStyleEditor's contract).
nlohmann::ordered_json styleNetManifest(const std::string& name, const fs::path& module,
                                        const std::string& clip, const std::vector<Keyframe>& keys,
                                        const StyleLearnLog& log) {
    nlohmann::ordered_json m;
    m["name"] = name;
    m["kind"] = "style-net";
    std::string frames;
    for (const auto& k : keys)
        frames += (frames.empty() ? "" : ", ") + std::to_string(k.frame);
    m["description"] = "Few-shot style network learned from keyframe(s) " + frames + " of " +
                       fs::path(clip).filename().string();
    m["files"] = {{"module", module.filename().string()}};
    m["input"] = {{"channels", "bgr"}, {"range", {0, 1}}, {"multiple", 4}, {"max_side", 1024}};
    m["output"] = {{"channels", "bgr"}, {"range", {0, 1}}};
    m["tile_overlap"] = 32;
    int steps = 0;
    double seconds = 0;
    for (const auto& p : log.phases) {
        steps += p.steps;
        seconds += p.seconds;
    }
    m["training"] = {{"clip", clip}, {"keyframes", frames}, {"steps", steps}, {"seconds", seconds}};
    return m;
}

}  // namespace

Command trainStyleCommand() {
    Command c;
    c.name = "train-style";
    c.summary = "learn a keyframe's look (few-shot network); export it as a style-net";
    c.usage =
        "usage: restyle-cli train-style CLIP --keyframe N:IMG [--keyframe N:IMG]... --out NET.pt\n"
        "                               [options]\n\n"
        "Trains the few-shot style network on the pairs (frame N of CLIP -> IMG) and writes it\n"
        "as a TorchScript module NET.pt with manifest.json beside it: a style-net editor\n"
        "(restyle-cli edit --editor DIR/manifest.json) usable on any clip.\n\n"
        "  --keyframe N:IMG          an edited frame N (repeatable; one training phase each)\n"
        "  --out NET.pt              the TorchScript module; manifest.json goes beside it\n"
        "  --name NAME               the editor's name (default: NET)\n"
        "  --max-side N              train at most N pixels on the longer side (default 512)\n"
        "  --style-train-seconds S   budget per keyframe (default 60 on CPU, 15 on CUDA)\n"
        "  --style-train-steps N     also stop after N steps per keyframe\n"
        "  --device D                auto (default), cpu or cuda\n"
        "  --no-cache                train even if these keyframes were learned before\n"
        "  --progress                print 'PROGRESS <percent>' lines on stdout\n";
    c.run = [](Args& args, const Context& ctx) {
        std::vector<Keyframe> keys;
        for (const auto& k : args.values("--keyframe"))
            keys.push_back(parseKeyframeArgument(k));
        const auto out = args.value("--out");
        const int maxSide = args.intValue("--max-side", 512, 0, 16384);
        StyleLearnSettings s;
        s.train.seconds = args.doubleValue("--style-train-seconds", 0, 0, 86400);
        s.train.maxSteps = args.intValue("--style-train-steps", 0, 0, 100000000);
        s.device = args.value("--device", "auto");
        s.useCache = !args.flag("--no-cache");
        const auto pos = args.positionals(1, 1);
        if (keys.empty()) throw UsageError("at least one --keyframe N:IMG is required");
        if (!out) throw UsageError("--out NET.pt is required");
        const fs::path module = fs::absolute(*out);
        if (module.extension() != ".pt")
            throw InputError(*out + ": the network is written as TorchScript, name it NET.pt");
        const std::string name = args.value("--name", module.stem().string());
        checkOutputPath(module);
        const fs::path manifestPath = module.parent_path() / "manifest.json";
        if (fs::exists(manifestPath)) {
            // Only ever replace a manifest that describes this same module.
            std::ifstream in(manifestPath);
            const auto old = nlohmann::json::parse(in, nullptr, false);
            if (old.is_discarded() ||
                old.value("/files/module"_json_pointer, "") != module.filename().string())
                throw InputError(manifestPath.string() +
                                 ": already describes another model; write NET.pt to its own "
                                 "folder");
        }
        VideoReader reader(pos[0], ReaderOptions{maxSide, 0});
        std::vector<StylePair> pairs;
        for (const auto& k : keys) {
            StylePair p;
            p.source = reader.frameAt(k.frame).image;
            p.edited = loadEditImage(k.image, p.source.size());
            pairs.push_back(p);
        }
        StyleLearnLog log;
        const auto net = learnKeyframeStyle(pairs, s, ctx.progressPrinter(), ctx.stop, &log);
        throwIfStopped(ctx.stop);
        const fs::path temp = temporarySibling(module);
        try {
            net->exportTorchScript(temp.string());
            fs::rename(temp, module);
        } catch (...) {
            std::error_code ec;
            fs::remove(temp, ec);
            throw;
        }
        writeFileAtomically(manifestPath,
                            styleNetManifest(name, module, pos[0], keys, log).dump(2) + "\n");
        for (size_t i = 0; i < log.phases.size(); ++i) {
            const auto& p = log.phases[i];
            std::fprintf(stderr, "keyframe %lld: %s, %d steps in %.1f s, loss %.4f (%d spikes undone)\n",
                         static_cast<long long>(keys[i].frame),
                         p.fromCache ? "from the cache" : "trained", p.steps, p.seconds, p.loss,
                         p.rollbacks);
        }
        std::fprintf(stderr, "%s: style-net of %lld parameters, manifest %s\n",
                     module.string().c_str(), static_cast<long long>(net->parameterCount()),
                     manifestPath.string().c_str());
        return 0;
    };
    return c;
}

}  // namespace restyle::cli
