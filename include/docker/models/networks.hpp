#pragma once
// Models of the network group, named as the v1.55 spec's definitions (Network, IPAM,
// EndpointSettings, NetworkCreateRequest, ...) with its keys in snake_case, so that the
// generated models can replace them one for one.
//
// Scalars and nested objects the spec marks optional are std::optional (unset: not sent,
// or the daemon left it out); lists and maps are empty when absent. Every model keeps the
// keys it does not name in `extra`: read from an answer, sent back as given in a request.

#include <cstdint>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "docker/models/json_fields.hpp"

namespace docker {

namespace detail {

// The members of `object` whose keys are not in `known`.
inline json unknown_members(const json& object, std::initializer_list<const char*> known) {
    json extra = json::object();
    if (!object.is_object()) return extra;
    for (auto it = object.begin(); it != object.end(); ++it) {
        bool named = false;
        for (const char* key : known) named = named || it.key() == key;
        if (!named) extra[it.key()] = it.value();
    }
    return extra;
}

}  // namespace detail

// ---- IPAM ------------------------------------------------------------------------

/// One address pool of a network (an entry of IPAM.config).
struct IPAMConfig {
    /// JSON `Subnet`: the pool in CIDR form ("10.88.0.0/24").
    std::optional<std::string> subnet;
    /// JSON `IPRange`: CIDR range within the subnet that containers get addresses from.
    std::optional<std::string> ip_range;
    /// JSON `Gateway`: gateway address of the subnet.
    std::optional<std::string> gateway;
    /// JSON `AuxiliaryAddresses`: host name → address reserved in the subnet for the driver.
    std::map<std::string, std::string> auxiliary_addresses;
    /// Keys this model does not name, kept as received and sent back as they are.
    json extra = json::object();
};

template <class J, detail::if_json<J> = 0>
void to_json(J& j, const IPAMConfig& c) {
    j = json::object();
    detail::write_field(j, "Subnet", c.subnet);
    detail::write_field(j, "IPRange", c.ip_range);
    detail::write_field(j, "Gateway", c.gateway);
    detail::write_field(j, "AuxiliaryAddresses", c.auxiliary_addresses);
    detail::merge_extra(j, c.extra);
}

template <class J, detail::if_json<J> = 0>
void from_json(const J& j, IPAMConfig& c) {
    detail::read_field(j, "Subnet", c.subnet);
    detail::read_field(j, "IPRange", c.ip_range);
    detail::read_field(j, "Gateway", c.gateway);
    detail::read_field(j, "AuxiliaryAddresses", c.auxiliary_addresses);
    c.extra = detail::unknown_members(j, {"Subnet", "IPRange", "Gateway", "AuxiliaryAddresses"});
}

/// IP address management of a network: its driver and address pools.
struct IPAM {
    /// JSON `Driver`: IPAM driver; unset means "default".
    std::optional<std::string> driver;
    /// JSON `Config`: the address pools; empty lets the daemon choose one.
    std::vector<IPAMConfig> config;
    /// JSON `Options`: driver-specific options.
    std::map<std::string, std::string> options;
    /// Keys this model does not name, kept as received and sent back as they are.
    json extra = json::object();
};

template <class J, detail::if_json<J> = 0>
void to_json(J& j, const IPAM& i) {
    j = json::object();
    detail::write_field(j, "Driver", i.driver);
    detail::write_field(j, "Config", i.config);
    detail::write_field(j, "Options", i.options);
    detail::merge_extra(j, i.extra);
}

template <class J, detail::if_json<J> = 0>
void from_json(const J& j, IPAM& i) {
    detail::read_field(j, "Driver", i.driver);
    detail::read_field(j, "Config", i.config);
    detail::read_field(j, "Options", i.options);
    i.extra = detail::unknown_members(j, {"Driver", "Config", "Options"});
}

// ---- endpoints -------------------------------------------------------------------

/// Static addresses asked for a container on one network (EndpointSettings.ipam_config).
struct EndpointIPAMConfig {
    /// JSON `IPv4Address`: fixed IPv4 address, without prefix.
    std::optional<std::string> ipv4_address;
    /// JSON `IPv6Address`: fixed IPv6 address, without prefix.
    std::optional<std::string> ipv6_address;
    /// JSON `LinkLocalIPs`: extra link-local addresses.
    std::vector<std::string> link_local_ips;
    /// Keys this model does not name, kept as received and sent back as they are.
    json extra = json::object();
};

template <class J, detail::if_json<J> = 0>
void to_json(J& j, const EndpointIPAMConfig& c) {
    j = json::object();
    detail::write_field(j, "IPv4Address", c.ipv4_address);
    detail::write_field(j, "IPv6Address", c.ipv6_address);
    detail::write_field(j, "LinkLocalIPs", c.link_local_ips);
    detail::merge_extra(j, c.extra);
}

template <class J, detail::if_json<J> = 0>
void from_json(const J& j, EndpointIPAMConfig& c) {
    detail::read_field(j, "IPv4Address", c.ipv4_address);
    detail::read_field(j, "IPv6Address", c.ipv6_address);
    detail::read_field(j, "LinkLocalIPs", c.link_local_ips);
    c.extra = detail::unknown_members(j, {"IPv4Address", "IPv6Address", "LinkLocalIPs"});
}

/// A container's endpoint on one network: what a connect asks for, what inspect reports.
struct EndpointSettings {
    /// JSON `IPAMConfig`: static addresses to ask for.
    std::optional<EndpointIPAMConfig> ipam_config;
    /// JSON `Links`: legacy links as "container:alias".
    std::vector<std::string> links;
    /// JSON `MacAddress`: MAC address of the endpoint.
    std::optional<std::string> mac_address;
    /// JSON `Aliases`: extra DNS names of the container on this network.
    std::vector<std::string> aliases;
    /// JSON `DriverOpts`: options for the network driver.
    std::map<std::string, std::string> driver_opts;
    /// JSON `GwPriority`: which network provides the default gateway (highest wins); API 1.48 and newer.
    std::optional<std::int64_t> gw_priority;
    /// JSON `NetworkID`: ID of the network (reported).
    std::optional<std::string> network_id;
    /// JSON `EndpointID`: ID of the endpoint (reported).
    std::optional<std::string> endpoint_id;
    /// JSON `Gateway`: IPv4 gateway (reported).
    std::optional<std::string> gateway;
    /// JSON `IPAddress`: IPv4 address (reported).
    std::optional<std::string> ip_address;
    /// JSON `IPPrefixLen`: IPv4 prefix length, in bits (reported).
    std::optional<std::int64_t> ip_prefix_len;
    /// JSON `IPv6Gateway`: IPv6 gateway (reported).
    std::optional<std::string> ipv6_gateway;
    /// JSON `GlobalIPv6Address`: global IPv6 address (reported).
    std::optional<std::string> global_ipv6_address;
    /// JSON `GlobalIPv6PrefixLen`: its prefix length, in bits (reported).
    std::optional<std::int64_t> global_ipv6_prefix_len;
    /// JSON `DNSNames`: every DNS name the container answers to on this network; API 1.44 and newer.
    std::vector<std::string> dns_names;
    /// Keys this model does not name, kept as received and sent back as they are.
    json extra = json::object();
};

template <class J, detail::if_json<J> = 0>
void to_json(J& j, const EndpointSettings& e) {
    j = json::object();
    detail::write_field(j, "IPAMConfig", e.ipam_config);
    detail::write_field(j, "Links", e.links);
    detail::write_field(j, "MacAddress", e.mac_address);
    detail::write_field(j, "Aliases", e.aliases);
    detail::write_field(j, "DriverOpts", e.driver_opts);
    detail::write_field(j, "GwPriority", e.gw_priority);
    detail::write_field(j, "NetworkID", e.network_id);
    detail::write_field(j, "EndpointID", e.endpoint_id);
    detail::write_field(j, "Gateway", e.gateway);
    detail::write_field(j, "IPAddress", e.ip_address);
    detail::write_field(j, "IPPrefixLen", e.ip_prefix_len);
    detail::write_field(j, "IPv6Gateway", e.ipv6_gateway);
    detail::write_field(j, "GlobalIPv6Address", e.global_ipv6_address);
    detail::write_field(j, "GlobalIPv6PrefixLen", e.global_ipv6_prefix_len);
    detail::write_field(j, "DNSNames", e.dns_names);
    detail::merge_extra(j, e.extra);
}

template <class J, detail::if_json<J> = 0>
void from_json(const J& j, EndpointSettings& e) {
    detail::read_field(j, "IPAMConfig", e.ipam_config);
    detail::read_field(j, "Links", e.links);
    detail::read_field(j, "MacAddress", e.mac_address);
    detail::read_field(j, "Aliases", e.aliases);
    detail::read_field(j, "DriverOpts", e.driver_opts);
    detail::read_field(j, "GwPriority", e.gw_priority);
    detail::read_field(j, "NetworkID", e.network_id);
    detail::read_field(j, "EndpointID", e.endpoint_id);
    detail::read_field(j, "Gateway", e.gateway);
    detail::read_field(j, "IPAddress", e.ip_address);
    detail::read_field(j, "IPPrefixLen", e.ip_prefix_len);
    detail::read_field(j, "IPv6Gateway", e.ipv6_gateway);
    detail::read_field(j, "GlobalIPv6Address", e.global_ipv6_address);
    detail::read_field(j, "GlobalIPv6PrefixLen", e.global_ipv6_prefix_len);
    detail::read_field(j, "DNSNames", e.dns_names);
    e.extra = detail::unknown_members(
        j, {"IPAMConfig", "Links", "MacAddress", "Aliases", "DriverOpts", "GwPriority", "NetworkID", "EndpointID",
            "Gateway", "IPAddress", "IPPrefixLen", "IPv6Gateway", "GlobalIPv6Address", "GlobalIPv6PrefixLen",
            "DNSNames"});
}

/// A container attached to a network, as the network's inspect lists it.
struct EndpointResource {
    /// JSON `Name`: container name.
    std::optional<std::string> name;
    /// JSON `EndpointID`: ID of the endpoint.
    std::optional<std::string> endpoint_id;
    /// JSON `MacAddress`: MAC address of the endpoint.
    std::optional<std::string> mac_address;
    /// JSON `IPv4Address`: IPv4 address with its prefix ("10.88.0.2/24").
    std::optional<std::string> ipv4_address;
    /// JSON `IPv6Address`: IPv6 address with its prefix.
    std::optional<std::string> ipv6_address;
    /// Keys this model does not name, kept as received.
    json extra = json::object();
};

template <class J, detail::if_json<J> = 0>
void from_json(const J& j, EndpointResource& r) {
    detail::read_field(j, "Name", r.name);
    detail::read_field(j, "EndpointID", r.endpoint_id);
    detail::read_field(j, "MacAddress", r.mac_address);
    detail::read_field(j, "IPv4Address", r.ipv4_address);
    detail::read_field(j, "IPv6Address", r.ipv6_address);
    r.extra = detail::unknown_members(j, {"Name", "EndpointID", "MacAddress", "IPv4Address", "IPv6Address"});
}

// ---- networks --------------------------------------------------------------------

/// Names the configuration-only network another network takes its configuration from.
struct ConfigReference {
    /// JSON `Network`: name of the config-only network.
    std::optional<std::string> network;
};

template <class J, detail::if_json<J> = 0>
void to_json(J& j, const ConfigReference& c) {
    j = json::object();
    detail::write_field(j, "Network", c.network);
}

template <class J, detail::if_json<J> = 0>
void from_json(const J& j, ConfigReference& c) { detail::read_field(j, "Network", c.network); }

/// A swarm node taking part in an overlay network.
struct PeerInfo {
    /// JSON `Name`: node name.
    std::optional<std::string> name;
    /// JSON `IP`: node address.
    std::optional<std::string> ip;
};

template <class J, detail::if_json<J> = 0>
void from_json(const J& j, PeerInfo& p) {
    detail::read_field(j, "Name", p.name);
    detail::read_field(j, "IP", p.ip);
}

#define DOCKER_CPP_NETWORK_KEYS                                                                                   \
    "Name", "Id", "Created", "Scope", "Driver", "EnableIPv4", "EnableIPv6", "IPAM", "Internal", "Attachable",    \
        "Ingress", "ConfigFrom", "ConfigOnly", "Options", "Labels", "Peers"

/// A network as GET /networks and GET /networks/{id} report it.
struct Network {
    /// JSON `Name`.
    std::optional<std::string> name;
    /// JSON `Id`: full network ID.
    std::optional<std::string> id;
    /// JSON `Created`: RFC 3339 creation time.
    std::optional<std::string> created;
    /// JSON `Scope`: "local", "swarm" or "global".
    std::optional<std::string> scope;
    /// JSON `Driver`: "bridge", "overlay", "macvlan", ...
    std::optional<std::string> driver;
    /// JSON `EnableIPv4`: IPv4 is on; reported from API 1.47.
    std::optional<bool> enable_ipv4;
    /// JSON `EnableIPv6`: IPv6 is on.
    std::optional<bool> enable_ipv6;
    /// JSON `IPAM`: address management.
    std::optional<IPAM> ipam;
    /// JSON `Internal`: no route to outside networks.
    std::optional<bool> internal;
    /// JSON `Attachable`: swarm network that plain containers may join.
    std::optional<bool> attachable;
    /// JSON `Ingress`: the swarm routing-mesh network.
    std::optional<bool> ingress;
    /// JSON `ConfigFrom`: the config-only network this one takes its configuration from.
    std::optional<ConfigReference> config_from;
    /// JSON `ConfigOnly`: holds configuration only; no container can join it.
    std::optional<bool> config_only;
    /// JSON `Options`: driver options.
    std::map<std::string, std::string> options;
    /// JSON `Labels`.
    std::map<std::string, std::string> labels;
    /// JSON `Peers`: swarm nodes on this overlay network.
    std::vector<PeerInfo> peers;
    /// Keys this model does not name, kept as received.
    json extra = json::object();
};

namespace detail {
template <class J>
void read_network_fields(const J& j, Network& n) {
    detail::read_field(j, "Name", n.name);
    detail::read_field(j, "Id", n.id);
    detail::read_field(j, "Created", n.created);
    detail::read_field(j, "Scope", n.scope);
    detail::read_field(j, "Driver", n.driver);
    detail::read_field(j, "EnableIPv4", n.enable_ipv4);
    detail::read_field(j, "EnableIPv6", n.enable_ipv6);
    detail::read_field(j, "IPAM", n.ipam);
    detail::read_field(j, "Internal", n.internal);
    detail::read_field(j, "Attachable", n.attachable);
    detail::read_field(j, "Ingress", n.ingress);
    detail::read_field(j, "ConfigFrom", n.config_from);
    detail::read_field(j, "ConfigOnly", n.config_only);
    detail::read_field(j, "Options", n.options);
    detail::read_field(j, "Labels", n.labels);
    detail::read_field(j, "Peers", n.peers);
}
}  // namespace detail

template <class J, detail::if_json<J> = 0>
void from_json(const J& j, Network& n) {
    detail::read_network_fields(j, n);
    n.extra = detail::unknown_members(j, {DOCKER_CPP_NETWORK_KEYS});
}

/// An entry of GET /networks: the spec's NetworkSummary is a Network.
using NetworkSummary = Network;

/// The answer of GET /networks/{id}: a Network plus the containers attached to it.
/// Services and Status (swarm and newer daemons) stay in `extra`.
struct NetworkInspect : Network {
    /// JSON `Containers`: container ID → its endpoint.
    std::map<std::string, EndpointResource> containers;
};

template <class J, detail::if_json<J> = 0>
void from_json(const J& j, NetworkInspect& n) {
    detail::read_network_fields(j, n);
    detail::read_field(j, "Containers", n.containers);
    n.extra = detail::unknown_members(j, {DOCKER_CPP_NETWORK_KEYS, "Containers"});
}

#undef DOCKER_CPP_NETWORK_KEYS

/// The body of POST /networks/create.
struct NetworkCreateRequest {
    /// JSON `Name`: required; always sent.
    std::string name;
    /// JSON `Driver`: unset means "bridge".
    std::optional<std::string> driver;
    /// JSON `Scope`: "local", "swarm" or "global".
    std::optional<std::string> scope;
    /// JSON `Internal`: cut the network off from outside networks.
    std::optional<bool> internal;
    /// JSON `Attachable`: let plain containers join a swarm network.
    std::optional<bool> attachable;
    /// JSON `Ingress`: make it the swarm routing-mesh network.
    std::optional<bool> ingress;
    /// JSON `ConfigOnly`: create a configuration-only network.
    std::optional<bool> config_only;
    /// JSON `ConfigFrom`: take the configuration of this config-only network.
    std::optional<ConfigReference> config_from;
    /// JSON `IPAM`: address management.
    std::optional<IPAM> ipam;
    /// JSON `EnableIPv4`: API 1.47 and newer.
    std::optional<bool> enable_ipv4;
    /// JSON `EnableIPv6`.
    std::optional<bool> enable_ipv6;
    /// JSON `Options`: driver options.
    std::map<std::string, std::string> options;
    /// JSON `Labels`.
    std::map<std::string, std::string> labels;
    /// Other keys, merged into the request as given.
    json extra = json::object();
};

template <class J, detail::if_json<J> = 0>
void to_json(J& j, const NetworkCreateRequest& r) {
    j = json{{"Name", r.name}};
    detail::write_field(j, "Driver", r.driver);
    detail::write_field(j, "Scope", r.scope);
    detail::write_field(j, "Internal", r.internal);
    detail::write_field(j, "Attachable", r.attachable);
    detail::write_field(j, "Ingress", r.ingress);
    detail::write_field(j, "ConfigOnly", r.config_only);
    detail::write_field(j, "ConfigFrom", r.config_from);
    detail::write_field(j, "IPAM", r.ipam);
    detail::write_field(j, "EnableIPv4", r.enable_ipv4);
    detail::write_field(j, "EnableIPv6", r.enable_ipv6);
    detail::write_field(j, "Options", r.options);
    detail::write_field(j, "Labels", r.labels);
    detail::merge_extra(j, r.extra);
}

/// The answer of POST /networks/create.
struct NetworkCreateResponse {
    /// JSON `Id`: ID of the new network.
    std::string id;
    /// JSON `Warning`: what the daemon warned about; empty if nothing.
    std::string warning;
    /// Keys this model does not name, kept as received.
    json extra = json::object();
};

template <class J, detail::if_json<J> = 0>
void from_json(const J& j, NetworkCreateResponse& r) {
    detail::read_field(j, "Id", r.id);
    detail::read_field(j, "Warning", r.warning);
    r.extra = detail::unknown_members(j, {"Id", "Warning"});
}

/// The body of POST /networks/{id}/connect.
struct NetworkConnectRequest {
    /// JSON `Container`: required: container ID or name.
    std::string container;
    /// JSON `EndpointConfig`: aliases, static addresses and the like for the new endpoint.
    std::optional<EndpointSettings> endpoint_config;
    /// Other keys, merged into the request as given.
    json extra = json::object();
};

template <class J, detail::if_json<J> = 0>
void to_json(J& j, const NetworkConnectRequest& r) {
    j = json{{"Container", r.container}};
    detail::write_field(j, "EndpointConfig", r.endpoint_config);
    detail::merge_extra(j, r.extra);
}

/// The body of POST /networks/{id}/disconnect.
struct NetworkDisconnectRequest {
    /// JSON `Container`: required: container ID or name.
    std::string container;
    /// JSON `Force`: disconnect even a container that is not running.
    std::optional<bool> force;
    /// Other keys, merged into the request as given.
    json extra = json::object();
};

template <class J, detail::if_json<J> = 0>
void to_json(J& j, const NetworkDisconnectRequest& r) {
    j = json{{"Container", r.container}};
    detail::write_field(j, "Force", r.force);
    detail::merge_extra(j, r.extra);
}

/// The answer of POST /networks/prune.
struct NetworkPruneResponse {
    /// JSON `NetworksDeleted`: names of the networks removed.
    std::vector<std::string> networks_deleted;
    /// Keys this model does not name, kept as received.
    json extra = json::object();
};

template <class J, detail::if_json<J> = 0>
void from_json(const J& j, NetworkPruneResponse& r) {
    detail::read_field(j, "NetworksDeleted", r.networks_deleted);
    r.extra = detail::unknown_members(j, {"NetworksDeleted"});
}

}  // namespace docker
