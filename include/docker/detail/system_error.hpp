#pragma once
// The text of an errno value, for the messages of the transport (sockets) and of the stream
// layer's filesystem code alike. std::strerror may share one buffer between threads, and the
// client is meant to be shared between threads, so strerror_r it is.

#include <cstring>
#include <string>

#include "docker/detail/compiled_mode.hpp"

namespace docker::detail {

// GNU strerror_r returns the text (not always in the buffer), XSI strerror_r an int; these
// overloads take whichever the C library declares.
DOCKER_CPP_INLINE std::string strerror_r_result(const char* text, const char*);
DOCKER_CPP_INLINE std::string strerror_r_result(int result, const char* buffer);

DOCKER_CPP_INLINE std::string errno_text(int error);

#if DOCKER_CPP_BODIES
DOCKER_CPP_INLINE std::string strerror_r_result(const char* text, const char*) { return text; }
DOCKER_CPP_INLINE std::string strerror_r_result(int result, const char* buffer) {
    return result == 0 ? buffer : "unknown error";
}

DOCKER_CPP_INLINE std::string errno_text(int error) {
    char buffer[256] = {};
    return strerror_r_result(::strerror_r(error, buffer, sizeof buffer), buffer);
}
#endif

}  // namespace docker::detail
