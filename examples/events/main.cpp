// Events: subscribes to the daemon's events about one container, then creates, starts and
// removes that container, printing each event until "destroy" (Podman: "remove") arrives.
//
// The daemon comes from DOCKER_HOST (default unix:///var/run/docker.sock); the image from
// EXAMPLE_IMAGE (default busybox:latest), which must already be present.

#include <docker/docker.hpp>

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <string>
#include <unistd.h>

int main() {
    const char* image_env = std::getenv("EXAMPLE_IMAGE");
    std::string image = image_env && *image_env ? image_env : "busybox:latest";
    std::string label = "docker-cpp-events-" + std::to_string(::getpid());

    try {
        docker::Client client;

        docker::EventsOptions options;
        options.since = std::chrono::system_clock::now();  // replays what happens while we subscribe
        options.filters = {{"type", {"container"}}, {"label", {"example=" + label}}};
        options.timeout = std::chrono::seconds(60);  // give up rather than wait forever
        auto events = client.system().events(options);

        docker::ContainerConfig config;
        config.image = image;
        config.cmd = {"sh", "-c", "echo working; exit 2"};
        config.labels = {{"example", label}};
        auto created = client.containers().create(config);
        client.containers().start(created.id);
        client.containers().wait(created.id);
        client.containers().remove(created.id);

        for (const auto& e : events) {
            std::cout << e.time << "  " << e.type << " " << e.action << "  " << e.actor.id.substr(0, 12);
            if (e.action == "die") std::cout << "  exitCode=" << e.attribute("exitCode");
            std::cout << "\n";
            // Podman ends with "remove" where Docker says "destroy" (docs/compatibility.md).
            if (e.action == "destroy" || e.action == "remove") break;  // leaving the loop unsubscribes
        }
        return 0;
    } catch (const docker::Error& e) {
        std::cerr << "events example failed: " << e.what() << "\n";
        return 1;
    }
}
