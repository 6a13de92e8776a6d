#pragma once
/// @file
/// The secret group: create, inspect, list, update (labels only), remove swarm secrets.

#include <string>
#include <vector>

#include "docker/api/swarm_common.hpp"
#include "docker/client.hpp"
#include "docker/models/generated/secrets.hpp"

namespace docker {

/// GET /secrets query, e.g. filters {"name", {"db-password"}}, {"label", {"app=web"}}.
struct SecretListOptions {
    Filters filters;  ///< which secrets to list; empty: all
};

// A class template only so that a program compiles the calls it makes: the bodies of the
// others are never instantiated. Always named through its alias, SecretsApi.
/// The swarm secret calls, reached as client.secrets(); they need a swarm manager (else
/// ServiceUnavailable). A missing secret is NotFound. The daemon never returns a secret's
/// content.
template <class Lazy>
class BasicSecretsApi {
public:
    /// Calls go through `client`, which must outlive this object.
    explicit BasicSecretsApi(Client& client) : client_(&client) {}

    /// GET /secrets: the secrets `options` select (metadata only).
    // operationId: SecretList
    std::vector<model::Secret> list(const SecretListOptions& options = {}) {
        detail::require_api(*client_, ops::SecretList);
        auto answer = client_->get("/secrets" + detail::filters_query(options.filters));
        return detail::parse_model<std::vector<model::Secret>>(answer.body, "secret list");
    }

    /// POST /secrets/create: spec.data is the content, base64-encoded. A taken name is a Conflict.
    // operationId: SecretCreate
    model::IDResponse create(const model::SecretSpec& spec) {
        json body = detail::checked_body(*client_, ops::SecretCreate, spec);
        detail::drop_unnamed_drivers(body);
        return detail::parse_id_response(client_->post("/secrets/create", body).body, "secret create");
    }

    /// GET /secrets/{id}, by ID or name.
    // operationId: SecretInspect
    model::Secret inspect(const std::string& id) {
        detail::require_api(*client_, ops::SecretInspect);
        return detail::parse_model<model::Secret>(client_->get(path(id)).body, "secret inspect");
    }

    /// DELETE /secrets/{id} (`delete` is a C++ keyword). One that a service uses is refused.
    // operationId: SecretDelete
    void remove(const std::string& id) {
        detail::require_api(*client_, ops::SecretDelete);
        client_->del(path(id));
    }

    /// POST /secrets/{id}/update: only the labels may change; send the rest as inspect() gave
    /// it. `version` is the one inspect() answered, a stale one is a VersionConflict.
    // operationId: SecretUpdate
    void update(const std::string& id, const model::SecretSpec& spec, const model::ObjectVersion& version) {
        http::Query q;
        q.add("version", detail::version_index(version, "secret update"));
        json body = detail::checked_body(*client_, ops::SecretUpdate, spec);
        detail::drop_unnamed_drivers(body);
        client_->post(path(id) + "/update" + q.str(), body);
    }

private:
    static std::string path(const std::string& id) { return detail::object_path("secrets", id, "secret"); }

    Client* client_;
};
DOCKER_CPP_COMPILED_ELSEWHERE(BasicSecretsApi)

inline SecretsApi Client::secrets() { return SecretsApi(*this); }

}  // namespace docker
