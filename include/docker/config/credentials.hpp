#pragma once
// Registry credentials as the docker CLI keeps them in $DOCKER_CONFIG/config.json: `auths`
// (base64 "user:password", or an identity token), `credsStore` and `credHelpers` (the
// docker-credential-<name> programs: get/store/list over stdin/stdout), with the CLI's
// registry keys ("https://index.docker.io/v1/" for Docker Hub, else the host[:port]).
//
// No secret ever reaches an exception or a message: errors name the registry, the helper,
// the file and what failed, never a password, a token or a helper's successful output.

#include <sys/socket.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "docker/config/docker_config.hpp"
#include "docker/detail/base64.hpp"
#include "docker/detail/child_process.hpp"
#include "docker/detail/compiled_mode.hpp"
#include "docker/detail/json_text.hpp"
#include "docker/error.hpp"
#include "docker/models/images.hpp"
#include "docker/transport/socket.hpp"

namespace docker::config {

/// The key `docker login` stores Docker Hub's credentials under.
inline constexpr const char* docker_hub_key = "https://index.docker.io/v1/";

/// "https://127.0.0.1:5000/v2/" → "127.0.0.1:5000" (the CLI's ConvertToHostname).
DOCKER_CPP_INLINE std::string registry_hostname(std::string key);

/// Whether `host` is one of Docker Hub's names (docker.io, index.docker.io, registry-1.docker.io).
DOCKER_CPP_INLINE bool is_docker_hub(const std::string& host);

/// The registry an image reference names: "busybox" and "user/app" are Docker Hub's,
/// "127.0.0.1:5000/app:1" is 127.0.0.1:5000's (a first component with '.' or ':', or localhost).
DOCKER_CPP_INLINE std::string registry_of_image(const std::string& image);

/// The key `docker login` uses for a registry (host, host:port or URL).
DOCKER_CPP_INLINE std::string registry_key(const std::string& registry);

#if DOCKER_CPP_BODIES
DOCKER_CPP_INLINE std::string registry_hostname(std::string key) {
    for (const char* scheme : {"https://", "http://"})
        if (key.rfind(scheme, 0) == 0) key.erase(0, std::char_traits<char>::length(scheme));
    return key.substr(0, key.find('/'));
}

DOCKER_CPP_INLINE bool is_docker_hub(const std::string& host) {
    return host == "docker.io" || host == "index.docker.io" || host == "registry-1.docker.io";
}

DOCKER_CPP_INLINE std::string registry_of_image(const std::string& image) {
    std::size_t slash = image.find('/');
    if (slash == std::string::npos) return "docker.io";
    std::string first = image.substr(0, slash);
    if (first.find('.') == std::string::npos && first.find(':') == std::string::npos && first != "localhost")
        return "docker.io";
    return first;
}

DOCKER_CPP_INLINE std::string registry_key(const std::string& registry) {
    std::string host = registry_hostname(registry);
    return is_docker_hub(host) ? docker_hub_key : host;
}
#endif

/// The registry credentials the docker CLI keeps: config.json's `auths`, its credential store
/// (`credsStore`) and per-registry helpers (`credHelpers`), looked up and saved as `docker
/// login` does. Helpers (docker-credential-NAME) are run as child processes; one that fails
/// or is missing throws CredentialsError, a malformed config.json throws ConfigError.
class CredentialStore {
public:
    /// Reads `dir`/config.json (empty: $DOCKER_CONFIG, else ~/.docker) now; helpers run per
    /// call. A missing file means no credentials; an unreadable or malformed one throws ConfigError.
    DOCKER_CPP_INLINE explicit CredentialStore(const std::string& dir = {});

    /// Credentials for a registry (host[:port] or URL), or none. A helper that fails throws
    /// CredentialsError.
    DOCKER_CPP_INLINE std::optional<AuthConfig> get(const std::string& registry) const;

    /// Credentials for the registry an image reference names ("busybox" → Docker Hub), or none.
    std::optional<AuthConfig> for_image(const std::string& image) const { return get(registry_of_image(image)); }

    /// Every configured credential by registry key (what build sends in X-Registry-Config).
    DOCKER_CPP_INLINE std::map<std::string, AuthConfig> all() const;

    /// Saves credentials as `docker login` does: into the helper for that registry when one is
    /// configured, else base64 into `auths` (config.json rewritten atomically, mode 0600). An
    /// identity token, when given, is kept instead of the password. An empty server_address
    /// means Docker Hub. Throws ConfigError when config.json cannot be written.
    DOCKER_CPP_INLINE void store(const AuthConfig& auth);

    /// The config directory in use.
    const std::string& dir() const noexcept { return dir_; }

private:
    DOCKER_CPP_INLINE std::string string_field(const char* name) const;

    DOCKER_CPP_INLINE std::string helper_for(const std::string& host) const;

    DOCKER_CPP_INLINE std::optional<AuthConfig> file_get(const std::string& key) const;

    DOCKER_CPP_INLINE std::optional<AuthConfig> decode_entry(const std::string& key, const nlohmann::json& entry) const;

    DOCKER_CPP_INLINE std::optional<AuthConfig> helper_get(const std::string& helper, const std::string& key) const;

    DOCKER_CPP_INLINE static std::string helper_name(const std::string& helper);

    // Runs `docker-credential-<helper> <action>` with `input` on stdin. Returns its JSON
    // answer; null when it says the credentials are not there.
    DOCKER_CPP_INLINE static nlohmann::json run_helper(const std::string& helper, const std::string& action,
                                                       const std::string& input, const std::string& registry,
                                                       bool expect_json = true);

    std::string dir_;
    nlohmann::json config_;
};

#if DOCKER_CPP_BODIES
DOCKER_CPP_INLINE CredentialStore::CredentialStore(const std::string& dir)
    : dir_(config_dir(dir)), config_(load_config_file(dir_)) {}

DOCKER_CPP_INLINE std::optional<AuthConfig> CredentialStore::get(const std::string& registry) const {
    std::string key = registry_key(registry);
    std::string host = registry_hostname(key);
    std::string helper = helper_for(host);
    if (!helper.empty()) return helper_get(helper, key);
    return file_get(key);
}

DOCKER_CPP_INLINE std::map<std::string, AuthConfig> CredentialStore::all() const {
    std::map<std::string, AuthConfig> out;
    if (auto auths = config_.find("auths"); auths != config_.end() && auths->is_object())
        for (const auto& [key, entry] : auths->items())
            if (auto a = decode_entry(key, entry)) out[key] = *a;
    std::string store = string_field("credsStore");
    if (!store.empty()) {
        nlohmann::json listed = run_helper(store, "list", "", "all registries");
        if (!listed.is_object()) throw CredentialsError(helper_name(store) + " list answered no JSON object");
        for (const auto& [key, user] : listed.items()) {
            (void)user;
            if (auto a = helper_get(store, key)) out[key] = *a;
        }
    }
    if (auto helpers = config_.find("credHelpers"); helpers != config_.end() && helpers->is_object())
        for (const auto& [host, name] : helpers->items())
            if (name.is_string())
                if (auto a = helper_get(name.get<std::string>(), host)) out[host] = *a;
    return out;
}

DOCKER_CPP_INLINE void CredentialStore::store(const AuthConfig& auth) {
    std::string key = registry_key(auth.server_address.empty() ? "docker.io" : auth.server_address);
    std::string helper = helper_for(registry_hostname(key));
    bool token = !auth.identity_token.empty();
    if (!helper.empty()) {
        nlohmann::json input = {{"ServerURL", key},
                                {"Username", token ? "<token>" : auth.username},
                                {"Secret", token ? auth.identity_token : auth.password}};
        run_helper(helper, "store", input.dump(), key, /*expect_json=*/false);
        config_["auths"][key] = nlohmann::json::object();  // the CLI leaves an empty marker too
    } else {
        nlohmann::json entry = nlohmann::json::object();
        if (token) entry["identitytoken"] = auth.identity_token;
        else entry["auth"] = detail::base64_encode(auth.username + ":" + auth.password);
        if (!auth.email.empty()) entry["email"] = auth.email;
        config_["auths"][key] = entry;
    }
    save_config_file(dir_, config_);
}

DOCKER_CPP_INLINE std::string CredentialStore::string_field(const char* name) const {
    auto it = config_.find(name);
    return it != config_.end() && it->is_string() ? it->get<std::string>() : std::string();
}

DOCKER_CPP_INLINE std::string CredentialStore::helper_for(const std::string& host) const {
    if (auto helpers = config_.find("credHelpers"); helpers != config_.end() && helpers->is_object()) {
        for (const auto& [name, helper] : helpers->items())
            if (helper.is_string() && (name == host || registry_hostname(name) == host ||
                                       (is_docker_hub(host) && is_docker_hub(registry_hostname(name)))))
                return helper.get<std::string>();
    }
    return string_field("credsStore");
}

DOCKER_CPP_INLINE std::optional<AuthConfig> CredentialStore::file_get(const std::string& key) const {
    auto auths = config_.find("auths");
    if (auths == config_.end() || !auths->is_object()) return std::nullopt;
    if (auto exact = auths->find(key); exact != auths->end()) return decode_entry(key, *exact);
    std::string host = registry_hostname(key);
    for (const auto& [name, entry] : auths->items()) {
        std::string other = registry_hostname(name);
        if (other == host || (is_docker_hub(host) && is_docker_hub(other))) return decode_entry(key, entry);
    }
    return std::nullopt;
}

DOCKER_CPP_INLINE std::optional<AuthConfig> CredentialStore::decode_entry(const std::string& key,
                                                                          const nlohmann::json& entry) const {
    if (!entry.is_object())
        throw ConfigError("malformed docker config file '" + dir_ + "/config.json': auths entry for '" + key +
                          "' is not an object");
    AuthConfig a;
    a.server_address = key;
    if (auto auth = entry.find("auth"); auth != entry.end() && auth->is_string() && !auth->get<std::string>().empty()) {
        std::string decoded;
        try {
            decoded = detail::base64_decode(auth->get<std::string>());
        } catch (const Error&) {
            throw ConfigError("malformed docker config file '" + dir_ + "/config.json': the 'auth' of '" + key +
                              "' is not base64");
        }
        std::size_t colon = decoded.find(':');
        if (colon == std::string::npos)
            throw ConfigError("malformed docker config file '" + dir_ + "/config.json': the 'auth' of '" + key +
                              "' is not base64 of user:password");
        a.username = decoded.substr(0, colon);
        a.password = decoded.substr(colon + 1);
    }
    if (auto t = entry.find("identitytoken"); t != entry.end() && t->is_string()) a.identity_token = *t;
    if (auto t = entry.find("registrytoken"); t != entry.end() && t->is_string()) a.registry_token = *t;
    if (auto e = entry.find("email"); e != entry.end() && e->is_string()) a.email = *e;
    if (a.username.empty() && a.password.empty() && a.identity_token.empty() && a.registry_token.empty())
        return std::nullopt;  // an empty marker, as a credential store leaves
    return a;
}

DOCKER_CPP_INLINE std::optional<AuthConfig> CredentialStore::helper_get(const std::string& helper,
                                                                        const std::string& key) const {
    nlohmann::json answer = run_helper(helper, "get", key, key);
    if (answer.is_null()) return std::nullopt;  // not found
    auto text = [&](const char* field) {
        auto it = answer.find(field);
        return it != answer.end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    if (!answer.is_object() || !answer.contains("Secret"))
        throw CredentialsError(helper_name(helper) + " get for '" + key + "' answered JSON without a Secret");
    AuthConfig a;
    a.server_address = key;
    std::string user = text("Username");
    if (user == "<token>") {
        a.identity_token = text("Secret");
    } else {
        a.username = user;
        a.password = text("Secret");
    }
    if (a.username.empty() && a.password.empty() && a.identity_token.empty()) return std::nullopt;
    return a;
}

DOCKER_CPP_INLINE std::string CredentialStore::helper_name(const std::string& helper) {
    return "docker-credential-" + helper;
}

DOCKER_CPP_INLINE nlohmann::json CredentialStore::run_helper(const std::string& helper, const std::string& action,
                                                             const std::string& input, const std::string& registry,
                                                             bool expect_json) {
    std::string name = helper_name(helper);
    std::string head = name + " " + action + " for '" + registry + "'";
    if (helper.empty() || helper.find('/') != std::string::npos)
        throw CredentialsError("invalid credential helper name '" + helper + "' in config.json");
    int pair[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) != 0)
        throw CredentialsError(head + ": socketpair failed");
    // Left blocking: transport::Socket reads block, bounded by SO_RCVTIMEO.
    transport::Socket io(pair[0], name);
    detail::ChildProcess child;
    int started = child.start({name, action}, pair[1]);
    ::close(pair[1]);
    if (started == ENOENT)
        throw CredentialsError(head + ": " + name + " not found in PATH (is the credential helper installed?)");
    if (started != 0) throw CredentialsError(head + ": cannot run " + name + ": " + detail::errno_text(started));
    const auto limit = std::chrono::seconds(60);  // a helper waiting for a passphrase prompt must not hang us
    std::string output;
    try {
        if (!input.empty()) io.write_all(input.data(), input.size(), limit);
        io.shutdown_write();
        char buffer[4096];
        while (std::size_t n = io.read_some(buffer, sizeof buffer, limit)) {
            output.append(buffer, n);
            if (output.size() > 1024 * 1024) throw CredentialsError(head + ": more than 1 MiB of output");
        }
    } catch (const TimeoutError&) {
        throw CredentialsError(head + ": no answer within 60 s");
    } catch (const ConnectionError&) {
        // It exited before reading everything; its status says more.
    }
    child.wait_exit(std::chrono::seconds(10));
    if (!child.exited()) throw CredentialsError(head + ": did not exit");
    if (child.exit_code() != 0) {
        // A failing helper prints its error (never the secret it could not give) on stdout.
        std::string said = output.substr(0, 300);
        while (!said.empty() && (said.back() == '\n' || said.back() == ' ')) said.pop_back();
        if (action == "get" && said.find("credentials not found") != std::string::npos) return nullptr;
        std::string err = child.stderr_text().substr(0, 300);
        throw CredentialsError(head + " failed (" + child.status_text() + ")" + (said.empty() ? "" : ": " + said) +
                               (err.empty() ? "" : "; stderr: " + err));
    }
    if (!expect_json) return nlohmann::json::object();
    auto parsed = docker::detail::parse_json_or_discarded(output);
    if (parsed.is_discarded())
        // Its output may hold the secret: say how long it was, not what it said.
        throw CredentialsError(head + " answered malformed JSON (" + std::to_string(output.size()) + " bytes)");
    return parsed;
}
#endif

/// X-Registry-Auth for an image reference from the stored credentials, or none: the hook
/// pull, push, service create/update and plugin pull/upgrade use when no auth was given.
DOCKER_CPP_INLINE std::optional<std::string> registry_auth_header_for(const std::string& image,
                                                                       const std::string& dir = {});

/// X-Registry-Config for a build: every configured registry's credentials. As the docker CLI,
/// a helper that fails here leaves its registries out rather than failing the build.
DOCKER_CPP_INLINE std::optional<std::string> registry_config_header(const std::string& dir = {});

#if DOCKER_CPP_BODIES
DOCKER_CPP_INLINE std::optional<std::string> registry_auth_header_for(const std::string& image,
                                                                       const std::string& dir) {
    auto auth = CredentialStore(dir).for_image(image);
    if (!auth) return std::nullopt;
    return detail::base64_encode(json(*auth).dump(), true);
}

DOCKER_CPP_INLINE std::optional<std::string> registry_config_header(const std::string& dir) {
    std::map<std::string, AuthConfig> all;
    try {
        all = CredentialStore(dir).all();
    } catch (const CredentialsError&) {
        return std::nullopt;
    }
    if (all.empty()) return std::nullopt;
    nlohmann::json configs = nlohmann::json::object();
    for (const auto& [key, auth] : all) configs[key] = auth;
    return detail::base64_encode(configs.dump(), true);
}
#endif

}  // namespace docker::config
