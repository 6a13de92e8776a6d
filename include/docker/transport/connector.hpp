#pragma once
/// @file
/// Opens byte streams to one daemon over whichever transport its settings name: a unix
/// socket, plain TCP, TCP with TLS, or a child ssh. Everything above gets a transport::Stream
/// and never learns which.

#include <memory>
#include <optional>
#include <string>

#include "docker/detail/compiled_mode.hpp"
#include "docker/error.hpp"
#include "docker/transport/endpoint.hpp"
#include "docker/transport/socket.hpp"
#include "docker/transport/ssh_stream.hpp"
#include "docker/transport/stream.hpp"
#include "docker/transport/transport_options.hpp"
#include "docker/transport/tls_stream.hpp"  // empty without DOCKER_CPP_OPENSSL

namespace docker::transport {

/// Where the daemon is and how to reach it, once DOCKER_HOST, contexts and options are resolved.
struct ConnectionSettings {
    Endpoint endpoint;              ///< the daemon's address
    std::optional<TlsOptions> tls;  ///< tcp:// only; set: TLS, never plain text
    SshOptions ssh;                 ///< ssh:// only
    std::string context;            ///< the docker context it came from, for messages ("" if none)
};

/// Is TLS support compiled in (CMake DOCKER_CPP_WITH_OPENSSL, macro DOCKER_CPP_OPENSSL)?
inline constexpr bool tls_available() noexcept {
#ifdef DOCKER_CPP_OPENSSL
    return true;
#else
    return false;
#endif
}

/// Makes new connections to one daemon; Client's pool asks it for each one it needs.
class Connector {
public:
    /// Loads the TLS material at once, so a missing or bad file fails here, before any request.
    DOCKER_CPP_INLINE explicit Connector(ConnectionSettings settings);

    /// A new connection (TLS handshake or ssh start included), within `timeout`. Failures
    /// are ConnectionError (PermissionDenied, TimeoutError, TlsError as the case is).
    DOCKER_CPP_INLINE std::unique_ptr<Stream> connect(Timeout timeout) const;

    const ConnectionSettings& settings() const noexcept { return settings_; }  ///< as given
    bool uses_tls() const noexcept { return settings_.tls.has_value(); }      ///< TCP with TLS?

private:
    ConnectionSettings settings_;
#ifdef DOCKER_CPP_OPENSSL
    std::shared_ptr<const TlsContext> tls_;
#endif
};

#if DOCKER_CPP_BODIES
DOCKER_CPP_INLINE Connector::Connector(ConnectionSettings settings) : settings_(std::move(settings)) {
    if (!settings_.tls) return;
    if (settings_.endpoint.kind != Endpoint::Kind::tcp)
        throw ConfigError("TLS settings apply to tcp:// hosts only, not " + settings_.endpoint.to_string());
#ifdef DOCKER_CPP_OPENSSL
    tls_ = std::make_shared<const TlsContext>(*settings_.tls);
#else
    throw ConfigError("TLS was asked for " + settings_.endpoint.to_string() +
                      " but docker-cpp was built without OpenSSL: configure with -DDOCKER_CPP_WITH_OPENSSL=ON "
                      "(or define DOCKER_CPP_OPENSSL and link OpenSSL::SSL); refusing to fall back to plain text");
#endif
}

DOCKER_CPP_INLINE std::unique_ptr<Stream> Connector::connect(Timeout timeout) const {
    const Endpoint& e = settings_.endpoint;
    if (e.kind == Endpoint::Kind::ssh) return SshStream::connect(e, settings_.ssh);
#ifdef DOCKER_CPP_OPENSSL
    if (tls_) return TlsStream::connect(e, tls_, timeout);
#endif
    return Socket::connect(e, timeout);
}
#endif

}  // namespace docker::transport
