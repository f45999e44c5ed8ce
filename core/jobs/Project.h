#pragma once
// A Restyle project (`.restyle`): a job file (Job.h) plus what the desktop application
// needs to put the artist back where they were. Because the job fields are at the top
// level, `restyle-cli run PROJECT.restyle` runs a project as it stands.
//
// { ...the job's fields...,
//   "project": {"version": 1, "implicit_keyframe": false, "result": "/abs/result.mp4",
//               "result_recipe": "...", "result_first": 0,
//               "view": {"frame": 42, "editor": "cartoon", "params": {...}, "viewer": "split"}} }
#include <nlohmann/json.hpp>
#include <string>

#include "jobs/Job.h"

namespace restyle {

struct Project {
    static constexpr int kVersion = 1;
    Job job;
    // The job's single keyframe is the editor choice at frame 0, not a keyframe the artist
    // set (a job needs one; the project remembers that none was set).
    bool implicitKeyframe = false;
    std::string result;  // the last propagated result of this clip, if any
    // What the result was made from (the GUI's recipe text; empty: not recorded, as in
    // projects of old) and the clip frame its first frame shows: a result whose recipe
    // differs from the project's settings reopens outdated.
    std::string resultRecipe;
    int64_t resultFirst = 0;
    nlohmann::json view = nlohmann::json::object();  // the GUI's view state, kept as given

    nlohmann::json toJson() const;
    // InputError naming `where` for a bad job or project section.
    static Project fromJson(const nlohmann::json& j, const std::string& where,
                            const std::string& baseDir = "");
    static Project load(const std::string& path);
    void save(const std::string& path) const;  // temp file + rename
};

}  // namespace restyle
