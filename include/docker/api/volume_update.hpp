#pragma once
/// @file
/// PUT /volumes/{name}: changes a Swarm cluster volume (API >= 1.42). VolumesApi inherits it,
/// so it is called as client.volumes().update(name, changes, version).

#include <cstdint>
#include <string>

#include "docker/api/version_gate.hpp"
#include "docker/client.hpp"
#include "docker/http/url.hpp"
#include "docker/models/generated/volumes.hpp"

namespace docker {

// A class template only so that a program compiles the calls it makes: the bodies of the
// others are never instantiated. Always named through its alias, VolumeUpdateApi.
/// The cluster volume update call; reached through client.volumes() (VolumesApi inherits it).
template <class Lazy>
class BasicVolumeUpdateApi {
public:
    /// Calls go through `client`, which must outlive this object.
    explicit BasicVolumeUpdateApi(Client& client) : client_(&client) {}

    /// PUT /volumes/{name}: replaces the spec of cluster volume `name` with `changes`
    /// (API >= 1.42, else UnsupportedApiVersion). `version` is the volume's ClusterVolume.Version.Index as last read: a stale one is
    /// refused, so two updates cannot overwrite each other unseen.
    // operationId: VolumeUpdate
    void update(const std::string& name, const model::VolumeUpdateRequest& changes, std::int64_t version) {
        detail::require_api(*client_, ops::VolumeUpdate);
        if (name.empty()) throw UsageError("volume name is empty");
        http::Query q;
        q.add("version", version);
        http::Request r = Client::make_request("PUT", "/volumes/" + http::encode_path_segment(name) + q.str());
        r.body = detail::as_json(changes).dump();
        r.headers.set("Content-Type", "application/json");
        client_->request(std::move(r));
    }

private:
    Client* client_;
};

/// BasicVolumeUpdateApi<void>: see there.
using VolumeUpdateApi = BasicVolumeUpdateApi<void>;
DOCKER_CPP_COMPILED_ELSEWHERE(BasicVolumeUpdateApi)

}  // namespace docker
