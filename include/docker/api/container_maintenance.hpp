#pragma once
/// @file
/// The container group's housekeeping calls: the processes of a container (top), what it
/// changed in its filesystem (changes), new resource limits or restart policy (update), and
/// the removal of stopped containers (prune). ContainersApi inherits these, so they are
/// called as client.containers().top(id).

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "docker/api/version_gate.hpp"
#include "docker/client.hpp"
#include "docker/filters.hpp"
#include "docker/http/url.hpp"
#include "docker/models/json_fields.hpp"
#include "docker/models/generated/containers.hpp"

namespace docker {

/// GET /containers/{id}/top query.
struct ContainerTopOptions {
    std::string ps_args;  ///< arguments to `ps`, e.g. "aux"; empty: the daemon's "-ef"
};

/// The values of FilesystemChange::kind, as changes() reports them.
namespace change_kind {
inline constexpr model::ChangeType modified = 0;  ///< the path's content or metadata changed
inline constexpr model::ChangeType added = 1;     ///< the path is new
inline constexpr model::ChangeType deleted = 2;   ///< the path was removed
}  // namespace change_kind

/// POST /containers/prune query: e.g. {"label", {"app=web"}}, {"until", {"24h"}}.
struct ContainerPruneOptions {
    Filters filters;  ///< which stopped containers to remove; empty: all of them
};

// A class template only so that a program compiles the calls it makes: the bodies of the
// others are never instantiated. Always named through its alias, ContainerMaintenanceApi.
/// Container housekeeping calls; reached through client.containers() (ContainersApi
/// inherits them). Each is checked against the negotiated API version first.
template <class Lazy>
class BasicContainerMaintenanceApi {
public:
    /// Calls go through `client`, which must outlive this object.
    explicit BasicContainerMaintenanceApi(Client& client) : client_(&client) {}

    /// The processes running in container `id`, as `ps` lists them (Conflict if it is not
    /// running). GET /containers/{id}/top.
    // operationId: ContainerTop
    model::ContainerTopResponse top(const std::string& id, const ContainerTopOptions& options = {}) {
        detail::require_api(*client_, ops::ContainerTop);
        http::Query q;
        if (!options.ps_args.empty()) q.add("ps_args", options.ps_args);
        return detail::parse_model<model::ContainerTopResponse>(client_->get(path(id, "/top") + q.str()).body,
                                                         "container top");
    }

    /// Paths added, changed or deleted in the filesystem of container `id` since it was
    /// created (empty when none). GET /containers/{id}/changes.
    // operationId: ContainerChanges
    std::vector<model::FilesystemChange> changes(const std::string& id) {
        detail::require_api(*client_, ops::ContainerChanges);
        // The daemon answers null, not [], when nothing changed.
        auto answer = detail::parse_json_or_discarded(client_->get(path(id, "/changes")).body);
        if (answer.is_null()) return {};
        return detail::parse_model<std::vector<model::FilesystemChange>>(answer, "container changes");
    }

    /// Changes the resource limits or restart policy of container `id`, running or not; a
    /// field `changes` sets that the API version in use lacks is UnsupportedApiVersion.
    /// Returns the daemon's warnings. POST /containers/{id}/update.
    // operationId: ContainerUpdate
    model::ContainerUpdateResponse update(const std::string& id, const model::ContainerUpdateRequest& changes) {
        json body = detail::as_json(changes);
        detail::require_body_fields<model::ContainerUpdateRequest>(*client_, ops::ContainerUpdate, body);
        return detail::parse_model<model::ContainerUpdateResponse>(client_->post(path(id, "/update"), body).body,
                                                                   "container update");
    }

    /// Removes every stopped container (that the filters select); returns what went and
    /// the space freed. POST /containers/prune.
    // operationId: ContainerPrune
    model::ContainerPruneResponse prune(const ContainerPruneOptions& options = {}) {
        detail::require_api(*client_, ops::ContainerPrune);
        http::Query q;
        if (!options.filters.empty()) q.add("filters", detail::filters_to_query(options.filters));
        return detail::parse_model<model::ContainerPruneResponse>(client_->post("/containers/prune" + q.str()).body,
                                                                  "container prune");
    }

private:
    static std::string path(const std::string& id, const char* suffix) {
        if (id.empty()) throw UsageError("container id or name is empty");
        return "/containers/" + http::encode_path_segment(id) + suffix;
    }

    Client* client_;
};

/// BasicContainerMaintenanceApi<void>: see there.
using ContainerMaintenanceApi = BasicContainerMaintenanceApi<void>;
DOCKER_CPP_COMPILED_ELSEWHERE(BasicContainerMaintenanceApi)

}  // namespace docker
