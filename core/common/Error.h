#pragma once
// Errors thrown by restyle_core. Front ends map them: InputError -> exit 2 / dialog,
// CanceledError -> exit 130 / "canceled" job state, anything else -> exit 1.
#include <stdexcept>
#include <string>

namespace restyle {

class Error : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// The input (a file, a parameter, a manifest) is unusable; the message names it and says why.
class InputError : public Error {
  public:
    using Error::Error;
};

// The caller asked to stop; work stopped cleanly and left no partial output.
class CanceledError : public Error {
  public:
    CanceledError() : Error("canceled") {}
};

}  // namespace restyle
