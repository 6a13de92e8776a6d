#pragma once
/// @file
/// The swarm group: init, join, leave, inspect, update, the unlock key and unlock.

#include <cstdint>
#include <string>

#include "docker/api/swarm_common.hpp"
#include "docker/client.hpp"
#include "docker/models/generated/swarm.hpp"

namespace docker {

/// POST /swarm/leave query.
struct SwarmLeaveOptions {
    /// Leave even as the last manager, which erases the swarm's whole state.
    bool force = false;
};

/// POST /swarm/update query: what to rotate along with the spec change.
struct SwarmUpdateOptions {
    bool rotate_worker_token = false;        ///< issue a new join token for workers
    bool rotate_manager_token = false;       ///< issue a new join token for managers
    bool rotate_manager_unlock_key = false;  ///< issue a new key for unlock()
};

// A class template only so that a program compiles the calls it makes: the bodies of the
// others are never instantiated. Always named through its alias, SwarmApi.
/// The swarm calls, reached as client.swarm(). Each is checked against the negotiated API
/// version first; a field the version lacks is UnsupportedApiVersion before anything is sent.
template <class Lazy>
class BasicSwarmApi {
public:
    /// Calls go through `client`, which must outlive this object.
    explicit BasicSwarmApi(Client& client) : client_(&client) {}

    /// GET /swarm: the swarm's ID, spec, join tokens and version (for update()). A node
    /// outside any swarm (or a worker) is ServiceUnavailable (503).
    // operationId: SwarmInspect
    model::Swarm inspect() {
        detail::require_api(*client_, ops::SwarmInspect);
        return detail::parse_model<model::Swarm>(client_->get("/swarm").body, "swarm inspect");
    }

    /// POST /swarm/init: makes this node the first manager of a new swarm; returns its node ID.
    /// A node already in a swarm answers ServiceUnavailable (503).
    // operationId: SwarmInit
    std::string init(const model::SwarmInitRequest& request) {
        json body = detail::checked_body(*client_, ops::SwarmInit, request);
        return detail::parse_model<std::string>(client_->post("/swarm/init", body).body, "swarm init");
    }

    /// POST /swarm/join: joins the swarm of the managers in request.remote_addrs.
    // operationId: SwarmJoin
    void join(const model::SwarmJoinRequest& request) {
        client_->post("/swarm/join", detail::checked_body(*client_, ops::SwarmJoin, request));
    }

    /// POST /swarm/leave: this node leaves its swarm. The last manager must `force` it.
    // operationId: SwarmLeave
    void leave(const SwarmLeaveOptions& options = {}) {
        detail::require_api(*client_, ops::SwarmLeave);
        http::Query q;
        if (options.force) q.add("force", true);
        client_->post("/swarm/leave" + q.str());
    }

    /// POST /swarm/update: `version` is the one inspect() answered; a stale one is a
    /// VersionConflict.
    // operationId: SwarmUpdate
    void update(const model::SwarmSpec& spec, const model::ObjectVersion& version,
                const SwarmUpdateOptions& options = {}) {
        http::Query q;
        q.add("version", detail::version_index(version, "swarm update"));
        if (options.rotate_worker_token) q.add("rotateWorkerToken", true);
        if (options.rotate_manager_token) q.add("rotateManagerToken", true);
        if (options.rotate_manager_unlock_key) q.add("rotateManagerUnlockKey", true);
        client_->post("/swarm/update" + q.str(), detail::checked_body(*client_, ops::SwarmUpdate, spec));
    }

    /// GET /swarm/unlockkey: the key that unlocks a manager's encrypted state after a
    /// restart (empty unless autolock is on).
    // operationId: SwarmUnlockkey
    model::UnlockKeyResponse unlock_key() {
        detail::require_api(*client_, ops::SwarmUnlockkey);
        return detail::parse_model<model::UnlockKeyResponse>(client_->get("/swarm/unlockkey").body, "swarm unlock key");
    }

    /// POST /swarm/unlock: unlocks a locked manager after a restart with the key unlock_key()
    /// gave. A swarm that is not locked answers Conflict (409).
    // operationId: SwarmUnlock
    void unlock(const model::SwarmUnlockRequest& request) {
        client_->post("/swarm/unlock", detail::checked_body(*client_, ops::SwarmUnlock, request));
    }

private:
    Client* client_;
};
DOCKER_CPP_COMPILED_ELSEWHERE(BasicSwarmApi)

inline SwarmApi Client::swarm() { return SwarmApi(*this); }

}  // namespace docker
