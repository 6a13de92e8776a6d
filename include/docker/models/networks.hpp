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

struct IPAMConfig {
    std::optional<std::string> subnet;   // "10.88.0.0/24"
    std::optional<std::string> ip_range;
    std::optional<std::string> gateway;
    std::map<std::string, std::string> auxiliary_addresses;
    json extra = json::object();
};

inline void to_json(json& j, const IPAMConfig& c) {
    j = json::object();
    detail::write_field(j, "Subnet", c.subnet);
    detail::write_field(j, "IPRange", c.ip_range);
    detail::write_field(j, "Gateway", c.gateway);
    detail::write_field(j, "AuxiliaryAddresses", c.auxiliary_addresses);
    detail::merge_extra(j, c.extra);
}

inline void from_json(const json& j, IPAMConfig& c) {
    detail::read_field(j, "Subnet", c.subnet);
    detail::read_field(j, "IPRange", c.ip_range);
    detail::read_field(j, "Gateway", c.gateway);
    detail::read_field(j, "AuxiliaryAddresses", c.auxiliary_addresses);
    c.extra = detail::unknown_members(j, {"Subnet", "IPRange", "Gateway", "AuxiliaryAddresses"});
}

struct IPAM {
    std::optional<std::string> driver;  // unset: "default"
    std::vector<IPAMConfig> config;
    std::map<std::string, std::string> options;
    json extra = json::object();
};

inline void to_json(json& j, const IPAM& i) {
    j = json::object();
    detail::write_field(j, "Driver", i.driver);
    detail::write_field(j, "Config", i.config);
    detail::write_field(j, "Options", i.options);
    detail::merge_extra(j, i.extra);
}

inline void from_json(const json& j, IPAM& i) {
    detail::read_field(j, "Driver", i.driver);
    detail::read_field(j, "Config", i.config);
    detail::read_field(j, "Options", i.options);
    i.extra = detail::unknown_members(j, {"Driver", "Config", "Options"});
}

// ---- endpoints -------------------------------------------------------------------

struct EndpointIPAMConfig {
    std::optional<std::string> ipv4_address;
    std::optional<std::string> ipv6_address;
    std::vector<std::string> link_local_ips;
    json extra = json::object();
};

inline void to_json(json& j, const EndpointIPAMConfig& c) {
    j = json::object();
    detail::write_field(j, "IPv4Address", c.ipv4_address);
    detail::write_field(j, "IPv6Address", c.ipv6_address);
    detail::write_field(j, "LinkLocalIPs", c.link_local_ips);
    detail::merge_extra(j, c.extra);
}

inline void from_json(const json& j, EndpointIPAMConfig& c) {
    detail::read_field(j, "IPv4Address", c.ipv4_address);
    detail::read_field(j, "IPv6Address", c.ipv6_address);
    detail::read_field(j, "LinkLocalIPs", c.link_local_ips);
    c.extra = detail::unknown_members(j, {"IPv4Address", "IPv6Address", "LinkLocalIPs"});
}

// A container's endpoint on one network: what a connect asks for, what inspect reports.
struct EndpointSettings {
    std::optional<EndpointIPAMConfig> ipam_config;
    std::vector<std::string> links;
    std::optional<std::string> mac_address;
    std::vector<std::string> aliases;
    std::map<std::string, std::string> driver_opts;
    std::optional<std::int64_t> gw_priority;  // API >= 1.48
    std::optional<std::string> network_id;
    std::optional<std::string> endpoint_id;
    std::optional<std::string> gateway;
    std::optional<std::string> ip_address;
    std::optional<std::int64_t> ip_prefix_len;
    std::optional<std::string> ipv6_gateway;
    std::optional<std::string> global_ipv6_address;
    std::optional<std::int64_t> global_ipv6_prefix_len;
    std::vector<std::string> dns_names;  // API >= 1.44
    json extra = json::object();
};

inline void to_json(json& j, const EndpointSettings& e) {
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

inline void from_json(const json& j, EndpointSettings& e) {
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

// A container attached to a network, as the network's inspect lists it.
struct EndpointResource {
    std::optional<std::string> name;
    std::optional<std::string> endpoint_id;
    std::optional<std::string> mac_address;
    std::optional<std::string> ipv4_address;  // with the prefix: "10.88.0.2/24"
    std::optional<std::string> ipv6_address;
    json extra = json::object();
};

inline void from_json(const json& j, EndpointResource& r) {
    detail::read_field(j, "Name", r.name);
    detail::read_field(j, "EndpointID", r.endpoint_id);
    detail::read_field(j, "MacAddress", r.mac_address);
    detail::read_field(j, "IPv4Address", r.ipv4_address);
    detail::read_field(j, "IPv6Address", r.ipv6_address);
    r.extra = detail::unknown_members(j, {"Name", "EndpointID", "MacAddress", "IPv4Address", "IPv6Address"});
}

// ---- networks --------------------------------------------------------------------

struct ConfigReference {
    std::optional<std::string> network;
};

inline void to_json(json& j, const ConfigReference& c) {
    j = json::object();
    detail::write_field(j, "Network", c.network);
}

inline void from_json(const json& j, ConfigReference& c) { detail::read_field(j, "Network", c.network); }

struct PeerInfo {
    std::optional<std::string> name;
    std::optional<std::string> ip;
};

inline void from_json(const json& j, PeerInfo& p) {
    detail::read_field(j, "Name", p.name);
    detail::read_field(j, "IP", p.ip);
}

#define DOCKER_CPP_NETWORK_KEYS                                                                                   \
    "Name", "Id", "Created", "Scope", "Driver", "EnableIPv4", "EnableIPv6", "IPAM", "Internal", "Attachable",    \
        "Ingress", "ConfigFrom", "ConfigOnly", "Options", "Labels", "Peers"

struct Network {
    std::optional<std::string> name;
    std::optional<std::string> id;
    std::optional<std::string> created;
    std::optional<std::string> scope;   // "local", "swarm", "global"
    std::optional<std::string> driver;  // "bridge", "overlay", ...
    std::optional<bool> enable_ipv4;    // reported from API 1.47
    std::optional<bool> enable_ipv6;
    std::optional<IPAM> ipam;
    std::optional<bool> internal;
    std::optional<bool> attachable;
    std::optional<bool> ingress;
    std::optional<ConfigReference> config_from;
    std::optional<bool> config_only;
    std::map<std::string, std::string> options;
    std::map<std::string, std::string> labels;
    std::vector<PeerInfo> peers;
    json extra = json::object();
};

namespace detail {
inline void read_network_fields(const json& j, Network& n) {
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

inline void from_json(const json& j, Network& n) {
    detail::read_network_fields(j, n);
    n.extra = detail::unknown_members(j, {DOCKER_CPP_NETWORK_KEYS});
}

// GET /networks entry: the spec's NetworkSummary is a Network.
using NetworkSummary = Network;

// GET /networks/{id}: a Network plus the containers attached to it (by container ID).
// Services and Status (swarm and newer daemons) stay in `extra`.
struct NetworkInspect : Network {
    std::map<std::string, EndpointResource> containers;
};

inline void from_json(const json& j, NetworkInspect& n) {
    detail::read_network_fields(j, n);
    detail::read_field(j, "Containers", n.containers);
    n.extra = detail::unknown_members(j, {DOCKER_CPP_NETWORK_KEYS, "Containers"});
}

#undef DOCKER_CPP_NETWORK_KEYS

// POST /networks/create body.
struct NetworkCreateRequest {
    std::string name;                   // required
    std::optional<std::string> driver;  // unset: "bridge"
    std::optional<std::string> scope;
    std::optional<bool> internal;
    std::optional<bool> attachable;
    std::optional<bool> ingress;
    std::optional<bool> config_only;
    std::optional<ConfigReference> config_from;
    std::optional<IPAM> ipam;
    std::optional<bool> enable_ipv4;  // API >= 1.47
    std::optional<bool> enable_ipv6;
    std::map<std::string, std::string> options;
    std::map<std::string, std::string> labels;
    json extra = json::object();
};

inline void to_json(json& j, const NetworkCreateRequest& r) {
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

struct NetworkCreateResponse {
    std::string id;
    std::string warning;
    json extra = json::object();
};

inline void from_json(const json& j, NetworkCreateResponse& r) {
    detail::read_field(j, "Id", r.id);
    detail::read_field(j, "Warning", r.warning);
    r.extra = detail::unknown_members(j, {"Id", "Warning"});
}

// POST /networks/{id}/connect body.
struct NetworkConnectRequest {
    std::string container;  // required: ID or name
    std::optional<EndpointSettings> endpoint_config;
    json extra = json::object();
};

inline void to_json(json& j, const NetworkConnectRequest& r) {
    j = json{{"Container", r.container}};
    detail::write_field(j, "EndpointConfig", r.endpoint_config);
    detail::merge_extra(j, r.extra);
}

// POST /networks/{id}/disconnect body.
struct NetworkDisconnectRequest {
    std::string container;      // required: ID or name
    std::optional<bool> force;  // disconnect even a container that is not running
    json extra = json::object();
};

inline void to_json(json& j, const NetworkDisconnectRequest& r) {
    j = json{{"Container", r.container}};
    detail::write_field(j, "Force", r.force);
    detail::merge_extra(j, r.extra);
}

// POST /networks/prune answer.
struct NetworkPruneResponse {
    std::vector<std::string> networks_deleted;
    json extra = json::object();
};

inline void from_json(const json& j, NetworkPruneResponse& r) {
    detail::read_field(j, "NetworksDeleted", r.networks_deleted);
    r.extra = detail::unknown_members(j, {"NetworksDeleted"});
}

}  // namespace docker
