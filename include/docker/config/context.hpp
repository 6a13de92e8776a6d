#pragma once
// Which daemon, and how: the docker CLI's order. An explicit host > an explicit context >
// DOCKER_HOST > DOCKER_CONTEXT > currentContext in config.json > the default socket (or
// tcp://localhost:2376 when DOCKER_TLS_VERIFY/DOCKER_TLS ask for TLS). A context is read from
// contexts/meta/<sha256(name)>/meta.json and its TLS files from contexts/tls/<sha256(name)>/docker/,
// as `docker context create` writes them.

#include <cstdlib>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "docker/config/docker_config.hpp"
#include "docker/detail/compiled_mode.hpp"
#include "docker/detail/sha256.hpp"
#include "docker/error.hpp"
#include "docker/transport/connector.hpp"
#include "docker/transport/endpoint.hpp"
#include "docker/transport/transport_options.hpp"

namespace docker::config {

/// What the caller asked for (the connection part of ClientOptions); empty fields fall back
/// to the environment and config.json.
struct ConnectionRequest {
    /// unix:///path, tcp://host:port or ssh://[user@]host[:port][/path]; wins over all else.
    std::string host;
    /// A docker context by name; wins over the environment.
    std::string context;
    /// TLS settings; unset: from the environment or the context.
    std::optional<TlsOptions> tls;
    /// ssh settings; with no options given, DOCKER_SSH_OPTS.
    SshOptions ssh;
    /// The docker CLI's config directory; empty: $DOCKER_CONFIG, else ~/.docker.
    std::string config_dir;
};

/// DOCKER_TLS_VERIFY / DOCKER_TLS / DOCKER_CERT_PATH as the docker CLI reads them: any
/// non-empty DOCKER_TLS_VERIFY verifies; DOCKER_TLS alone encrypts without verifying; files
/// come from DOCKER_CERT_PATH (default: the config directory); a client certificate or key
/// that is not there is left out, a missing CA is an error when verifying.
DOCKER_CPP_INLINE std::optional<TlsOptions> tls_from_environment(const std::string& dir);

/// DOCKER_SSH_OPTS: extra ssh arguments separated by white space.
DOCKER_CPP_INLINE std::vector<std::string> ssh_options_from_environment();

/// A context's directory name: the hex SHA-256 of its name, as the docker CLI stores it.
inline std::string context_id(const std::string& name) { return detail::sha256_hex(name); }
/// Where a context's meta.json lives under config directory `dir`.
DOCKER_CPP_INLINE std::string context_meta_path(const std::string& dir, const std::string& name);
/// Where a context's TLS files (ca.pem, cert.pem, key.pem) live under config directory `dir`.
DOCKER_CPP_INLINE std::string context_tls_dir(const std::string& dir, const std::string& name);

/// The settings of a named context (not "default", which is the environment's).
DOCKER_CPP_INLINE transport::ConnectionSettings context_settings(const std::string& dir, const std::string& name);

/// The docker CLI's choice of daemon for these inputs and this environment.
DOCKER_CPP_INLINE transport::ConnectionSettings resolve_connection(const ConnectionRequest& request);

#if DOCKER_CPP_BODIES
DOCKER_CPP_INLINE std::optional<TlsOptions> tls_from_environment(const std::string& dir) {
    bool verify = !detail::getenv_string("DOCKER_TLS_VERIFY").empty();
    bool tls = verify || !detail::getenv_string("DOCKER_TLS").empty();
    if (!tls) return std::nullopt;
    std::string path = detail::getenv_string("DOCKER_CERT_PATH");
    if (path.empty()) path = dir;
    TlsOptions o;
    o.verify = verify;
    if (verify) o.ca_file = path + "/ca.pem";
    if (detail::file_exists(path + "/cert.pem") || detail::file_exists(path + "/key.pem")) {
        o.cert_file = path + "/cert.pem";
        o.key_file = path + "/key.pem";
    }
    return o;
}

DOCKER_CPP_INLINE std::vector<std::string> ssh_options_from_environment() {
    std::vector<std::string> out;
    std::istringstream words(detail::getenv_string("DOCKER_SSH_OPTS"));
    for (std::string w; words >> w;) out.push_back(w);
    return out;
}

DOCKER_CPP_INLINE std::string context_meta_path(const std::string& dir, const std::string& name) {
    return dir + "/contexts/meta/" + context_id(name) + "/meta.json";
}

DOCKER_CPP_INLINE std::string context_tls_dir(const std::string& dir, const std::string& name) {
    return dir + "/contexts/tls/" + context_id(name) + "/docker";
}

DOCKER_CPP_INLINE transport::ConnectionSettings context_settings(const std::string& dir, const std::string& name) {
    std::string meta_path = context_meta_path(dir, name);
    if (!detail::file_exists(meta_path))
        throw ConfigError("unknown docker context '" + name + "': no " + meta_path +
                          " (see `docker context ls`; DOCKER_CONFIG is '" + dir + "')");
    nlohmann::json meta = detail::read_json_file(meta_path, ("metadata of docker context '" + name + "'").c_str());
    auto endpoints = meta.find("Endpoints");
    if (endpoints == meta.end() || !endpoints->is_object() || !endpoints->contains("docker") ||
        !(*endpoints)["docker"].is_object())
        throw ConfigError("docker context '" + name + "' (" + meta_path + ") has no docker endpoint");
    const nlohmann::json& docker = (*endpoints)["docker"];
    auto host = docker.find("Host");
    if (host == docker.end() || !host->is_string() || host->get<std::string>().empty())
        throw ConfigError("docker context '" + name + "' (" + meta_path + ") names no Host");
    transport::ConnectionSettings s;
    s.context = name;
    try {
        s.endpoint = Endpoint::parse(host->get<std::string>());
    } catch (const UsageError& e) {
        throw ConfigError("docker context '" + name + "': " + e.what());
    }
    bool skip_verify = false;
    if (auto skip = docker.find("SkipTLSVerify"); skip != docker.end() && skip->is_boolean()) skip_verify = *skip;
    std::string tls_dir = context_tls_dir(dir, name);
    bool have_ca = detail::file_exists(tls_dir + "/ca.pem"), have_cert = detail::file_exists(tls_dir + "/cert.pem"),
         have_key = detail::file_exists(tls_dir + "/key.pem");
    if (s.endpoint.kind == Endpoint::Kind::tcp && (have_ca || have_cert || have_key || skip_verify)) {
        TlsOptions tls;
        tls.verify = !skip_verify;
        if (have_ca) tls.ca_file = tls_dir + "/ca.pem";
        if (have_cert || have_key) {
            tls.cert_file = tls_dir + "/cert.pem";
            tls.key_file = tls_dir + "/key.pem";
        }
        s.tls = tls;
        if (s.endpoint.port_defaulted) s.endpoint.port = 2376;
    }
    return s;
}

DOCKER_CPP_INLINE transport::ConnectionSettings resolve_connection(const ConnectionRequest& request) {
    std::string dir = config_dir(request.config_dir);
    auto finish = [&](transport::ConnectionSettings s) {
        if (request.tls && s.endpoint.kind == Endpoint::Kind::tcp) s.tls = request.tls;
        s.ssh = request.ssh;
        if (s.ssh.options.empty()) s.ssh.options = ssh_options_from_environment();
        if (s.tls && s.endpoint.port_defaulted) s.endpoint.port = 2376;
        if (s.endpoint.kind != Endpoint::Kind::tcp) s.tls.reset();
        return s;
    };
    auto from_host = [&](const std::string& host) {
        transport::ConnectionSettings s;
        s.endpoint = Endpoint::parse(host);
        if (!request.tls) s.tls = tls_from_environment(dir);
        return finish(std::move(s));
    };
    auto from_context = [&](const std::string& name) {
        if (name == "default") {
            std::string env_host = detail::getenv_string("DOCKER_HOST");
            if (!env_host.empty()) return from_host(env_host);
            bool tls = request.tls || tls_from_environment(dir);
            return from_host(tls ? "tcp://localhost:2376" : Endpoint::default_host);
        }
        return finish(context_settings(dir, name));
    };

    if (!request.host.empty()) return from_host(request.host);
    if (!request.context.empty()) return from_context(request.context);
    std::string env_host = detail::getenv_string("DOCKER_HOST");
    if (!env_host.empty()) return from_host(env_host);
    std::string env_context = detail::getenv_string("DOCKER_CONTEXT");
    if (!env_context.empty()) return from_context(env_context);
    nlohmann::json config = load_config_file(dir);
    if (auto current = config.find("currentContext"); current != config.end() && current->is_string() &&
                                                       !current->get<std::string>().empty())
        return from_context(current->get<std::string>());
    return from_context("default");
}
#endif

}  // namespace docker::config
