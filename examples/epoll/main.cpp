// Epoll: follows the logs and stats of N containers (default 50) and the daemon's events
// in one thread, with no thread blocked in a read (see follower.hpp), for 10 seconds.
//
// The daemon comes from DOCKER_HOST (default unix:///var/run/docker.sock); the image from
// EXAMPLE_IMAGE (default busybox:latest), which must already be present.

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include <unistd.h>

#include "follower.hpp"

int main(int argc, char** argv) {
    const char* image_env = std::getenv("EXAMPLE_IMAGE");
    std::string image = image_env && *image_env ? image_env : "busybox:latest";
    int count = argc > 1 ? std::atoi(argv[1]) : 50;
    std::string label = "docker-cpp-epoll-" + std::to_string(::getpid());
    std::vector<std::string> ids;
    docker::Client client;
    try {
        docker::EventsOptions options;
        options.filters = {{"label", {"example=" + label}}};
        docker::example::EpollFollower follower(client.system().events(options));
        for (int i = 0; i < count; ++i) {
            docker::ContainerConfig config;
            config.image = image;
            config.cmd = {"sh", "-c", "while true; do date; sleep 1; done"};
            config.labels = {{"example", label}};
            ids.push_back(client.containers().create(config).id);
            client.containers().start(ids.back());
            docker::LogsOptions logs;
            logs.follow = true;
            follower.follow(ids.back(), client.containers().logs(ids.back(), logs),
                            client.containers().stats_stream(ids.back()));
        }
        follower.run([] { return false; }, std::chrono::seconds(10));
        for (const auto& f : follower.followed())
            std::cout << f->id.substr(0, 12) << ": " << f->log_bytes << " log bytes, " << f->stats_samples
                      << " stats samples\n";
        std::cout << follower.events_seen() << " events; longest step "
                  << std::chrono::duration_cast<std::chrono::microseconds>(follower.longest_step()).count() << " us\n";
    } catch (const docker::Error& e) {
        std::cerr << "error: " << e.what() << '\n';
    }
    docker::RemoveContainerOptions remove;
    remove.force = true;
    for (const auto& id : ids) {
        try {
            client.containers().remove(id, remove);
        } catch (const docker::Error&) {
        }
    }
    return 0;
}
