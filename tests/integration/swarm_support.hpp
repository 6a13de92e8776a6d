#pragma once
// Test support for the swarm groups (swarm, nodes, services, tasks, secrets, configs): a
// one-node swarm that exists for the scope of a test and is left (forced) when the scope
// ends, even when an assertion fails, and a bounded poll for what the swarm does
// asynchronously (a task reaching "running", log lines arriving).

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>

#include "integration/engine.hpp"

namespace docker::test {

// How long the swarm may take for what it does in the background. Generous: a loaded
// 2-core machine starts a task in seconds, not milliseconds.
inline constexpr std::chrono::seconds swarm_deadline{90};

// Polls `condition` until it is true or `limit` has passed; returns its last answer.
template <class Condition>
bool eventually(Condition&& condition, std::chrono::steady_clock::duration limit = swarm_deadline) {
    auto deadline = std::chrono::steady_clock::now() + limit;
    for (;;) {
        if (condition()) return true;
        if (std::chrono::steady_clock::now() >= deadline) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
}

// A TCP port on 127.0.0.1 that nobody listens on right now (the kernel's pick).
inline int free_tcp_port() {
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) throw std::runtime_error("socket() failed");
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    socklen_t length = sizeof address;
    bool ok = ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
              ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0;
    ::close(fd);
    if (!ok) throw std::runtime_error("could not find a free port on 127.0.0.1");
    return ntohs(address.sin_port);
}

// Does the engine have a network of this name?
inline bool has_network(Client& client, const std::string& name) {
    try {
        client.get("/networks/" + name);
        return true;
    } catch (const NotFound&) {
        return false;
    }
}

// Leaves the swarm (forced) when the scope ends, and removes the docker_gwbridge network
// the daemon creates for swarm tasks (and keeps after leaving) unless it was there before.
// The node must not be in a swarm when this starts: the tests never touch a swarm they
// did not make.
class SwarmCleanup {
public:
    explicit SwarmCleanup(Client& client) : client_(client) {
        json info = json::parse(client_.get("/info").body);
        std::string state = info.value("Swarm", json::object()).value("LocalNodeState", "");
        if (state != "inactive")
            throw std::runtime_error("the engine's node is in swarm state '" + state +
                                     "'; the swarm tests need a node outside any swarm");
        had_gwbridge_ = has_network(client_, "docker_gwbridge");
    }
    ~SwarmCleanup() {
        try {
            client_.post("/swarm/leave?force=1");
        } catch (const Error&) {
            // Not in a swarm (the test left already, or init failed): nothing to leave.
        }
        if (had_gwbridge_) return;
        // The task containers' endpoints may take a moment to go after leaving.
        eventually(
            [&] {
                try {
                    client_.del("/networks/docker_gwbridge");
                    return true;
                } catch (const NotFound&) {
                    return true;
                } catch (const Error&) {
                    return false;
                }
            },
            std::chrono::seconds(30));
    }
    SwarmCleanup(const SwarmCleanup&) = delete;
    SwarmCleanup& operator=(const SwarmCleanup&) = delete;

private:
    Client& client_;
    bool had_gwbridge_ = false;
};

// Swarm init makes an "ingress" overlay network (the routing mesh for published ports) and,
// in the background, its sandbox on this node with an endpoint in docker_gwbridge. Leaving
// before that setup is done makes dockerd 20.10 give up on removing it ("timeout while
// waiting for ingress network removal" in its log), and the endpoint then keeps
// docker_gwbridge in use for good. So wait for the setup after init.
inline void wait_for_ingress_setup(Client& client) {
    eventually(
        [&] {
            try {
                return client.get("/networks/docker_gwbridge").body.find("\"ingress-sbox\"") != std::string::npos;
            } catch (const NotFound&) {
                return false;  // not made yet
            }
        },
        std::chrono::seconds(60));
}

// Makes the engine's node the only manager of a new swarm (on 127.0.0.1, a free port) and
// returns its node ID. Pair it with a SwarmCleanup made before.
inline std::string init_swarm(Client& client) {
    model::SwarmInitRequest request;
    request.listen_addr = "127.0.0.1:" + std::to_string(free_tcp_port());
    request.advertise_addr = "127.0.0.1";
    std::string node_id = client.swarm().init(request);
    wait_for_ingress_setup(client);
    return node_id;
}

}  // namespace docker::test
