// logs: a container's output, following it as it is written, like `docker logs -f`.
//
//   logs [-f] [--tail N] CONTAINER
//   logs --demo        starts a container that prints a few lines, follows it to its end,
//                      then removes it (what scripts/test.sh runs)
//
// stdout and stderr arrive demultiplexed and go to our stdout and stderr. Following ends
// when the container stops (or on Ctrl-C). The daemon comes from DOCKER_HOST; the demo's
// image from EXAMPLE_IMAGE (default busybox:latest, which must be present).

#include <docker/docker.hpp>

#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>

namespace {

// Prints every frame as it arrives; returns the number of lines seen.
int follow(docker::Client& client, const std::string& container, const docker::LogsOptions& options) {
    int lines = 0;
    for (const auto& frame : client.containers().logs(container, options)) {
        auto& out = frame.is_stderr() ? std::cerr : std::cout;
        out << frame.text() << std::flush;
        for (char c : frame.text()) lines += c == '\n';
    }
    return lines;
}

int demo(docker::Client& client) {
    const char* image_env = std::getenv("EXAMPLE_IMAGE");
    docker::ContainerConfig config;
    config.image = image_env && *image_env ? image_env : "busybox:latest";
    config.cmd = {"sh", "-c", "for i in 1 2 3 4 5; do echo \"line $i\"; sleep 0.2; done; echo done >&2"};
    auto created = client.containers().create(config);
    int lines = 0;
    try {
        client.containers().start(created.id);
        docker::LogsOptions options;
        options.follow = true;  // from the start: the lines already written, then the rest
        lines = follow(client, created.id, options);
    } catch (...) {
        docker::RemoveContainerOptions force;
        force.force = true;
        client.containers().remove(created.id, force);
        throw;
    }
    client.containers().remove(created.id);
    std::cout << "followed " << lines << " lines until the container stopped\n";
    return lines == 6 ? 0 : 1;  // five on stdout, "done" on stderr
}

}  // namespace

int main(int argc, char** argv) {
    docker::LogsOptions options;
    std::string container;
    bool run_demo = false, bad = false;
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "-f") || !std::strcmp(argv[i], "--follow")) options.follow = true;
        else if (!std::strcmp(argv[i], "--tail") && i + 1 < argc) options.tail = std::atoi(argv[++i]);
        else if (!std::strcmp(argv[i], "--demo")) run_demo = true;
        else if (argv[i][0] != '-' && container.empty()) container = argv[i];
        else bad = true;
    }
    if (bad || run_demo == !container.empty()) {
        std::cerr << "usage: logs [-f] [--tail N] CONTAINER | logs --demo\n";
        return 2;
    }
    try {
        docker::Client client;
        if (run_demo) return demo(client);
        follow(client, container, options);
        return 0;
    } catch (const docker::Error& e) {
        std::cerr << "logs: " << e.what() << '\n';
        return 1;
    }
}
