#pragma once
/// @file
/// The system group: GET /_ping, GET /version, GET /info, GET /events.

#include "docker/api/events.hpp"
#include "docker/api/system_maintenance.hpp"
#include "docker/api/system_auth.hpp"
#include "docker/client.hpp"
#include "docker/models/system.hpp"

namespace docker {

// A class template only so that a program compiles the calls it makes: the bodies of the
// others are never instantiated. Always named through its alias, SystemApi.
/// The system calls, reached as client.system(); df() and ping_head() come from
/// SystemMaintenanceApi.
template <class Lazy>
class BasicSystemApi : public SystemMaintenanceApi {
public:
    /// Calls go through `client`, which must outlive this object.
    explicit BasicSystemApi(Client& client) : SystemMaintenanceApi(client), client_(&client) {}

    /// GET /_ping (unversioned, so it also works before negotiation): whether the daemon
    /// answers, and what its headers say (newest API version, OS, experimental, builder).
    // operationId: SystemPing
    PingResult ping() {
        CallOptions call;
        call.versioned = false;
        http::Response r = client_->request(Client::make_request("GET", "/_ping"), call);
        PingResult result;
        result.api_version = r.headers.get("Api-Version");
        result.os_type = r.headers.get("Ostype");
        result.experimental = r.headers.get("Docker-Experimental") == "true";
        result.builder_version = r.headers.get("Builder-Version");
        return result;
    }

    /// GET /version: the daemon's version, API range, Go version, OS/arch and components.
    // operationId: SystemVersion
    SystemVersion version() { return detail::parse_model<SystemVersion>(client_->get("/version").body, "/version"); }

    /// GET /info: the daemon's configuration and counts (containers, images, drivers, swarm).
    // operationId: SystemInfo
    SystemInfo info() { return detail::parse_model<SystemInfo>(client_->get("/info").body, "/info"); }

    /// GET /events: the daemon's events as they happen (and since `options.since`), until
    /// `options.until` or until the returned stream is destroyed.
    // operationId: SystemEvents
    EventStream events(const EventsOptions& options = {}) { return detail::system_events(*client_, options); }

    /// POST /auth: log in to a registry through the daemon; optionally save the credentials
    /// to the docker config as `docker login` does (options.save_to_config).
    // operationId: SystemAuth
    SystemAuthResponse auth(const AuthConfig& credentials, const SystemAuthOptions& options = {}) {
        return detail::system_auth(*client_, credentials, options);
    }

private:
    Client* client_;
};
DOCKER_CPP_COMPILED_ELSEWHERE(BasicSystemApi)

inline SystemApi Client::system() { return SystemApi(*this); }

}  // namespace docker
