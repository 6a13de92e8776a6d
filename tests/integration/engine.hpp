#pragma once
// What the integration tests know about the real engine that scripts/test.sh started
// (scripts/engine.sh writes these variables), plus small RAII helpers so that every test
// cleans up what it creates even when an assertion fails.

#include <docker/docker.hpp>

#include <atomic>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>
#include <unistd.h>

namespace docker::test {

struct Engine {
    std::string host;            // DOCKER_CPP_TEST_HOST, e.g. unix:///tmp/dcpp-x/docker.sock
    std::string image;           // DOCKER_CPP_TEST_IMAGE: a local busybox image
    std::string registry;        // DOCKER_CPP_TEST_REGISTRY: open registry holding busybox:latest
    std::string auth_registry;   // DOCKER_CPP_TEST_AUTH_REGISTRY: htpasswd-protected registry
    std::string auth_user;
    std::string auth_password;
};

inline std::string required_env(const char* name) {
    const char* value = std::getenv(name);
    if (!value || !*value)
        throw std::runtime_error(std::string(name) +
                                 " is not set: the integration tests need the engine that scripts/test.sh starts");
    return value;
}

inline const Engine& engine() {
    static const Engine e = [] {
        Engine x;
        x.host = required_env("DOCKER_CPP_TEST_HOST");
        x.image = required_env("DOCKER_CPP_TEST_IMAGE");
        x.registry = required_env("DOCKER_CPP_TEST_REGISTRY");
        x.auth_registry = required_env("DOCKER_CPP_TEST_AUTH_REGISTRY");
        x.auth_user = required_env("DOCKER_CPP_TEST_AUTH_USER");
        x.auth_password = required_env("DOCKER_CPP_TEST_AUTH_PASSWORD");
        return x;
    }();
    return e;
}

inline Client make_client() { return Client(engine().host); }

// Names unique to this process and call, so tests never collide with each other or with
// leftovers of an earlier run.
inline std::string unique_name(const std::string& prefix) {
    static std::atomic<int> counter{0};
    return "dcpp-" + prefix + "-" + std::to_string(::getpid()) + "-" + std::to_string(++counter);
}

// Force-removes a container when the test leaves its scope.
class ContainerGuard {
public:
    ContainerGuard(Client& client, std::string id) : client_(client), id_(std::move(id)) {}
    ~ContainerGuard() {
        try {
            RemoveContainerOptions options;
            options.force = true;
            client_.containers().remove(id_, options);
        } catch (const Error&) {
            // Already gone (auto-remove, or the test removed it): nothing to clean.
        }
    }
    ContainerGuard(const ContainerGuard&) = delete;
    ContainerGuard& operator=(const ContainerGuard&) = delete;
    const std::string& id() const { return id_; }

private:
    Client& client_;
    std::string id_;
};

// Removes an image reference when the test leaves its scope.
class ImageGuard {
public:
    ImageGuard(Client& client, std::string reference) : client_(client), reference_(std::move(reference)) {}
    ~ImageGuard() {
        try {
            ImageRemoveOptions options;
            options.force = true;
            client_.images().remove(reference_, options);
        } catch (const Error&) {
        }
    }
    ImageGuard(const ImageGuard&) = delete;
    ImageGuard& operator=(const ImageGuard&) = delete;

private:
    Client& client_;
    std::string reference_;
};

// Joins a thread when the scope ends, so a failing assertion between its start and its
// join cannot end the process through std::terminate.
class JoinOnExit {
public:
    explicit JoinOnExit(std::thread& thread) : thread_(thread) {}
    ~JoinOnExit() {
        if (thread_.joinable()) thread_.join();
    }
    JoinOnExit(const JoinOnExit&) = delete;
    JoinOnExit& operator=(const JoinOnExit&) = delete;

private:
    std::thread& thread_;
};

// A container from the test image running `cmd`, created (not started) and guarded.
inline ContainerConfig busybox(std::vector<std::string> cmd) {
    ContainerConfig config;
    config.image = engine().image;
    config.cmd = std::move(cmd);
    return config;
}

}  // namespace docker::test
