#pragma once
/// @file
/// GET /containers/{id}/attach/ws: attach to a container over a WebSocket (RFC 6455) instead
/// of a hijacked HTTP connection, e.g. to pass through proxies that only know WebSockets.
/// ContainersApi inherits attach_websocket() from ContainerAttachWebsocketApi.

#include <optional>
#include <string>

#include "docker/client.hpp"
#include "docker/http/url.hpp"
#include "docker/stream/websocket_stream.hpp"

namespace docker {

/// Query of GET /containers/{id}/attach/ws. Like AttachOptions, the defaults attach to
/// everything from now on (the daemon's own defaults attach to nothing).
struct AttachWebsocketOptions {
    bool stream = true;          ///< what the container writes from now on
    bool logs = false;           ///< replay its log first
    /// Which streams to attach. Before API 1.42 the daemon always attaches all three, so
    /// leaving one out there is an UnsupportedApiVersion error rather than ignored.
    bool include_stdin = true;
    bool include_stdout = true;  ///< attach stdout (see include_stdin for old daemons)
    bool include_stderr = true;  ///< attach stderr (see include_stdin for old daemons)
    std::string detach_keys;     ///< overrides the container's; only a TTY looks for them
    WebSocketOptions websocket;  ///< message size limit, timeouts
};

// A class template only so that a program compiles the calls it makes: the bodies of the
// others are never instantiated. Always named through its alias, ContainerAttachWebsocketApi.
/// The WebSocket attach call; reached through client.containers() (ContainersApi inherits it).
template <class Lazy>
class BasicContainerAttachWebsocketApi {
public:
    /// Calls go through `client`, which must outlive this object.
    explicit BasicContainerAttachWebsocketApi(Client& client) : client_(&client) {}

    /// Attaches to container `id` over a WebSocket: its output arrives as binary messages
    /// (stdout and stderr not told apart); what is sent goes to its stdin (it needs
    /// OpenStdin). close() ends it cleanly. UsageError for an empty id; ProtocolError when
    /// the handshake answer is wrong. GET /containers/{id}/attach/ws.
    // operationId: ContainerAttachWebsocket
    WebSocket attach_websocket(const std::string& id, const AttachWebsocketOptions& options = {}) {
        if (id.empty()) throw UsageError("container id is empty");
        http::Query q;
        if (!options.detach_keys.empty()) q.add("detachKeys", options.detach_keys);
        if (options.logs) q.add("logs", true);
        if (options.stream) q.add("stream", true);
        bool all = options.include_stdin && options.include_stdout && options.include_stderr;
        if (client_->api_version_at_least(streams_since)) {
            if (options.include_stdin) q.add("stdin", true);
            if (options.include_stdout) q.add("stdout", true);
            if (options.include_stderr) q.add("stderr", true);
        } else if (!all) {
            client_->require_api_version("ContainerAttachWebsocket parameters stdin/stdout/stderr", streams_since);
        }
        http::Request r = Client::make_request("GET", "/containers/" + http::encode_path_segment(id) + "/attach/ws" + q.str());
        std::string key = websocket::make_key(detail::websocket_nonce());
        r.headers.set("Upgrade", "websocket");
        r.headers.set("Sec-WebSocket-Version", "13");
        r.headers.set("Sec-WebSocket-Key", key);
        CallOptions call;
        call.timeout = options.websocket.read_timeout;
        UpgradedConnection upgraded = client_->upgrade(std::move(r), call);
        detail::check_websocket_handshake(upgraded.status, upgraded.headers, key, "GET /containers/" + id + "/attach/ws");
        return WebSocket(std::move(upgraded.stream), std::move(upgraded.early_bytes), options.websocket);
    }

private:
    /// The daemon reads the three flags from API 1.42 on (the spec lists them from 1.44).
    static constexpr const char* streams_since = "1.42";

    Client* client_;
};

/// BasicContainerAttachWebsocketApi<void>: see there.
using ContainerAttachWebsocketApi = BasicContainerAttachWebsocketApi<void>;
DOCKER_CPP_COMPILED_ELSEWHERE(BasicContainerAttachWebsocketApi)

}  // namespace docker
