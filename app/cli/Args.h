#pragma once
// A small argument parser for restyle-cli subcommands: options are taken by name, what is
// left must be positional; anything unknown is a usage error (exit 2).
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace restyle::cli {

class UsageError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

class Args {
  public:
    explicit Args(std::vector<std::string> args) : args_(std::move(args)) {}

    bool flag(const std::string& name);
    bool has(const std::string& name) const;  // given, with or without a value; not taken
    std::optional<std::string> value(const std::string& name);
    std::string value(const std::string& name, const std::string& fallback);
    std::vector<std::string> values(const std::string& name);  // a repeatable option
    int intValue(const std::string& name, int fallback, int min, int max);
    // A finite number in [min, max]; UsageError naming the option for text, NaN, infinity.
    double doubleValue(const std::string& name, double fallback, double min, double max);
    // --max-side: 0 (full size) or kMinFrameSide-16384.
    int maxSideValue();
    // The positional arguments; throws UsageError for any option not taken, or when the
    // count is outside [min, max].
    std::vector<std::string> positionals(size_t min, size_t max);

  private:
    std::vector<std::string> args_;
};

}  // namespace restyle::cli
