#pragma once
// Library version, and the newest Engine API version whose spec this library carries.

#define DOCKER_CPP_VERSION_MAJOR 0
#define DOCKER_CPP_VERSION_MINOR 1
#define DOCKER_CPP_VERSION_PATCH 0
#define DOCKER_CPP_VERSION_STRING "0.1.0"

namespace docker {

inline constexpr const char* library_version = DOCKER_CPP_VERSION_STRING;

// Negotiation never asks for more than this: newer daemons keep serving it, and fields
// added after it are not modelled.
inline constexpr const char* newest_api_version = "1.55";

}  // namespace docker
