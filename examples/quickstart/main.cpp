// Quickstart: the engine's version, a pull, and a container's whole life — create (with a
// name), start, wait, logs, inspect, remove.
//
// The daemon comes from DOCKER_HOST (default unix:///var/run/docker.sock); the image from
// QUICKSTART_IMAGE (default busybox:latest).

#include <docker/docker.hpp>

#include <cstdlib>
#include <iostream>
#include <string>
#include <unistd.h>

int main() {
    const char* image_env = std::getenv("QUICKSTART_IMAGE");
    std::string image = image_env && *image_env ? image_env : "busybox:latest";
    std::string name = "docker-cpp-quickstart-" + std::to_string(::getpid());

    try {
        docker::Client client;
        auto version = client.system().version();
        std::cout << "engine: Docker " << version.version << " (API " << version.api_version << ", using "
                  << client.api_version() << ") at " << client.endpoint().to_string() << "\n";

        std::cout << "pull:   " << image << "\n";
        client.images().pull(image, "", [](const docker::ProgressEvent& e) {
            std::cout << "        " << (e.id.empty() ? "" : e.id + ": ") << e.status << "\n";
        });

        docker::ContainerConfig config;
        config.image = image;
        config.cmd = {"sh", "-c", "echo hello from $(hostname); echo to stderr >&2"};
        config.labels = {{"example", "quickstart"}};
        auto created = client.containers().create(config, name);
        std::cout << "create: " << name << " (" << created.id.substr(0, 12) << ")\n";

        try {
            client.containers().start(created.id);
            auto status = client.containers().wait(created.id);
            std::cout << "exit:   " << status.status_code << "\n";

            docker::LogsOptions logs;
            logs.tail = 100;
            for (const auto& frame : client.containers().logs(created.id, logs))
                std::cout << (frame.is_stderr() ? "stderr: " : "stdout: ") << frame.text();

            auto info = client.containers().inspect(created.id);
            std::cout << "inspect: name " << info.name << ", state " << info.state.status << ", exit code "
                      << info.state.exit_code << "\n";
        } catch (...) {
            docker::RemoveContainerOptions force;
            force.force = true;
            client.containers().remove(created.id, force);
            throw;
        }

        docker::RemoveContainerOptions remove;
        remove.force = true;
        client.containers().remove(created.id, remove);
        std::cout << "remove: " << name << "\n";
        return 0;
    } catch (const docker::Error& e) {
        std::cerr << "quickstart failed: " << e.what() << "\n";
        return 1;
    }
}
