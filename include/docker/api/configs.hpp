#pragma once
/// @file
/// The config group: create, inspect, list, update (labels only), remove swarm configs.

#include <string>
#include <vector>

#include "docker/api/swarm_common.hpp"
#include "docker/client.hpp"
#include "docker/models/generated/configs.hpp"

namespace docker {

/// GET /configs query, e.g. filters {"name", {"db-password"}}, {"label", {"app=web"}}.
struct ConfigListOptions {
    Filters filters;  ///< which configs to list; empty: all
};

// A class template only so that a program compiles the calls it makes: the bodies of the
// others are never instantiated. Always named through its alias, ConfigsApi.
/// The swarm config calls, reached as client.configs(); they need a swarm manager (else the
/// daemon's 503, ServiceUnavailable). A missing config is NotFound.
template <class Lazy>
class BasicConfigsApi {
public:
    /// Calls go through `client`, which must outlive this object.
    explicit BasicConfigsApi(Client& client) : client_(&client) {}

    /// GET /configs: the configs `options` select (their content left out).
    // operationId: ConfigList
    std::vector<model::Config> list(const ConfigListOptions& options = {}) {
        detail::require_api(*client_, ops::ConfigList);
        auto answer = client_->get("/configs" + detail::filters_query(options.filters));
        return detail::parse_model<std::vector<model::Config>>(answer.body, "config list");
    }

    /// POST /configs/create: spec.data is the content, base64-encoded. A taken name is a Conflict.
    // operationId: ConfigCreate
    model::IDResponse create(const model::ConfigSpec& spec) {
        json body = detail::checked_body(*client_, ops::ConfigCreate, spec);
        detail::drop_unnamed_drivers(body);
        return detail::parse_id_response(client_->post("/configs/create", body).body, "config create");
    }

    /// GET /configs/{id}, by ID or name.
    // operationId: ConfigInspect
    model::Config inspect(const std::string& id) {
        detail::require_api(*client_, ops::ConfigInspect);
        return detail::parse_model<model::Config>(client_->get(path(id)).body, "config inspect");
    }

    /// DELETE /configs/{id} (`delete` is a C++ keyword). One that a service uses is refused.
    // operationId: ConfigDelete
    void remove(const std::string& id) {
        detail::require_api(*client_, ops::ConfigDelete);
        client_->del(path(id));
    }

    /// POST /configs/{id}/update: only the labels may change; send the rest as inspect() gave
    /// it. `version` is the one inspect() answered, a stale one is a VersionConflict.
    // operationId: ConfigUpdate
    void update(const std::string& id, const model::ConfigSpec& spec, const model::ObjectVersion& version) {
        http::Query q;
        q.add("version", detail::version_index(version, "config update"));
        json body = detail::checked_body(*client_, ops::ConfigUpdate, spec);
        detail::drop_unnamed_drivers(body);
        client_->post(path(id) + "/update" + q.str(), body);
    }

private:
    static std::string path(const std::string& id) { return detail::object_path("configs", id, "config"); }

    Client* client_;
};
DOCKER_CPP_COMPILED_ELSEWHERE(BasicConfigsApi)

inline ConfigsApi Client::configs() { return ConfigsApi(*this); }

}  // namespace docker
