#include "cli/Args.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <sstream>

#include "common/Limits.h"

namespace restyle::cli {

namespace {

std::string shortNumber(double x) {
    std::ostringstream s;
    s << x;  // 0.5, 1000: not to_string's 0.500000
    return s.str();
}

}  // namespace

bool Args::flag(const std::string& name) {
    auto it = std::find(args_.begin(), args_.end(), name);
    if (it == args_.end()) return false;
    args_.erase(it);
    return true;
}

bool Args::has(const std::string& name) const {
    return std::any_of(args_.begin(), args_.end(), [&](const std::string& a) {
        return a == name || a.rfind(name + "=", 0) == 0;
    });
}

std::optional<std::string> Args::value(const std::string& name) {
    auto all = values(name);  // a repeated option: the last one wins
    if (all.empty()) return std::nullopt;
    return all.back();
}

std::string Args::value(const std::string& name, const std::string& fallback) {
    return value(name).value_or(fallback);
}

std::vector<std::string> Args::values(const std::string& name) {
    std::vector<std::string> out;
    for (size_t i = 0; i < args_.size();) {
        if (args_[i] == name) {
            if (i + 1 >= args_.size()) throw UsageError(name + " needs a value");
            out.push_back(args_[i + 1]);
            args_.erase(args_.begin() + long(i), args_.begin() + long(i) + 2);
        } else if (args_[i].rfind(name + "=", 0) == 0) {
            out.push_back(args_[i].substr(name.size() + 1));
            args_.erase(args_.begin() + long(i));
        } else {
            ++i;
        }
    }
    return out;
}

int Args::intValue(const std::string& name, int fallback, int min, int max) {
    auto v = value(name);
    if (!v) return fallback;
    char* end = nullptr;
    const long n = std::strtol(v->c_str(), &end, 10);
    if (v->empty() || *end != '\0')
        throw UsageError(name + " expects an integer, got '" + *v + "'");
    if (n < min || n > max)
        throw UsageError(name + " " + *v + " is out of range (" + std::to_string(min) + "-" +
                         std::to_string(max) + ")");
    return int(n);
}

double Args::doubleValue(const std::string& name, double fallback, double min, double max) {
    auto v = value(name);
    if (!v) return fallback;
    char* end = nullptr;
    const double n = std::strtod(v->c_str(), &end);
    if (v->empty() || *end != '\0') throw UsageError(name + " expects a number, got '" + *v + "'");
    if (!std::isfinite(n) || n < min || n > max)  // NaN fails every comparison: test it
        throw UsageError(name + " " + *v + " is not a number from " + shortNumber(min) + " to " +
                         shortNumber(max));
    return n;
}

int Args::maxSideValue() {
    const int n = intValue("--max-side", 0, 0, 16384);
    if (n > 0 && n < kMinFrameSide)
        throw UsageError("--max-side " + std::to_string(n) + " is too small: 0 (full size) or " +
                         std::to_string(kMinFrameSide) + "-16384");
    return n;
}

std::vector<std::string> Args::positionals(size_t min, size_t max) {
    for (const auto& a : args_)
        if (a.size() > 1 && a[0] == '-' && a != "-") throw UsageError("unknown option " + a);
    if (args_.size() < min) throw UsageError("missing argument");
    if (args_.size() > max) throw UsageError("unexpected argument '" + args_[max] + "'");
    return args_;
}

}  // namespace restyle::cli
