#pragma once
// Where the test process reaches a container's port: through the port the daemon
// published on the host (docker-proxy, the userland proxy, carries it even when iptables
// is off), else straight to the container's address on a bridge network, which the host
// routes to (the network's bridge interface lives on the daemon's host).

#include <optional>
#include <string>

#include "docker/client.hpp"
#include "docker/models/containers.hpp"

namespace docker::testing {

// An address the test process can connect to.
struct HostPort {
    std::string host;
    int port = 0;
};

namespace detail {

// "6379" → "6379/tcp"; "53/udp" stays.
inline std::string port_key(const std::string& port) {
    return port.find('/') == std::string::npos ? port + "/tcp" : port;
}

// The daemon's host name as the test process sees it: the TCP host, or loopback for a
// local unix socket.
inline std::string daemon_host(const Client& client) {
    const Endpoint& e = client.endpoint();
    return e.kind == Endpoint::Kind::tcp ? e.host : "127.0.0.1";
}

// The host port the daemon published for `port` ("6379/tcp"), if any.
inline std::optional<int> published_port(const ContainerInspect& inspect, const std::string& port) {
    auto ports = inspect.network_settings.find("Ports");
    if (ports == inspect.network_settings.end() || !ports->is_object()) return std::nullopt;
    auto bindings = ports->find(port_key(port));
    if (bindings == ports->end() || !bindings->is_array()) return std::nullopt;
    for (const auto& b : *bindings) {
        auto host_port = b.find("HostPort");
        if (host_port != b.end() && host_port->is_string() && !host_port->get<std::string>().empty())
            return std::stoi(host_port->get<std::string>());
    }
    return std::nullopt;
}

// The container's IPv4 address on `network`, or on its first network with one when empty.
inline std::optional<std::string> container_ip(const ContainerInspect& inspect, const std::string& network = {}) {
    auto networks = inspect.network_settings.find("Networks");
    if (networks == inspect.network_settings.end() || !networks->is_object()) return std::nullopt;
    for (auto it = networks->begin(); it != networks->end(); ++it) {
        if (!network.empty() && it.key() != network) continue;
        auto ip = it->find("IPAddress");
        if (ip != it->end() && ip->is_string() && !ip->get<std::string>().empty()) return ip->get<std::string>();
    }
    return std::nullopt;
}

// Where the test process reaches `port`: the published port on the daemon's host, else the
// container's own address.
inline std::optional<HostPort> reachable_address(const Client& client, const ContainerInspect& inspect,
                                                 const std::string& port) {
    if (auto published = published_port(inspect, port)) return HostPort{daemon_host(client), *published};
    if (auto ip = container_ip(inspect)) return HostPort{*ip, std::stoi(port)};
    return std::nullopt;
}

}  // namespace detail

}  // namespace docker::testing
