#pragma once
// The text of an errno value, for the messages of the transport (sockets) and of the stream
// layer's filesystem code alike. std::strerror may share one buffer between threads, and the
// client is meant to be shared between threads, so strerror_r it is.

#include <cstring>
#include <string>

namespace docker::detail {

// GNU strerror_r returns the text (not always in the buffer), XSI strerror_r an int; these
// overloads take whichever the C library declares.
inline std::string strerror_r_result(const char* text, const char*) { return text; }
inline std::string strerror_r_result(int result, const char* buffer) {
    return result == 0 ? buffer : "unknown error";
}

inline std::string errno_text(int error) {
    char buffer[256] = {};
    return strerror_r_result(::strerror_r(error, buffer, sizeof buffer), buffer);
}

}  // namespace docker::detail
