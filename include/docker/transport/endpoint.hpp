#pragma once
/// @file
/// Where the daemon listens: a unix socket path, a TCP host and port, or an ssh host, parsed
/// from the DOCKER_HOST syntax.

#include <cstdlib>
#include <optional>
#include <string>

#include "docker/detail/compiled_mode.hpp"
#include "docker/error.hpp"

namespace docker {

/// A daemon address: which transport, and where. Bad input is a UsageError naming the text.
struct Endpoint {
    /// The transport an address names.
    enum class Kind {
        unix_socket,  ///< unix:///path (or a bare absolute path)
        tcp,          ///< tcp://host:port or http://host:port; TLS when TlsOptions say so
        ssh           ///< ssh://[user@]host[:port][/path], through the ssh command
    };

    Kind kind = Kind::unix_socket;  ///< which transport
    std::string path;  ///< unix socket path (ssh: the remote daemon's socket, empty for its default)
    std::string host;  ///< tcp or ssh host name or address (IPv6 without brackets)
    int port = 0;      ///< tcp port; ssh: 0 for ssh's own default
    std::string user;  ///< ssh user; empty: ssh's own default
    bool port_defaulted = false;  ///< tcp:// without a port: 2375, or 2376 with TLS as the CLI does

    static constexpr const char* default_host = "unix:///var/run/docker.sock";  ///< without DOCKER_HOST

    /// Accepts "unix:///path", "tcp://host:port", "tcp://[::1]:port", "http://host:port",
    /// and a bare absolute path.
    DOCKER_CPP_INLINE static Endpoint parse(const std::string& text);

    /// "ssh://[user@]host[:port][/path]"; a password in the URL is refused (and not echoed).
    DOCKER_CPP_INLINE static Endpoint parse_ssh(const std::string& text);

    /// DOCKER_HOST when set and non-empty, else the default unix socket.
    DOCKER_CPP_INLINE static Endpoint from_environment();

    /// Back to DOCKER_HOST syntax ("unix:///var/run/docker.sock", "tcp://[::1]:2376").
    DOCKER_CPP_INLINE std::string to_string() const;

    /// Value for the HTTP Host header. A unix socket has no host name, and daemons reject
    /// "Host: /path" as malformed, so use a fixed, valid name as Docker's own client does.
    DOCKER_CPP_INLINE std::string host_header() const;

private:
    // A port number 1 to 65535 from `port_text`; UsageError naming the whole address `text`
    // otherwise. A helper of parse() and parse_ssh().
    DOCKER_CPP_INLINE static int parse_port(const std::string& port_text, const std::string& text);

    // "[v6 address]" or "[v6 address]:port" into host and port text (empty without a port);
    // nothing when `rest` does not start with '['. UsageError naming `text` when malformed.
    struct HostAndPort {
        std::string host;
        std::string port_text;
    };
    DOCKER_CPP_INLINE static std::optional<HostAndPort> split_bracketed(const std::string& rest,
                                                                        const std::string& text);
};

#if DOCKER_CPP_BODIES
DOCKER_CPP_INLINE Endpoint Endpoint::parse(const std::string& text) {
    Endpoint e;
    auto starts = [&](const char* prefix) { return text.rfind(prefix, 0) == 0; };
    if (starts("unix://")) {
        e.kind = Kind::unix_socket;
        e.path = text.substr(7);
        if (e.path.empty() || e.path[0] != '/')
            throw UsageError("invalid docker host '" + text + "': a unix socket needs an absolute path");
        return e;
    }
    if (!text.empty() && text[0] == '/') {
        e.kind = Kind::unix_socket;
        e.path = text;
        return e;
    }
    if (starts("ssh://")) return parse_ssh(text);
    std::string rest;
    if (starts("tcp://")) rest = text.substr(6);
    else if (starts("http://")) rest = text.substr(7);
    else if (starts("https://") || starts("npipe://") || starts("fd://"))
        throw UsageError("docker host '" + text + "': only unix://, tcp:// and ssh:// are supported");
    else
        throw UsageError("invalid docker host '" + text + "': expected unix:///path, tcp://host:port or ssh://host");
    while (!rest.empty() && rest.back() == '/') rest.pop_back();
    e.kind = Kind::tcp;
    std::string port_text;
    if (auto bracketed = split_bracketed(rest, text)) {
        e.host = std::move(bracketed->host);
        port_text = std::move(bracketed->port_text);
    } else {
        auto colon = rest.rfind(':');
        e.host = rest.substr(0, colon);
        if (colon != std::string::npos) port_text = rest.substr(colon + 1);
    }
    if (e.host.empty()) throw UsageError("invalid docker host '" + text + "': no host");
    e.port = 2375;  // Docker's plain-TCP port, as the Go client assumes
    e.port_defaulted = port_text.empty();
    if (!port_text.empty()) e.port = parse_port(port_text, text);
    return e;
}

DOCKER_CPP_INLINE Endpoint Endpoint::parse_ssh(const std::string& text) {
    Endpoint e;
    e.kind = Kind::ssh;
    std::string rest = text.substr(6);
    std::size_t slash = rest.find('/');
    if (slash != std::string::npos) {
        e.path = rest.substr(slash);
        rest.erase(slash);
        if (e.path == "/") e.path.clear();
    }
    std::size_t at = rest.rfind('@');
    if (at != std::string::npos) {
        e.user = rest.substr(0, at);
        rest.erase(0, at + 1);
        if (e.user.find(':') != std::string::npos)
            throw UsageError("invalid docker host 'ssh://" + e.user.substr(0, e.user.find(':')) + ":***@" + rest +
                             "': a password in an ssh:// host is not supported (use a key or an agent)");
        if (e.user.empty()) throw UsageError("invalid docker host '" + text + "': empty user");
    }
    std::string port_text;
    if (auto bracketed = split_bracketed(rest, text)) {
        e.host = std::move(bracketed->host);
        port_text = std::move(bracketed->port_text);
    } else {
        auto colon = rest.find(':');
        e.host = rest.substr(0, colon);
        if (colon != std::string::npos) port_text = rest.substr(colon + 1);
    }
    if (e.host.empty() || e.host[0] == '-') throw UsageError("invalid docker host '" + text + "': no host");
    if (!port_text.empty()) e.port = parse_port(port_text, text);
    return e;
}

DOCKER_CPP_INLINE Endpoint Endpoint::from_environment() {
    const char* env = std::getenv("DOCKER_HOST");
    return parse(env && *env ? env : default_host);
}

DOCKER_CPP_INLINE std::string Endpoint::to_string() const {
    if (kind == Kind::unix_socket) return "unix://" + path;
    bool v6 = host.find(':') != std::string::npos;
    std::string bracketed = v6 ? "[" + host + "]" : host;
    if (kind == Kind::ssh)
        return "ssh://" + (user.empty() ? "" : user + "@") + bracketed + (port > 0 ? ":" + std::to_string(port) : "") + path;
    return "tcp://" + bracketed + ":" + std::to_string(port);
}

DOCKER_CPP_INLINE std::string Endpoint::host_header() const {
    if (kind != Kind::tcp) return "localhost";  // ssh: dial-stdio ends at the remote unix socket
    bool v6 = host.find(':') != std::string::npos;
    return (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

DOCKER_CPP_INLINE int Endpoint::parse_port(const std::string& port_text, const std::string& text) {
    int port = 0;
    for (char c : port_text) {
        if (c < '0' || c > '9' || port > 65535) throw UsageError("invalid docker host '" + text + "': bad port");
        port = port * 10 + (c - '0');
    }
    if (port <= 0 || port > 65535) throw UsageError("invalid docker host '" + text + "': bad port");
    return port;
}

DOCKER_CPP_INLINE std::optional<Endpoint::HostAndPort> Endpoint::split_bracketed(const std::string& rest,
                                                                               const std::string& text) {
    if (rest.empty() || rest[0] != '[') return std::nullopt;
    auto close = rest.find(']');
    if (close == std::string::npos) throw UsageError("invalid docker host '" + text + "': unterminated IPv6 address");
    HostAndPort split{rest.substr(1, close - 1), {}};
    if (close + 1 < rest.size()) {
        if (rest[close + 1] != ':') throw UsageError("invalid docker host '" + text + "'");
        split.port_text = rest.substr(close + 2);
    }
    return split;
}
#endif

}  // namespace docker
