#pragma once
// docker::testing::Container: a container for a test, started from a ContainerSpec and
// owned by the handle. Its destructor removes it (with its anonymous volumes) even during
// stack unwinding; release() keeps it running.
//
//   docker::testing::ContainerSpec spec("redis-local:7");
//   spec.with_port("6379").with_wait(docker::testing::wait::for_log("Ready to accept connections"));
//   auto redis = docker::testing::Container::start(client, spec);
//   connect_to(redis.host(), redis.mapped_port("6379"));
//
// Ports: each port in the spec is published on a free host port (on 127.0.0.1 for a local
// daemon) and reached there; docker-proxy, the userland proxy, carries it even when the
// daemon runs without iptables. A container needs a network for that, and the daemon may
// have no default bridge (dockerd --bridge=none): a spec with ports or aliases but no
// network joins a user-defined bridge network of the session (created once, removed at
// exit or by the reaper). Its address there is reachable from the daemon's host too
// (ip_address()).

#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "docker/api/containers.hpp"
#include "docker/api/exec.hpp"
#include "docker/api/images.hpp"
#include "docker/api/networks.hpp"
#include "docker/client.hpp"
#include "docker/detail/compiled_mode.hpp"
#include "docker/stream/tar.hpp"
#include "docker/testing/ports.hpp"
#include "docker/testing/reaper.hpp"
#include "docker/testing/session.hpp"
#include "docker/testing/wait.hpp"

namespace docker::testing {

/// The image could not be pulled: names the image and what the registry answered.
class ImagePullError : public Error {
public:
    /// `answer` is what the daemon or registry said.
    DOCKER_CPP_INLINE ImagePullError(std::string image, const std::string& answer);
    /// The image reference that could not be pulled.
    const std::string& image() const noexcept { return image_; }

private:
    std::string image_;
};

#if DOCKER_CPP_BODIES
DOCKER_CPP_INLINE ImagePullError::ImagePullError(std::string image, const std::string& answer)
    : Error("cannot pull image '" + image + "': " + answer), image_(std::move(image)) {}
#endif

/// When Container::start pulls the spec's image.
enum class PullPolicy {
    if_missing,  ///< pull only when the daemon lacks the image (docker run's default)
    always,      ///< pull before every start
    never,       ///< use what the daemon has; a missing image is an error at create
};

/// A container port to publish on the daemon's host.
struct PublishedPort {
    /// The container port: "6379" (TCP) or "6379/tcp", "53/udp".
    std::string container_port;
    /// The host port; 0 lets the daemon pick a free one (read it with Container::mapped_port).
    int host_port = 0;
    /// Host address to bind; empty: 127.0.0.1 for a local daemon, every interface for a remote one.
    std::string host_ip;
};

/// A local file or directory copied into the container before it starts.
struct CopyIn {
    /// The file or directory on this machine.
    std::string local_path;
    /// Absolute directory in the container to copy into; created if missing, as docker cp does.
    std::string container_dir;
};

/// What Container::start runs: image, command, environment, ports, network, files, and
/// when the container counts as ready. Set the members, or chain the with_* helpers.
struct ContainerSpec {
    /// An empty spec; set `image` before starting.
    ContainerSpec() = default;
    /// A spec for `image_reference` ("redis:7", "registry:5000/app@sha256:...").
    explicit ContainerSpec(std::string image_reference) : image(std::move(image_reference)) {}

    /// The image reference; required (start() throws UsageError without one).
    std::string image;
    /// Command and arguments; empty: the image's.
    std::vector<std::string> cmd;
    /// Entrypoint; empty: the image's.
    std::vector<std::string> entrypoint;
    /// Environment variables, name → value.
    std::map<std::string, std::string> env;
    /// Container labels; the session labels are added.
    std::map<std::string, std::string> labels;
    /// Container ports to publish on the daemon's host.
    std::vector<PublishedPort> ports;
    /// A network to join by name; empty: the session's own bridge network when the spec has
    /// ports or aliases, else the daemon's default (see the header comment).
    std::string network;
    /// Names other containers on `network` reach this one by.
    std::vector<std::string> network_aliases;
    /// Volumes, binds and tmpfs mounts (HostConfig.Mounts).
    std::vector<Mount> mounts;
    /// tmpfs mounts: container path → options ("size=64m").
    std::map<std::string, std::string> tmpfs;
    /// Local files and directories copied in after create, before start.
    std::vector<CopyIn> files;
    /// User to run as ("user", "uid:gid"); empty: the image's.
    std::string user;
    /// Working directory; empty: the image's.
    std::string working_dir;
    /// Container name; empty: a name unique to the session.
    std::string name;
    /// When to pull the image.
    PullPolicy pull = PullPolicy::if_missing;
    /// Called with each progress event of a pull.
    ProgressHandler on_pull_progress;
    /// Credentials for the pull; unset: what the docker CLI's config holds for the registry.
    std::optional<AuthConfig> registry_auth;
    /// When the container counts as started; unset: as soon as it runs.
    std::optional<WaitStrategy> wait_for;
    /// Longest the whole wait (wait_for) may take; past it start() throws WaitTimeoutError.
    Timeout startup_timeout = std::chrono::seconds(60);
    /// Called with the create request last, to set what the spec has no member for.
    std::function<void(ContainerConfig&)> customize;

    /// Sets cmd.
    ContainerSpec& with_cmd(std::vector<std::string> c) { cmd = std::move(c); return *this; }
    /// Sets one environment variable.
    DOCKER_CPP_INLINE ContainerSpec& with_env(const std::string& key, const std::string& value);
    /// Sets one label.
    DOCKER_CPP_INLINE ContainerSpec& with_label(const std::string& key, const std::string& value);
    /// Publishes `container_port` on `host_port` (0: any free port).
    DOCKER_CPP_INLINE ContainerSpec& with_port(const std::string& container_port, int host_port = 0);
    /// Joins `name_of_network` with the given aliases.
    DOCKER_CPP_INLINE ContainerSpec& with_network(const std::string& name_of_network,
                                                  std::vector<std::string> aliases = {});
    /// Copies `local_path` into `container_dir` before the start.
    DOCKER_CPP_INLINE ContainerSpec& with_file(const std::string& local_path, const std::string& container_dir);
    /// Waits for `strategy` after the start, within `timeout` if given (else startup_timeout).
    DOCKER_CPP_INLINE ContainerSpec& with_wait(WaitStrategy strategy, std::optional<Timeout> timeout = {});
};

#if DOCKER_CPP_BODIES
DOCKER_CPP_INLINE ContainerSpec& ContainerSpec::with_env(const std::string& key, const std::string& value) {
    env[key] = value;
    return *this;
}

DOCKER_CPP_INLINE ContainerSpec& ContainerSpec::with_label(const std::string& key, const std::string& value) {
    labels[key] = value;
    return *this;
}

DOCKER_CPP_INLINE ContainerSpec& ContainerSpec::with_port(const std::string& container_port, int host_port) {
    ports.push_back({container_port, host_port, {}});
    return *this;
}

DOCKER_CPP_INLINE ContainerSpec& ContainerSpec::with_network(const std::string& name_of_network,
                                                             std::vector<std::string> aliases) {
    network = name_of_network;
    network_aliases = std::move(aliases);
    return *this;
}

DOCKER_CPP_INLINE ContainerSpec& ContainerSpec::with_file(const std::string& local_path,
                                                          const std::string& container_dir) {
    files.push_back({local_path, container_dir});
    return *this;
}

DOCKER_CPP_INLINE ContainerSpec& ContainerSpec::with_wait(WaitStrategy strategy, std::optional<Timeout> timeout) {
    wait_for = std::move(strategy);
    if (timeout) startup_timeout = *timeout;
    return *this;
}
#endif

namespace detail {

// A client of its own for each handle, talking to the same daemon: a handle never dangles
// on a Client the caller destroyed first.
DOCKER_CPP_INLINE std::shared_ptr<Client> client_like(const Client& client);

DOCKER_CPP_INLINE void pull_image(Client& client, const ContainerSpec& spec);

#if DOCKER_CPP_BODIES
DOCKER_CPP_INLINE std::shared_ptr<Client> client_like(const Client& client) {
    ClientOptions options = client.options();
    options.host = client.endpoint().to_string();
    return std::make_shared<Client>(options);
}

DOCKER_CPP_INLINE void pull_image(Client& client, const ContainerSpec& spec) {
    if (spec.pull == PullPolicy::never) return;
    if (spec.pull == PullPolicy::if_missing) {
        try {
            client.images().inspect(spec.image);
            return;
        } catch (const NotFound&) {
        }
    }
    try {
        client.images().pull(spec.image, {}, spec.on_pull_progress, spec.registry_auth);
    } catch (const ApiError& e) {
        throw ImagePullError(spec.image, e.message());
    } catch (const StreamError& e) {
        throw ImagePullError(spec.image, e.what());
    }
}
#endif

// The session's bridge network, for containers that publish ports or take aliases without
// naming a network: the daemon may lack its default bridge (--bridge=none), and that one
// knows no aliases anyway. Created once per daemon; removed when the process exits, else
// by the reaper.
class SessionNetworks {
public:
    DOCKER_CPP_INLINE std::string network_for(Client& client);

    DOCKER_CPP_INLINE ~SessionNetworks();

private:
    std::mutex mutex_;
    std::map<std::string, std::string> names_;
    std::vector<std::pair<std::shared_ptr<Client>, std::string>> created_;
};

#if DOCKER_CPP_BODIES
DOCKER_CPP_INLINE std::string SessionNetworks::network_for(Client& client) {
    std::string host = client.endpoint().to_string();
    std::lock_guard<std::mutex> lock(mutex_);
    auto found = names_.find(host);
    if (found != names_.end()) return found->second;
    NetworkCreateRequest request;
    request.name = "docker-cpp-" + session_id();
    request.labels = session_labels();
    client.networks().create(request);
    created_.emplace_back(client_like(client), request.name);
    names_[host] = request.name;
    return request.name;
}

DOCKER_CPP_INLINE SessionNetworks::~SessionNetworks() {
    for (auto& [client, name] : created_) {
        try {
            client->networks().remove(name);
        } catch (const std::exception& e) {
            report_cleanup_failure("session network " + name + ": " + e.what());
        }
    }
}
#endif

DOCKER_CPP_INLINE SessionNetworks& session_networks();

// The tar that makes `dir` (absolute) and its parents, for put_archive at "/".
DOCKER_CPP_INLINE std::string directory_chain_tar(const std::string& dir);

#if DOCKER_CPP_BODIES
DOCKER_CPP_INLINE SessionNetworks& session_networks() {
    static SessionNetworks networks;
    return networks;
}

DOCKER_CPP_INLINE std::string directory_chain_tar(const std::string& dir) {
    std::string tar;
    stream::TarWriter writer([&](std::string_view bytes) { tar.append(bytes); });
    std::string path;
    for (const auto& part : std::filesystem::path(dir).relative_path()) {
        if (part.empty() || part == ".") continue;
        if (part == "..") throw UsageError("container directory '" + dir + "' contains '..'");
        path += (path.empty() ? "" : "/") + part.string();
        TarEntry entry;
        entry.name = path;
        entry.type = TarEntryType::directory;
        entry.mode = 0755;
        entry.mtime = std::chrono::duration_cast<std::chrono::seconds>(
                          std::chrono::system_clock::now().time_since_epoch()).count();
        writer.add(entry);
    }
    writer.finish();
    return tar;
}
#endif

}  // namespace detail

/// A started container, owned: destroying the handle force-removes the container.
class Container {
public:
    /// Pulls the image per the spec's policy, creates the container with the session's
    /// labels, copies the files in, starts it and waits for its strategy under the startup
    /// deadline. Anything failing on the way removes the container again and throws
    /// (UsageError for a spec without image, ImagePullError, WaitError, an ApiError...).
    DOCKER_CPP_INLINE static Container start(Client& client, const ContainerSpec& spec);

    /// Takes over the container; `other` then owns nothing.
    Container(Container&& other) noexcept = default;
    /// Removes the container held so far, then takes over `other`'s.
    Container& operator=(Container&& other) noexcept {
        if (this != &other) {
            remove_now();
            owned_ = std::move(other.owned_);
        }
        return *this;
    }
    Container(const Container&) = delete;
    Container& operator=(const Container&) = delete;

    /// Removes the container; a failure goes to the clean-up hook (and the reaper).
    ~Container() { remove_now(); }

    /// The container's ID; empty after release() or a move.
    const std::string& id() const noexcept { return owned_.id; }
    /// The container's name (without the leading '/').
    const std::string& name() const noexcept { return owned_.name; }
    /// The handle's own client, connected to the same daemon as the one start() was given.
    Client& client() const noexcept { return *owned_.client; }

    /// The host the test process reaches published ports on.
    std::string host() const { return detail::daemon_host(*owned_.client); }

    /// The host port published for `container_port` ("6379" or "6379/tcp"); throws UsageError
    /// when that port is not published.
    DOCKER_CPP_INLINE int mapped_port(const std::string& container_port) const;

    /// Where the test process reaches `container_port`: the published port, else the
    /// container's own address; throws UsageError when neither exists.
    DOCKER_CPP_INLINE HostPort address(const std::string& container_port) const;

    /// The container's IPv4 address on `network` (empty: its first network); throws
    /// UsageError when it has none there.
    DOCKER_CPP_INLINE std::string ip_address(const std::string& network = {}) const;

    /// Inspects the container now.
    ContainerInspect inspect() const { return owned_.client->containers().inspect(owned_.id); }
    /// Its run state now.
    ContainerState state() const { return inspect().state; }
    /// Its whole log so far, stdout and stderr apart.
    ContainerOutput logs() const { return owned_.client->containers().logs_text(owned_.id); }

    /// Runs a command in the container; returns its output and exit code.
    ExecResult exec(std::vector<std::string> cmd, const ExecRunOptions& options = {}) const {
        return owned_.client->exec().run(owned_.id, std::move(cmd), options);
    }

    /// Copies a local file or directory into `container_dir` (absolute, else UsageError),
    /// creating that directory (and its parents) first when missing, as `docker cp` does.
    DOCKER_CPP_INLINE void copy_to(const std::string& local_path, const std::string& container_dir) const;

    /// Copies a container path into `local_dir`, creating that directory when missing.
    DOCKER_CPP_INLINE void copy_from(const std::string& container_path, const std::string& local_dir) const;

    /// Stops the container: SIGTERM (or its stop signal), then SIGKILL after `grace`. It
    /// stays until the handle goes.
    DOCKER_CPP_INLINE void stop(std::chrono::seconds grace = std::chrono::seconds(10));

    /// Gives up ownership: the container outlives the handle (until the reaper sees the
    /// session end). Returns its ID.
    DOCKER_CPP_INLINE std::string release() noexcept;

private:
    Container(std::shared_ptr<Client> client, std::string id, std::string name)
        : owned_(std::move(client), std::move(id), std::move(name)) {}

    DOCKER_CPP_INLINE static ContainerConfig create_config(Client& client, const ContainerSpec& spec);

    DOCKER_CPP_INLINE void remove_now() noexcept;

    detail::OwnedObject owned_;
};

#if DOCKER_CPP_BODIES
DOCKER_CPP_INLINE Container Container::start(Client& client, const ContainerSpec& spec) {
    if (spec.image.empty()) throw UsageError("ContainerSpec: no image");
    if (spec.wait_for && spec.startup_timeout.count() <= 0)
        throw UsageError("ContainerSpec for '" + spec.image + "': the startup timeout is zero");
    auto own = detail::client_like(client);
    ensure_reaper(*own);
    detail::pull_image(*own, spec);

    ContainerConfig config = create_config(*own, spec);
    std::string name = spec.name.empty() ? session_unique_name("dcpp") : spec.name;
    Container container(own, own->containers().create(config, name).id, name);
    for (const auto& file : spec.files) container.copy_to(file.local_path, file.container_dir);
    own->containers().start(container.id());
    if (spec.wait_for) wait_until_ready(*own, container.id(), *spec.wait_for, spec.startup_timeout);
    return container;
}

DOCKER_CPP_INLINE int Container::mapped_port(const std::string& container_port) const {
    if (auto port = detail::published_port(inspect(), container_port)) return *port;
    throw UsageError("container " + owned_.name + ": port " + container_port + " is not published");
}

DOCKER_CPP_INLINE HostPort Container::address(const std::string& container_port) const {
    if (auto a = detail::reachable_address(*owned_.client, inspect(), container_port)) return *a;
    throw UsageError("container " + owned_.name + ": port " + container_port + " is not reachable");
}

DOCKER_CPP_INLINE std::string Container::ip_address(const std::string& network) const {
    if (auto ip = detail::container_ip(inspect(), network)) return *ip;
    throw UsageError("container " + owned_.name + " has no address" + (network.empty() ? "" : " on " + network));
}

DOCKER_CPP_INLINE void Container::copy_to(const std::string& local_path, const std::string& container_dir) const {
    if (container_dir.empty() || container_dir[0] != '/')
        throw UsageError("copy_to: the container directory must be absolute: '" + container_dir + "'");
    try {
        owned_.client->containers().stat_path(owned_.id, container_dir);
    } catch (const NotFound&) {
        owned_.client->containers().put_archive(owned_.id, "/", detail::directory_chain_tar(container_dir));
    }
    owned_.client->containers().copy_to(owned_.id, local_path, container_dir);
}

DOCKER_CPP_INLINE void Container::copy_from(const std::string& container_path, const std::string& local_dir) const {
    std::filesystem::create_directories(local_dir);
    owned_.client->containers().copy_from(owned_.id, container_path, local_dir);
}

DOCKER_CPP_INLINE void Container::stop(std::chrono::seconds grace) {
    StopContainerOptions options;
    options.timeout = static_cast<int>(grace.count());
    owned_.client->containers().stop(owned_.id, options);
}

DOCKER_CPP_INLINE std::string Container::release() noexcept {
    std::string id = std::move(owned_.id);
    owned_.id.clear();
    return id;
}

DOCKER_CPP_INLINE ContainerConfig Container::create_config(Client& client, const ContainerSpec& spec) {
    ContainerConfig config;
    config.image = spec.image;
    config.cmd = spec.cmd;
    config.entrypoint = spec.entrypoint;
    for (const auto& [key, value] : spec.env) config.env.push_back(key + "=" + value);
    config.labels = spec.labels;
    for (const auto& [key, value] : session_labels()) config.labels[key] = value;
    config.user = spec.user;
    config.working_dir = spec.working_dir;
    HostConfig host;
    host.mounts = spec.mounts;
    host.tmpfs = spec.tmpfs;
    bool remote = client.endpoint().kind == Endpoint::Kind::tcp;
    for (const auto& p : spec.ports) {
        std::string key = detail::port_key(p.container_port);
        config.exposed_ports.push_back(key);
        PortBinding binding;
        binding.host_ip = !p.host_ip.empty() ? p.host_ip : remote ? "" : "127.0.0.1";
        binding.host_port = p.host_port > 0 ? std::to_string(p.host_port) : "";
        host.port_bindings[key].push_back(binding);
    }
    std::string network = spec.network;
    if (network.empty() && (!spec.ports.empty() || !spec.network_aliases.empty()))
        network = detail::session_networks().network_for(client);
    if (!network.empty()) {
        host.network_mode = network;
        json endpoint = json::object();
        if (!spec.network_aliases.empty()) endpoint["Aliases"] = spec.network_aliases;
        config.networking_config = json{{"EndpointsConfig", {{network, endpoint}}}};
    }
    config.host_config = host;
    if (spec.customize) spec.customize(config);
    return config;
}

DOCKER_CPP_INLINE void Container::remove_now() noexcept {
    if (owned_.id.empty() || !owned_.client) return;
    try {
        RemoveContainerOptions options;
        options.force = true;
        options.volumes = true;
        owned_.client->containers().remove(owned_.id, options);
    } catch (const NotFound&) {
        // Already gone (auto-remove, or removed by the test).
    } catch (const std::exception& e) {
        detail::report_cleanup_failure("container " + owned_.name + " (" + owned_.id + "): " + e.what());
    }
    owned_.id.clear();
}
#endif

}  // namespace docker::testing
