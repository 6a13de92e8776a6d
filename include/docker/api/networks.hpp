#pragma once
/// @file
/// The network group: list, inspect, remove, create, connect, disconnect, prune.

#include <map>
#include <string>
#include <vector>

#include "docker/client.hpp"
#include "docker/models/networks.hpp"

namespace docker {

/// What NetworksApi::inspect() includes (the query of GET /networks/{id}).
struct NetworkInspectOptions {
    bool verbose = false;  ///< swarm: the network's services and tasks across the cluster
    std::string scope;     ///< "swarm", "global" or "local"; empty: any
};

// A class template only so that a program compiles the calls it makes: the bodies of the
// others are never instantiated. Always named through its alias, NetworksApi.
/// The network calls, reached as client.networks(). A missing network is NotFound; an empty
/// id is a UsageError before anything is sent.
template <class Lazy>
class BasicNetworksApi {
public:
    /// Calls go through `client`, which must outlive this object.
    explicit BasicNetworksApi(Client& client) : client_(&client) {}

    /// GET /networks: the networks the filters select (all when empty), e.g. filters {"label", {"team=web"}}, {"name", {"backend"}}, {"driver", {"bridge"}}
    // operationId: NetworkList
    std::vector<NetworkSummary> list(const std::map<std::string, std::vector<std::string>>& filters = {}) {
        http::Query q;
        if (!filters.empty()) q.add("filters", detail::filters_to_query(filters));
        return detail::parse_model<std::vector<NetworkSummary>>(client_->get("/networks" + q.str()).body,
                                                                "network list");
    }

    /// GET /networks/{id}: by ID, name or unique ID prefix.
    // operationId: NetworkInspect
    NetworkInspect inspect(const std::string& id, const NetworkInspectOptions& options = {}) {
        http::Query q;
        if (options.verbose) q.add("verbose", true);
        if (!options.scope.empty()) q.add("scope", options.scope);
        return detail::parse_model<NetworkInspect>(client_->get(path(id, "") + q.str()).body, "network inspect");
    }

    /// DELETE /networks/{id}. A network with containers attached is refused (Forbidden on
    /// dockerd 20.10, as the spec's 403 says).
    // operationId: NetworkDelete
    void remove(const std::string& id) { client_->del(path(id, "")); }

    /// POST /networks/create: creates a network and returns its ID and any warning. A name
    /// already taken is a Conflict (older daemons are asked to check, too); an empty name,
    /// or EnableIPv4 below API 1.47, is a UsageError.
    // operationId: NetworkCreate
    NetworkCreateResponse create(const NetworkCreateRequest& request) {
        if (request.name.empty()) throw UsageError("network create: the name is empty");
        if (request.enable_ipv4 && !client_->api_version_at_least("1.47"))
            throw UsageError("network create: EnableIPv4 needs API 1.47, the daemon speaks " + client_->api_version());
        json body = detail::as_json(request);
        // From API 1.44 a taken name is always a Conflict; older daemons create a second
        // network of the same name unless asked to check (the field was removed in 1.44).
        if (!client_->api_version_at_least("1.44") && !body.contains("CheckDuplicate")) body["CheckDuplicate"] = true;
        return detail::parse_model<NetworkCreateResponse>(client_->post("/networks/create", body).body,
                                                          "network create");
    }

    /// POST /networks/{id}/connect: attaches a container, with aliases or a fixed address.
    // operationId: NetworkConnect
    void connect(const std::string& id, const NetworkConnectRequest& request) {
        if (request.container.empty()) throw UsageError("network connect: the container is empty");
        client_->post(path(id, "/connect"), detail::as_json(request));
    }

    /// POST /networks/{id}/disconnect: detaches a container (`force`: even a stopped one).
    // operationId: NetworkDisconnect
    void disconnect(const std::string& id, const NetworkDisconnectRequest& request) {
        if (request.container.empty()) throw UsageError("network disconnect: the container is empty");
        client_->post(path(id, "/disconnect"), detail::as_json(request));
    }

    /// POST /networks/prune: removes networks no container uses, e.g. filters {"label", {"x=y"}}.
    // operationId: NetworkPrune
    NetworkPruneResponse prune(const std::map<std::string, std::vector<std::string>>& filters = {}) {
        http::Query q;
        if (!filters.empty()) q.add("filters", detail::filters_to_query(filters));
        return detail::parse_model<NetworkPruneResponse>(client_->post("/networks/prune" + q.str()).body,
                                                         "network prune");
    }

private:
    static std::string path(const std::string& id, const char* suffix) {
        if (id.empty()) throw UsageError("network id or name is empty");
        return "/networks/" + http::encode_path_segment(id) + suffix;
    }

    Client* client_;
};
DOCKER_CPP_COMPILED_ELSEWHERE(BasicNetworksApi)

inline NetworksApi Client::networks() { return NetworksApi(*this); }

}  // namespace docker
