#pragma once
// Where the test process reaches a container's port: through the port the daemon
// published on the host (docker-proxy, the userland proxy, carries it even when iptables
// is off), else straight to the container's address on a bridge network, which the host
// routes to (the network's bridge interface lives on the daemon's host).

#include <optional>
#include <string>

#include "docker/client.hpp"
#include "docker/detail/compiled_mode.hpp"
#include "docker/models/containers.hpp"

namespace docker::testing {

/// An address the test process can connect to.
struct HostPort {
    /// Host name or IP address.
    std::string host;
    /// TCP port.
    int port = 0;
};

namespace detail {

// "6379" → "6379/tcp"; "53/udp" stays.
DOCKER_CPP_INLINE std::string port_key(const std::string& port);

// The daemon's host name as the test process sees it: the TCP host, or loopback for a
// local unix socket.
DOCKER_CPP_INLINE std::string daemon_host(const Client& client);

// The host port the daemon published for `port` ("6379/tcp"), if any.
DOCKER_CPP_INLINE std::optional<int> published_port(const ContainerInspect& inspect, const std::string& port);

// The container's IPv4 address on `network`, or on its first network with one when empty.
DOCKER_CPP_INLINE std::optional<std::string> container_ip(const ContainerInspect& inspect,
                                                          const std::string& network = {});

// Where the test process reaches `port`: the published port on the daemon's host, else the
// container's own address.
DOCKER_CPP_INLINE std::optional<HostPort> reachable_address(const Client& client, const ContainerInspect& inspect,
                                                            const std::string& port);

#if DOCKER_CPP_BODIES
DOCKER_CPP_INLINE std::string port_key(const std::string& port) {
    return port.find('/') == std::string::npos ? port + "/tcp" : port;
}

DOCKER_CPP_INLINE std::string daemon_host(const Client& client) {
    const Endpoint& e = client.endpoint();
    return e.kind == Endpoint::Kind::tcp ? e.host : "127.0.0.1";
}

DOCKER_CPP_INLINE std::optional<int> published_port(const ContainerInspect& inspect, const std::string& port) {
    const auto& ports = inspect.network_settings.ports;
    if (!ports) return std::nullopt;
    auto bindings = ports->find(port_key(port));
    if (bindings == ports->end() || !bindings->second) return std::nullopt;
    for (const auto& binding : *bindings->second)
        if (binding.host_port && !binding.host_port->empty()) return std::stoi(*binding.host_port);
    return std::nullopt;
}

DOCKER_CPP_INLINE std::optional<std::string> container_ip(const ContainerInspect& inspect, const std::string& network) {
    const auto& networks = inspect.network_settings.networks;
    if (!networks) return std::nullopt;
    for (const auto& [name, endpoint] : *networks) {
        if (!network.empty() && name != network) continue;
        if (endpoint.ip_address && !endpoint.ip_address->empty()) return endpoint.ip_address;
    }
    return std::nullopt;
}

DOCKER_CPP_INLINE std::optional<HostPort> reachable_address(const Client& client, const ContainerInspect& inspect,
                                                            const std::string& port) {
    if (auto published = published_port(inspect, port)) return HostPort{daemon_host(client), *published};
    if (auto ip = container_ip(inspect)) return HostPort{*ip, std::stoi(port)};
    return std::nullopt;
}
#endif

}  // namespace detail

}  // namespace docker::testing
