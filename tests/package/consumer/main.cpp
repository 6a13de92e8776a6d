// Built against docker-cpp by every route a user takes (installed find_package, pkg-config,
// add_subdirectory, FetchContent, the single header): proves the route gives a usable SDK
// and that the version macros, the C++ constant and the build system's version agree.
#include <docker/docker.hpp>

#include <cstring>
#include <iostream>

#define DOCKER_CPP_CONSUMER_STR2(x) #x
#define DOCKER_CPP_CONSUMER_STR(x) DOCKER_CPP_CONSUMER_STR2(x)

// A superbuild that supplies its own nlohmann_json target marks it: the SDK must use that one.
#if defined(EXPECT_VENDORED_JSON) && !defined(VENDORED_JSON_IN_USE)
#error "the superbuild's own nlohmann_json::nlohmann_json target was not used"
#endif

int main() {
    int failures = 0;
    const char* macros = DOCKER_CPP_CONSUMER_STR(DOCKER_CPP_VERSION_MAJOR) "." DOCKER_CPP_CONSUMER_STR(
        DOCKER_CPP_VERSION_MINOR) "." DOCKER_CPP_CONSUMER_STR(DOCKER_CPP_VERSION_PATCH);
    if (std::strcmp(macros, docker::library_version) != 0 || std::strcmp(macros, DOCKER_CPP_VERSION_STRING) != 0) {
        std::cerr << "version macros " << macros << " disagree with library_version " << docker::library_version
                  << '\n';
        ++failures;
    }
#ifdef EXPECTED_VERSION
    // What the build system reported (the CMake package version or pkg-config --modversion).
    if (std::strcmp(EXPECTED_VERSION, docker::library_version) != 0) {
        std::cerr << "build system says " << EXPECTED_VERSION << ", headers say " << docker::library_version << '\n';
        ++failures;
    }
#endif

    docker::Endpoint endpoint = docker::Endpoint::parse("unix:///var/run/docker.sock");
    docker::http::Query query;
    query.add("all", true);
    if (endpoint.path != "/var/run/docker.sock" || query.str() != "?all=1") ++failures;
    std::cout << "docker-cpp " << docker::library_version << " endpoint " << endpoint.to_string() << " query "
              << query.str() << (failures ? " FAILED" : " ok") << '\n';
    return failures ? 1 : 0;
}
