// The thread-local last error: set by EE_TRY on failure, read by .NET right after a call returns -1.
#include "shim.h"

namespace {
thread_local std::string last_error;
}

namespace ee {
void set_error(const char* message) { last_error = message ? message : "(no message)"; }
void set_error(const std::string& message) { last_error = message; }
}  // namespace ee

EE_API const char* ee_last_error() { return last_error.c_str(); }
