#pragma once
/// @file
/// The node group: list, inspect, update, remove the nodes of the swarm (on a manager).

#include <string>
#include <vector>

#include "docker/api/swarm_common.hpp"
#include "docker/client.hpp"
#include "docker/models/generated/nodes.hpp"

namespace docker {

/// GET /nodes query, e.g. filters {"role", {"manager"}}, {"node.label", {"zone=a"}}.
struct NodeListOptions {
    Filters filters;  ///< which nodes to list; empty: all
};

/// DELETE /nodes/{id} query.
struct NodeDeleteOptions {
    bool force = false;  ///< remove a node that is still up
};

// A class template only so that a program compiles the calls it makes: the bodies of the
// others are never instantiated. Always named through its alias, NodesApi.
/// The swarm node calls, reached as client.nodes(); they need a swarm manager (else
/// ServiceUnavailable). A missing node is NotFound.
template <class Lazy>
class BasicNodesApi {
public:
    /// Calls go through `client`, which must outlive this object.
    explicit BasicNodesApi(Client& client) : client_(&client) {}

    /// GET /nodes: the swarm's nodes that `options` select.
    // operationId: NodeList
    std::vector<model::Node> list(const NodeListOptions& options = {}) {
        detail::require_api(*client_, ops::NodeList);
        auto answer = client_->get("/nodes" + detail::filters_query(options.filters));
        return detail::parse_model<std::vector<model::Node>>(answer.body, "node list");
    }

    /// GET /nodes/{id}: one node, by ID or hostname.
    // operationId: NodeInspect
    model::Node inspect(const std::string& id) {
        detail::require_api(*client_, ops::NodeInspect);
        return detail::parse_model<model::Node>(client_->get(path(id)).body, "node inspect");
    }

    /// DELETE /nodes/{id} (`delete` is a C++ keyword). A manager must be demoted first.
    // operationId: NodeDelete
    void remove(const std::string& id, const NodeDeleteOptions& options = {}) {
        detail::require_api(*client_, ops::NodeDelete);
        http::Query q;
        if (options.force) q.add("force", true);
        client_->del(path(id) + q.str());
    }

    /// POST /nodes/{id}/update: replaces the node's spec (labels, role, availability);
    /// `version` is the one inspect() answered, a stale one is a VersionConflict.
    // operationId: NodeUpdate
    void update(const std::string& id, const model::NodeSpec& spec, const model::ObjectVersion& version) {
        http::Query q;
        q.add("version", detail::version_index(version, "node update"));
        client_->post(path(id) + "/update" + q.str(), detail::checked_body(*client_, ops::NodeUpdate, spec));
    }

private:
    static std::string path(const std::string& id) { return detail::object_path("nodes", id, "node"); }

    Client* client_;
};
DOCKER_CPP_COMPILED_ELSEWHERE(BasicNodesApi)

inline NodesApi Client::nodes() { return NodesApi(*this); }

}  // namespace docker
