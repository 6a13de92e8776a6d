#pragma once
// docker::testing::run(), as docker-py's containers.run: pull the image if missing, create,
// start, wait for the exit and return the exit code with stdout and stderr, removing the
// container. run_detached() returns the owning handle instead.

#include <cstdint>
#include <optional>
#include <string>

#include "docker/detail/compiled_mode.hpp"
#include "docker/testing/container.hpp"

namespace docker::testing {

/// What run() returns.
struct RunResult {
    /// The container's exit code.
    std::int64_t exit_code = 0;
    /// Everything it wrote to stdout.
    std::string out;
    /// Everything it wrote to stderr.
    std::string err;
};

/// Runs the container to its end. `limit` bounds the wait for the exit (unset: none); a
/// container still running then is removed and TimeoutError thrown.
DOCKER_CPP_INLINE RunResult run(Client& client, const ContainerSpec& spec, std::optional<Timeout> limit = {});

/// Starts the container and hands it over (the same as Container::start).
inline Container run_detached(Client& client, const ContainerSpec& spec) { return Container::start(client, spec); }

#if DOCKER_CPP_BODIES
DOCKER_CPP_INLINE RunResult run(Client& client, const ContainerSpec& spec, std::optional<Timeout> limit) {
    Container container = Container::start(client, spec);
    RunResult result;
    result.exit_code = container.client().containers().wait(container.id(), WaitCondition::not_running, limit)
                           .status_code;
    ContainerOutput output = container.logs();
    result.out = std::move(output.out);
    result.err = std::move(output.err);
    return result;
}
#endif

}  // namespace docker::testing
