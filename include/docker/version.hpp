#pragma once
/// @file
/// Library version, and the newest Engine API version whose spec this library carries.
///
/// The three numeric macros are the one source of the version: CMake's project version,
/// docker-cppConfigVersion.cmake, docker-cpp.pc and the single header are derived from them
/// (scripts/bump_version.sh changes them).

/// Major version: changes that break the API (before 1.0, the minor version does too).
#define DOCKER_CPP_VERSION_MAJOR 0
/// Minor version: new features.
#define DOCKER_CPP_VERSION_MINOR 2
/// Patch version: fixes only.
#define DOCKER_CPP_VERSION_PATCH 0

/// @cond DOCKER_CPP_INTERNAL
#define DOCKER_CPP_VERSION_STR2(x) #x
#define DOCKER_CPP_VERSION_STR(x) DOCKER_CPP_VERSION_STR2(x)
/// @endcond

/// The version as text, "MAJOR.MINOR.PATCH", built from the three macros above.
#define DOCKER_CPP_VERSION_STRING                                                         \
    DOCKER_CPP_VERSION_STR(DOCKER_CPP_VERSION_MAJOR)                                      \
    "." DOCKER_CPP_VERSION_STR(DOCKER_CPP_VERSION_MINOR) "." DOCKER_CPP_VERSION_STR( \
        DOCKER_CPP_VERSION_PATCH)

namespace docker {

/// The library's version, "MAJOR.MINOR.PATCH" (DOCKER_CPP_VERSION_STRING).
inline constexpr const char* library_version = DOCKER_CPP_VERSION_STRING;

/// The newest Engine API version this library knows. Negotiation never asks for more:
/// newer daemons keep serving it, and fields added after it are not modelled.
inline constexpr const char* newest_api_version = "1.55";

}  // namespace docker
