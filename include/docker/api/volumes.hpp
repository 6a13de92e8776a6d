#pragma once
/// @file
/// The volume group: create, inspect, list, remove, prune.

#include <map>
#include <string>
#include <vector>

#include "docker/api/volume_update.hpp"
#include "docker/client.hpp"
#include "docker/filters.hpp"
#include "docker/models/volumes.hpp"

namespace docker {

/// DELETE /volumes/{name} query.
struct VolumeRemoveOptions {
    bool force = false;  ///< remove it even if in use (a Conflict otherwise)
};

// A class template only so that a program compiles the calls it makes: the bodies of the
// others are never instantiated. Always named through its alias, VolumesApi.
/// The volume calls, reached as client.volumes(). A missing volume is NotFound; an empty
/// name is a UsageError before anything is sent. update() comes from VolumeUpdateApi.
template <class Lazy>
class BasicVolumesApi : public VolumeUpdateApi {
public:
    /// Calls go through `client`, which must outlive this object.
    explicit BasicVolumesApi(Client& client) : VolumeUpdateApi(client), client_(&client) {}

    /// POST /volumes/create: creates a volume (name, driver, driver options, labels; all
    /// optional) and returns it. Creating an existing local volume returns that one.
    // operationId: VolumeCreate
    Volume create(const VolumeCreateOptions& options = {}) {
        return detail::parse_model<Volume>(client_->post("/volumes/create", detail::as_json(options)).body, "volume create");
    }

    /// GET /volumes/{name}: one volume, its driver, mount point and labels.
    // operationId: VolumeInspect
    Volume inspect(const std::string& name) {
        return detail::parse_model<Volume>(client_->get(path(name)).body, "volume inspect");
    }

    /// GET /volumes: the volumes the filters select (all when empty) and any driver warnings,
    /// e.g. filters {"label", {"team=web"}}, {"dangling", {"true"}}
    // operationId: VolumeList
    VolumeListResponse list(const Filters& filters = {}) {
        http::Query q;
        if (!filters.empty()) q.add("filters", detail::filters_to_query(filters));
        return detail::parse_model<VolumeListResponse>(client_->get("/volumes" + q.str()).body, "volume list");
    }

    /// DELETE /volumes/{name}: removes a volume and its data. A volume in use is a Conflict
    /// unless forced.
    // operationId: VolumeDelete
    void remove(const std::string& name, const VolumeRemoveOptions& options = {}) {
        http::Query q;
        if (options.force) q.add("force", true);
        client_->del(path(name) + q.str());
    }

    /// POST /volumes/prune: removes unused volumes (on API >= 1.42 only anonymous ones,
    /// unless the filter "all=true" is given).
    // operationId: VolumePrune
    VolumePruneResponse prune(const Filters& filters = {}) {
        http::Query q;
        if (!filters.empty()) q.add("filters", detail::filters_to_query(filters));
        return detail::parse_model<VolumePruneResponse>(client_->post("/volumes/prune" + q.str()).body,
                                                        "volume prune");
    }

private:
    static std::string path(const std::string& name) {
        if (name.empty()) throw UsageError("volume name is empty");
        return "/volumes/" + http::encode_path_segment(name);
    }

    Client* client_;
};
DOCKER_CPP_COMPILED_ELSEWHERE(BasicVolumesApi)

inline VolumesApi Client::volumes() { return VolumesApi(*this); }

}  // namespace docker
