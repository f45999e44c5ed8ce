#include "propagate/RunCarry.h"

#include <filesystem>
#include <opencv2/imgcodecs.hpp>

#include "common/Error.h"
#include "common/FileUtil.h"
#include "common/ImageFile.h"
#include "common/JsonFields.h"
#include "common/JsonFile.h"

namespace fs = std::filesystem;

namespace restyle {

namespace {

fs::path sibling(const std::string& path, const char* suffix) {
    const fs::path p(path);
    return p.parent_path() / (p.stem().string() + suffix);
}

}  // namespace

std::vector<std::string> RunCarry::files(const std::string& path) {
    return {sibling(path, ".engine.png").string(), sibling(path, ".written.png").string()};
}

void RunCarry::save(const std::string& path) const {
    const auto images = files(path);
    writeImageAtomically(images[0], engineOutput);
    writeImageAtomically(images[1], written);
    const nlohmann::json j{{"version", 1},
                           {"frame", frame},
                           {"engine_output", fs::path(images[0]).filename().string()},
                           {"written", fs::path(images[1]).filename().string()},
                           {"engine_state", engineState}};
    writeFileAtomically(path, j.dump(2) + "\n");
}

RunCarry RunCarry::load(const std::string& path, cv::Size size) {
    if (!fs::exists(path))
        throw InputError(path + ": the carry of the run before this one is missing (run the "
                         "segment before this one first)");
    const nlohmann::json j = readJsonFile(path);
    const JsonFields f(j, path);
    f.integer("version", 1, 1, 1);
    RunCarry c;
    c.frame = f.integer("frame", -1, 0, int64_t(1) << 40);
    const fs::path dir = fs::path(path).parent_path();
    auto image = [&](const char* key) {
        const std::string file = (dir / fs::path(f.text(key, "")).filename()).string();  // beside it
        const cv::Mat m = cv::imread(file, cv::IMREAD_COLOR);
        if (m.empty()) throw InputError(path + ": " + key + " " + file + " is not a readable image");
        if (m.size() != size)
            throw InputError(path + ": " + key + " is " + std::to_string(m.cols) + "x" +
                             std::to_string(m.rows) + ", the run's frames are " +
                             std::to_string(size.width) + "x" + std::to_string(size.height));
        return m;
    };
    c.engineOutput = image("engine_output");
    c.written = image("written");
    f.section("engine_state");
    if (f.has("engine_state")) c.engineState = f.raw("engine_state");
    return c;
}

}  // namespace restyle
