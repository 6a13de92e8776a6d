#pragma once
/// @file
/// The plugin group: list, privileges, pull, inspect, remove, enable, disable, upgrade,
/// create, push, set. Pull, upgrade and push stream their progress like an image pull.

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <sys/stat.h>

#include "docker/client.hpp"
#include "docker/filters.hpp"
#include "docker/models/generated/common.hpp"
#include "docker/models/generated/plugins.hpp"
#include "docker/registry_auth.hpp"
#include "docker/stream/progress.hpp"
#include "docker/stream/tar_directory.hpp"

namespace docker {

/// An installed plugin as the daemon describes it (name, enabled, settings, config).
using Plugin = model::Plugin;
/// One privilege a plugin asks for (network, mounts, devices, capabilities) and its values.
using PluginPrivilege = model::PluginPrivilege;

/// POST /plugins/pull. The privileges granted must be the ones the plugin asks for
/// (privileges(remote) lists them): the daemon refuses the pull otherwise, after the download,
/// with "incorrect privileges". Granting them is the caller's decision, so nothing is
/// granted by default.
struct PluginPullOptions {
    std::string name;                           ///< local name; empty: the remote reference
    std::vector<PluginPrivilege> privileges;    ///< granted to the plugin
    std::optional<AuthConfig> auth;             ///< registry credentials (X-Registry-Auth)
};

/// POST /plugins/{name}/upgrade: the plugin must be disabled; its settings are kept.
struct PluginUpgradeOptions {
    std::vector<PluginPrivilege> privileges;  ///< what the new version asks for
    /// Registry credentials (X-Registry-Auth); unset: the docker CLI's stored ones, if any.
    std::optional<AuthConfig> auth;
};

/// POST /plugins/{name}/push headers.
struct PluginPushOptions {
    /// Registry credentials (X-Registry-Auth); unset: the docker CLI's stored ones, if any.
    std::optional<AuthConfig> auth;
};

/// DELETE /plugins/{name} query.
struct PluginRemoveOptions {
    bool force = false;  ///< remove even when enabled or in use
};

/// POST /plugins/{name}/enable query.
struct PluginEnableOptions {
    /// How long the daemon waits for the plugin's socket to answer. Always sent: dockerd 20.10
    /// refuses an enable without it ("strconv.Atoi: parsing \"\"").
    std::chrono::seconds timeout{0};
};

/// POST /plugins/{name}/disable query.
struct PluginDisableOptions {
    bool force = false;  ///< disable even when in use
};

// A class template only so that a program compiles the calls it makes: the bodies of the
// others are never instantiated. Always named through its alias, PluginsApi.
/// The plugin calls, reached as client.plugins(). A missing plugin is NotFound; one in the
/// wrong state (enabling an enabled one, removing an enabled one without `force`) is refused
/// with the daemon's status, as the matching ApiError subclass.
template <class Lazy>
class BasicPluginsApi {
public:
    /// Calls go through `client`, which must outlive this object.
    explicit BasicPluginsApi(Client& client) : client_(&client) {}

    /// GET /plugins: the installed plugins the filters select (all when empty), e.g. filters {"enabled", {"true"}}, {"capability", {"volumedriver"}}
    // operationId: PluginList
    std::vector<Plugin> list(const Filters& filters = {}) {
        http::Query q;
        if (!filters.empty()) q.add("filters", detail::filters_to_query(filters));
        return detail::parse_model<std::vector<Plugin>>(client_->get("/plugins" + q.str()).body, "plugin list");
    }

    /// What the plugin at `remote` asks to be granted, to pass to pull().
    /// GET /plugins/privileges?remote=.
    // operationId: GetPluginPrivileges
    std::vector<PluginPrivilege> privileges(const std::string& remote) {
        if (remote.empty()) throw UsageError("plugin remote reference is empty");
        http::Query q;
        q.add("remote", remote);
        return detail::parse_model<std::vector<PluginPrivilege>>(client_->get("/plugins/privileges" + q.str()).body,
                                                                 "plugin privileges");
    }

    /// Installs (disabled) the plugin at `remote`, streaming the download's progress.
    /// POST /plugins/pull.
    // operationId: PluginPull
    void pull(const std::string& remote, const PluginPullOptions& options = {},
              const ProgressHandler& on_progress = {}) {
        if (remote.empty()) throw UsageError("plugin remote reference is empty");
        http::Query q;
        q.add("remote", remote);
        if (!options.name.empty()) q.add("name", options.name);
        http::Request r = Client::make_request("POST", "/plugins/pull" + q.str());
        set_privileges_body(r, options.privileges);
        if (auto auth = detail::registry_auth_for(remote, options.auth, client_->options().config_dir))
            r.headers.set("X-Registry-Auth", *auth);
        auto response = client_->stream(std::move(r));
        stream::read_progress(response, on_progress);
    }

    /// GET /plugins/{name}/json: one installed plugin.
    // operationId: PluginInspect
    Plugin inspect(const std::string& name) {
        return detail::parse_model<Plugin>(client_->get(path(name, "/json")).body, "plugin inspect");
    }

    /// DELETE /plugins/{name}: uninstalls a plugin. Returns the removed plugin when the daemon
    /// describes it (dockerd 20.10 answers nothing).
    // operationId: PluginDelete
    std::optional<Plugin> remove(const std::string& name, const PluginRemoveOptions& options = {}) {
        http::Query q;
        if (options.force) q.add("force", true);
        http::Response r = client_->del(path(name, "") + q.str());
        if (r.body.find_first_not_of(" \r\n\t") == std::string::npos) return std::nullopt;
        return detail::parse_model<Plugin>(r.body, "plugin remove");
    }

    /// POST /plugins/{name}/enable: starts the plugin; the read waits options.timeout longer.
    // operationId: PluginEnable
    void enable(const std::string& name, const PluginEnableOptions& options = {}) {
        if (options.timeout.count() < 0) throw UsageError("plugin enable timeout is negative");
        http::Query q;
        q.add("timeout", static_cast<long long>(options.timeout.count()));
        client_->request(Client::make_request("POST", path(name, "/enable") + q.str()), enable_call(options));
    }

    /// POST /plugins/{name}/disable: stops the plugin.
    // operationId: PluginDisable
    void disable(const std::string& name, const PluginDisableOptions& options = {}) {
        http::Query q;
        if (options.force) q.add("force", true);
        client_->post(path(name, "/disable") + q.str());
    }

    /// Replaces the (disabled) plugin `name` with the one at `remote`, streaming progress.
    /// POST /plugins/{name}/upgrade.
    // operationId: PluginUpgrade
    void upgrade(const std::string& name, const std::string& remote, const PluginUpgradeOptions& options = {},
                 const ProgressHandler& on_progress = {}) {
        if (remote.empty()) throw UsageError("plugin remote reference is empty");
        http::Query q;
        q.add("remote", remote);
        http::Request r = Client::make_request("POST", path(name, "/upgrade") + q.str());
        set_privileges_body(r, options.privileges);
        if (auto auth = detail::registry_auth_for(remote, options.auth, client_->options().config_dir))
            r.headers.set("X-Registry-Auth", *auth);
        auto response = client_->stream(std::move(r));
        stream::read_progress(response, on_progress);
    }

    /// A plugin from a tar archive whose top level holds config.json and rootfs/ (`length`
    /// when known, else it is sent chunked). POST /plugins/create?name=.
    // operationId: PluginCreate
    void create(const std::string& name, http::BodySource tar, std::optional<std::uint64_t> length = {}) {
        if (name.empty()) throw UsageError("plugin name is empty");
        if (!tar) throw UsageError("plugin create needs a tar archive");
        http::Query q;
        q.add("name", name);
        http::Request r = Client::make_request("POST", "/plugins/create" + q.str());
        r.body_source = std::move(tar);
        r.body_length = length;
        r.headers.set("Content-Type", "application/x-tar");
        client_->request(std::move(r));
    }

    /// The same from a directory holding config.json and rootfs/, tarred as it uploads.
    void create_from_directory(const std::string& name, const std::string& directory) {
        struct stat st {};
        if (::stat((directory + "/config.json").c_str(), &st) != 0 || !S_ISREG(st.st_mode))
            throw UsageError("no config.json in plugin directory '" + directory + "'");
        if (::stat((directory + "/rootfs").c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
            throw UsageError("no rootfs/ in plugin directory '" + directory + "'");
        create(name, stream::tar_path_source(directory, ""));
    }

    /// Pushes the plugin `name` (a registry reference) with its progress streamed.
    /// POST /plugins/{name}/push.
    // operationId: PluginPush
    void push(const std::string& name, const PluginPushOptions& options = {}, const ProgressHandler& on_progress = {}) {
        http::Request r = Client::make_request("POST", path(name, "/push"));
        if (auto auth = detail::registry_auth_for(name, options.auth, client_->options().config_dir))
            r.headers.set("X-Registry-Auth", *auth);
        auto response = client_->stream(std::move(r));
        stream::read_progress(response, on_progress);
    }

    /// Sets settable values of a disabled plugin: {"DEBUG=1"} for an env variable,
    /// {"mymount.source=/data"}, {"mydevice.path=/dev/x"}, {"myargs=a b"}.
    /// POST /plugins/{name}/set.
    // operationId: PluginSet
    void set(const std::string& name, const std::vector<std::string>& settings) {
        http::Request r = Client::make_request("POST", path(name, "/set"));
        r.body = detail::as_json(settings).dump();
        r.headers.set("Content-Type", "application/json");
        client_->request(std::move(r));
    }

private:
    static std::string path(const std::string& name, const char* suffix) {
        if (name.empty()) throw UsageError("plugin name is empty");
        // A name may hold a registry and repository ("127.0.0.1:5000/team/plugin:v1"): its '/'
        // stay, as the daemon's router expects them.
        return "/plugins/" + http::encode_path(name) + suffix;
    }

    static void set_privileges_body(http::Request& r, const std::vector<PluginPrivilege>& privileges) {
        json body = json::array();
        for (const auto& privilege : privileges) body.push_back(privilege);
        r.body = body.dump();
        r.headers.set("Content-Type", "application/json");
    }

    /// The enable waits for the plugin to answer: give the read that much more time.
    CallOptions enable_call(const PluginEnableOptions& options) const {
        CallOptions call;
        if (client_->options().read_timeout != no_timeout)
            call.timeout = client_->options().read_timeout + std::chrono::duration_cast<Timeout>(options.timeout);
        return call;
    }

    Client* client_;
};
DOCKER_CPP_COMPILED_ELSEWHERE(BasicPluginsApi)

inline PluginsApi Client::plugins() { return PluginsApi(*this); }

}  // namespace docker
