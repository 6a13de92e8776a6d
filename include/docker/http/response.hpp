#pragma once
/// @file
/// A complete, buffered HTTP response.

#include <string>

#include "docker/http/headers.hpp"

namespace docker::http {

struct Response {
    int status = 0;
    std::string reason;
    Headers headers;
    std::string body;
};

}  // namespace docker::http
