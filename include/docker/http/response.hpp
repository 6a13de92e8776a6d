#pragma once
/// @file
/// A complete, buffered HTTP response.

#include <string>

#include "docker/http/headers.hpp"

namespace docker::http {

/// A response read whole: what Client::get(), post() and the like return for calls that
/// succeed (an error status becomes an ApiError instead).
struct Response {
    int status = 0;      ///< 200, 201, 204, 304...
    std::string reason;  ///< the status line's reason phrase ("OK")
    Headers headers;     ///< the header fields
    std::string body;    ///< the whole body, de-chunked
};

}  // namespace docker::http
