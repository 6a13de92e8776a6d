#pragma once
/// @file
/// POST /session: a connection the daemon turns into HTTP/2 (h2c) to call back into the
/// client's gRPC services (BuildKit's file sync, secrets, SSH forwarding). The library does
/// not speak HTTP/2: it hands over the raw connection, after the daemon's 101.

#include <optional>
#include <string>
#include <vector>

#include "docker/client.hpp"
#include "docker/stream/hijacked_stream.hpp"

namespace docker {

/// The session's X-Docker-Expose-Session-* headers.
struct SessionOptions {
    std::string id;                         ///< Uuid: unique per session (required)
    std::string name;                       ///< Name: shown by the daemon, e.g. the build context's
    std::string shared_key;                 ///< Sharedkey: lets builds share the session's cache
    std::vector<std::string> grpc_methods;  ///< Grpc-Method: the services exposed, one header each
    /// Read timeout of the returned stream; unset: none (the daemon calls when it needs to).
    std::optional<Timeout> read_timeout;
};

// A class template only so that a program compiles the calls it makes: the bodies of the
// others are never instantiated. Always named through its alias, SessionApi.
/// The session call, reached as client.session().
template <class Lazy>
class BasicSessionApi {
public:
    /// Calls go through `client`, which must outlive this object.
    explicit BasicSessionApi(Client& client) : client_(&client) {}

    /// POST /session, upgraded to h2c: returns the raw connection. After the daemon's 101, the
    /// connection carries HTTP/2 with the daemon as the client: it sends its connection
    /// preface first. Needs API >= 1.39 (else UnsupportedApiVersion); an empty `id` is a
    /// UsageError; any answer but a 101 to h2c is a ProtocolError.
    // operationId: Session
    HijackedStream start(const SessionOptions& options) {
        if (options.id.empty()) throw UsageError("session id is empty");
        client_->require_api_version("Session", since);
        http::Request r = Client::make_request("POST", "/session");
        r.headers.set("Upgrade", "h2c");
        r.headers.set("X-Docker-Expose-Session-Uuid", options.id);
        if (!options.name.empty()) r.headers.set("X-Docker-Expose-Session-Name", options.name);
        if (!options.shared_key.empty()) r.headers.set("X-Docker-Expose-Session-Sharedkey", options.shared_key);
        for (const auto& method : options.grpc_methods) r.headers.add("X-Docker-Expose-Session-Grpc-Method", method);
        Timeout timeout = options.read_timeout.value_or(no_timeout);
        CallOptions call;
        call.timeout = timeout;
        UpgradedConnection upgraded = client_->upgrade(std::move(r), call);
        // A raw 200 would be no HTTP/2 connection: only the 101 hands one over.
        if (upgraded.status != 101)
            throw ProtocolError("POST /session: expected 101 Switching Protocols, got " + std::to_string(upgraded.status));
        if (!http::detail::iequals(http::detail::trim_ows(upgraded.headers.get("Upgrade")), "h2c"))
            throw ProtocolError("POST /session: the 101 answer upgrades to '" + upgraded.headers.get("Upgrade") +
                                "', not h2c");
        return HijackedStream(std::move(upgraded.stream), std::move(upgraded.early_bytes), timeout);
    }

private:
    /// Out of experimental in API 1.39.
    static constexpr const char* since = "1.39";

    Client* client_;
};
DOCKER_CPP_COMPILED_ELSEWHERE(BasicSessionApi)

inline SessionApi Client::session() { return SessionApi(*this); }

}  // namespace docker
