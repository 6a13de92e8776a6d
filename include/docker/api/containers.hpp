#pragma once
/// @file
/// The container group: create, inspect, list, start, stop, restart, kill, pause, unpause,
/// rename, wait, logs, attach, resize, remove.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "docker/api/archive.hpp"
#include "docker/api/container_attach_ws.hpp"
#include "docker/api/container_maintenance.hpp"
#include "docker/api/container_stats.hpp"
#include "docker/api/log_stream.hpp"
#include "docker/api/version_gate.hpp"
#include "docker/client.hpp"
#include "docker/models/containers.hpp"
#include "docker/stream/attached_stream.hpp"
#include "docker/stream/log_frames.hpp"

namespace docker {

/// Which containers list() returns (the query of GET /containers/json).
struct ContainerListOptions {
    bool all = false;              ///< stopped containers too
    std::optional<int> limit;      ///< the most recently created N
    bool size = false;             ///< compute SizeRw / SizeRootFs
    std::map<std::string, std::vector<std::string>> filters;  ///< e.g. {"label", {"app=web"}}
};

/// What logs() and logs_text() read (the query of GET /containers/{id}/logs), and how long
/// they wait.
struct LogsOptions {
    bool follow = false;          ///< keep reading what the container writes until it stops
    bool include_stdout = true;   ///< the stdout query flag
    bool include_stderr = true;   ///< the stderr query flag
    std::optional<std::int64_t> since;  ///< UNIX seconds
    std::optional<std::int64_t> until;  ///< UNIX seconds
    bool timestamps = false;      ///< prefix each line with its RFC 3339 time
    std::optional<int> tail;            ///< last N lines; unset: all
    /// Read timeout; unset: none when following (a quiet container is no error), else the
    /// client's read timeout.
    std::optional<Timeout> timeout;
    CallOptions call;  ///< overall deadline, cancel token (its timeout gives way to `timeout`)
};

/// How remove() deletes a container (the query of DELETE /containers/{id}).
struct RemoveContainerOptions {
    bool force = false;    ///< kill a running container first
    bool volumes = false;  ///< remove its anonymous volumes
    bool link = false;     ///< remove the link, not the container
};

/// How stop() and restart() end the container's process.
struct StopContainerOptions {
    std::optional<int> timeout;  ///< seconds before SIGKILL; unset: the container's StopTimeout
    /// Signal to send first instead of the container's StopSignal ("SIGINT", "15"); empty: the
    /// container's. API >= 1.42; below, UnsupportedApiVersion (never ignored).
    std::string signal;
};

/// What wait() waits for.
enum class WaitCondition {
    not_running,  ///< the container is not running (at once if it is stopped already)
    next_exit,    ///< the container's next exit, even if it is stopped now
    removed       ///< the container is removed
};

/// POST /containers/{id}/attach query. Unlike the daemon's (all false: attach to nothing),
/// the defaults attach to everything from now on.
struct AttachOptions {
    bool stream = true;          ///< what the container writes from now on (until it stops)
    bool logs = false;           ///< replay what it wrote before (its log)
    bool include_stdin = true;   ///< the stdin flag: deliver our writes (needs OpenStdin)
    bool include_stdout = true;  ///< the stdout flag
    bool include_stderr = true;  ///< the stderr flag
    std::string detach_keys;     ///< overrides the container's; only a TTY looks for them
    /// Read timeout; unset: none (a quiet container is no error).
    std::optional<Timeout> timeout;
    CallOptions call;  ///< overall deadline, cancel token
};

/// GET /containers/{id}/stats?stream=false query.
struct ContainerStatsOptions {
    /// Answer at once, without the second sample the CPU figures need (API >= 1.41; older
    /// engines give the slower, complete answer).
    bool one_shot = false;
};

/// What logs() collected into memory.
struct ContainerOutput {
    std::string out;  ///< what it wrote to stdout (all of it when it has a TTY)
    std::string err;  ///< what it wrote to stderr
};

// A class template only so that a program compiles the calls it makes: the bodies of the
// others are never instantiated. Always named through its alias, ContainersApi.
/// The container calls, reached as client.containers(). A missing container is NotFound
/// (404), a container in the wrong state (e.g. removing a running one without `force`)
/// Conflict (409); an empty id is a UsageError before anything is sent.
///
/// The archive calls (stat_path, get_archive, put_archive, export_container, copy_to,
/// copy_from) come from ContainerArchiveApi in docker/api/archive.hpp, top, changes, update
/// and prune from ContainerMaintenanceApi, and attach_websocket() from
/// ContainerAttachWebsocketApi in docker/api/container_attach_ws.hpp.
template <class Lazy>
class BasicContainersApi : public ContainerArchiveApi, public ContainerMaintenanceApi, public ContainerAttachWebsocketApi {
public:
    /// Calls go through `client`, which must outlive this object.
    explicit BasicContainersApi(Client& client)
        : ContainerArchiveApi(client),
          ContainerMaintenanceApi(client),
          ContainerAttachWebsocketApi(client),
          client_(&client) {}

    /// Creates a container from `config`, named `name` (empty: the daemon picks one), for
    /// `platform` ("linux/arm64"; empty: the daemon's). Returns its id and any warnings.
    /// POST /containers/create. NotFound when the image is not
    /// local; Conflict when the name is taken.
    // operationId: ContainerCreate
    ContainerCreateResponse create(const ContainerConfig& config, const std::string& name = {},
                                   const std::string& platform = {}) {
        http::Query q;
        if (!name.empty()) q.add("name", name);
        if (!platform.empty()) q.add("platform", platform);
        return detail::parse_model<ContainerCreateResponse>(
            client_->post("/containers/create" + q.str(), detail::as_json(config)).body, "container create");
    }

    /// The same from the generated model: every field of the spec (an inspect answer's,
    /// too), each checked against the API version in use before anything is sent.
    ContainerCreateResponse create(const model::ContainerCreateRequest& request, const std::string& name = {},
                                   const std::string& platform = {}) {
        json body = detail::as_json(request);
        detail::require_body_fields<model::ContainerCreateRequest>(*client_, ops::ContainerCreate, body);
        http::Query q;
        if (!name.empty()) q.add("name", name);
        if (!platform.empty()) q.add("platform", platform);
        return detail::parse_model<ContainerCreateResponse>(
            client_->post("/containers/create" + q.str(), std::move(body)).body, "container create");
    }

    /// Everything the daemon knows about container `id` (an id, its prefix or a name); with
    /// `size`, SizeRw and SizeRootFs too (slower). GET /containers/{id}/json.
    // operationId: ContainerInspect
    ContainerInspect inspect(const std::string& id, bool size = false) {
        http::Query q;
        if (size) q.add("size", true);
        return detail::parse_model<ContainerInspect>(client_->get(path(id, "/json") + q.str()).body, "container inspect");
    }

    /// The containers `options` select, newest first: GET /containers/json.
    // operationId: ContainerList
    std::vector<ContainerSummary> list(const ContainerListOptions& options = {}) {
        http::Query q;
        if (options.all) q.add("all", true);
        if (options.limit) q.add("limit", *options.limit);
        if (options.size) q.add("size", true);
        if (!options.filters.empty()) q.add("filters", detail::filters_to_query(options.filters));
        return detail::parse_model<std::vector<ContainerSummary>>(client_->get("/containers/json" + q.str()).body,
                                                                  "container list");
    }

    /// Starts container `id`; false when it was already running (the daemon's 304).
    ///
    /// The rule for "nothing to do": only start() and stop() return a bool, because only their
    /// endpoints have a "nothing to do" answer (304, true = the state changed). Every other
    /// state change returns nothing and throws an ApiError of kind ErrorKind::conflict when the
    /// container is in the wrong state (kill of a stopped container, pause of a paused one).
    /// POST /containers/{id}/start.
    // operationId: ContainerStart
    bool start(const std::string& id) { return client_->post(path(id, "/start")).status != 304; }

    /// Stops container `id`: its stop signal, then SIGKILL after the grace period. False when
    /// it was already stopped (304). The read timeout is stretched by the grace period.
    /// POST /containers/{id}/stop.
    // operationId: ContainerStop
    bool stop(const std::string& id, const StopContainerOptions& options = {}) {
        if (!options.signal.empty()) detail::require_api(*client_, ops::ContainerStop, "signal");
        http::Query q;
        if (options.timeout) q.add("t", *options.timeout);
        if (!options.signal.empty()) q.add("signal", options.signal);
        return client_->request(Client::make_request("POST", path(id, "/stop") + q.str()), stop_call(id, options))
                   .status != 304;
    }

    /// Stops (as stop() does) and starts container `id` again.
    /// POST /containers/{id}/restart.
    // operationId: ContainerRestart
    void restart(const std::string& id, const StopContainerOptions& options = {}) {
        if (!options.signal.empty()) detail::require_api(*client_, ops::ContainerRestart, "signal");
        http::Query q;
        if (options.timeout) q.add("t", *options.timeout);
        if (!options.signal.empty()) q.add("signal", options.signal);
        client_->request(Client::make_request("POST", path(id, "/restart") + q.str()), stop_call(id, options));
    }

    /// Sends `signal` ("SIGKILL", "SIGHUP", "9") to the container's main process; Conflict
    /// when it is not running. POST /containers/{id}/kill.
    // operationId: ContainerKill
    void kill(const std::string& id, const std::string& signal = "SIGKILL") {
        http::Query q;
        if (!signal.empty()) q.add("signal", signal);
        client_->post(path(id, "/kill") + q.str());
    }

    /// Freezes every process of container `id` (cgroup freezer).
    /// POST /containers/{id}/pause.
    // operationId: ContainerPause
    void pause(const std::string& id) { client_->post(path(id, "/pause")); }
    /// Thaws a paused container. POST /containers/{id}/unpause.
    // operationId: ContainerUnpause
    void unpause(const std::string& id) { client_->post(path(id, "/unpause")); }

    /// Renames container `id` to `new_name`; Conflict when that name is taken.
    /// POST /containers/{id}/rename.
    // operationId: ContainerRename
    void rename(const std::string& id, const std::string& new_name) {
        http::Query q;
        q.add("name", new_name);
        client_->post(path(id, "/rename") + q.str());
    }

    /// Blocks until `condition` holds for container `id` and returns its exit code (and
    /// error, if any). No read timeout unless `timeout` is given, since a container may run
    /// for as long as it likes; `call` adds an overall deadline or a cancel token.
    /// POST /containers/{id}/wait.
    // operationId: ContainerWait
    ContainerWaitResponse wait(const std::string& id, WaitCondition condition = WaitCondition::not_running,
                               std::optional<Timeout> timeout = {}, CallOptions call = {}) {
        http::Query q;
        q.add("condition", condition == WaitCondition::next_exit ? "next-exit"
                           : condition == WaitCondition::removed ? "removed"
                                                                  : "not-running");
        call.timeout = timeout ? timeout : call.timeout ? call.timeout : no_timeout;
        return detail::parse_model<ContainerWaitResponse>(
            client_->request(Client::make_request("POST", path(id, "/wait") + q.str()), call).body, "container wait");
    }

    /// The container's log as a stream of frames: stdout and stderr told apart when the
    /// container has no TTY, raw bytes (all stdout) when it has one. With `follow` it ends
    /// when the container stops. GET /containers/{id}/logs.
    // operationId: ContainerLogs
    LogStream logs(const std::string& id, const LogsOptions& options = {}) {
        http::Query q;
        if (options.follow) q.add("follow", true);
        q.add("stdout", options.include_stdout);
        q.add("stderr", options.include_stderr);
        if (options.since) q.add("since", *options.since);
        if (options.until) q.add("until", *options.until);
        if (options.timestamps) q.add("timestamps", true);
        q.add("tail", options.tail ? std::to_string(*options.tail) : std::string("all"));
        CallOptions call = options.call;
        if (options.timeout) call.timeout = options.timeout;
        else if (options.follow && !call.timeout) call.timeout = no_timeout;
        // Before API 1.42 the Content-Type does not say whether frames are multiplexed;
        // it depends on the container's TTY, so ask (as the docker CLI does).
        std::optional<bool> tty;
        if (!client_->api_version_at_least("1.42")) tty = inspect(id).config.tty;
        auto response = client_->stream(Client::make_request("GET", path(id, "/logs") + q.str()), call);
        bool multiplexed;
        std::string content_type = response.headers().get("Content-Type");
        if (content_type.find("multiplexed-stream") != std::string::npos) multiplexed = true;
        else if (content_type.find("raw-stream") != std::string::npos) multiplexed = false;
        else multiplexed = tty ? !*tty : !inspect(id).config.tty;
        return LogStream(std::move(response), multiplexed);
    }

    /// The whole log up to now (`follow` is ignored) in memory, split into stdout and stderr.
    ContainerOutput logs_text(const std::string& id, LogsOptions options = {}) {
        options.follow = false;
        ContainerOutput output;
        auto stream = logs(id, options);
        LogFrame frame;
        while (stream.next(frame)) (frame.is_stderr() ? output.err : output.out) += frame.data;
        return output;
    }

    /// Attaches to container `id` over a hijacked connection: its output to read, its stdin
    /// to write. Frames are multiplexed unless the container has a TTY. Destroying the
    /// stream detaches; the container keeps running. NotFound before any hijacking for a
    /// missing container. POST /containers/{id}/attach.
    // operationId: ContainerAttach
    AttachedStream attach(const std::string& id, const AttachOptions& options = {}) {
        http::Query q;
        if (!options.detach_keys.empty()) q.add("detachKeys", options.detach_keys);
        q.add("logs", options.logs);
        q.add("stream", options.stream);
        q.add("stdin", options.include_stdin);
        q.add("stdout", options.include_stdout);
        q.add("stderr", options.include_stderr);
        // Before API 1.42 the daemon calls both forms "raw-stream": the container's TTY
        // decides, so ask first (which also turns a missing container into NotFound before
        // any hijacking).
        bool modern = client_->api_version_at_least("1.42");
        std::optional<bool> tty;
        if (!modern) tty = inspect(id).config.tty;
        UpgradedConnection upgraded =
            client_->upgrade(Client::make_request("POST", path(id, "/attach") + q.str()), options.call);
        std::string content_type = upgraded.headers.get("Content-Type");
        if (modern && content_type.find("multiplexed-stream") != std::string::npos) tty = false;
        else if (modern && content_type.find("raw-stream") != std::string::npos) tty = true;
        else if (!tty) tty = inspect(id).config.tty;
        AttachedStream attached(std::move(upgraded.stream), std::move(upgraded.early_bytes), !*tty,
                                options.timeout.value_or(no_timeout));
        attached.watch(std::move(upgraded.cancel), upgraded.deadline);
        return attached;
    }

    /// Sets the TTY size of container `id` to `height` rows by `width` columns (it needs a
    /// TTY). POST /containers/{id}/resize.
    // operationId: ContainerResize
    void resize(const std::string& id, int height, int width) {
        http::Query q;
        q.add("h", height);
        q.add("w", width);
        client_->post(path(id, "/resize") + q.str());
    }

    /// One resource-usage sample of container `id`. The daemon takes about a second to
    /// sample twice, for the CPU figures; `one_shot` (API >= 1.41) answers at once, without.
    /// docker::cpu_percent() and memory_percent() compute what `docker stats` shows.
    /// GET /containers/{id}/stats?stream=false.
    // operationId: ContainerStats
    ContainerStats stats(const std::string& id, const ContainerStatsOptions& options) {
        return detail::container_stats(*client_, id, options.one_shot);
    }
    /// The same with a bare flag (kept for existing callers; the options read better).
    ContainerStats stats(const std::string& id, bool one_shot = false) {
        return detail::container_stats(*client_, id, one_shot);
    }

    /// Resource-usage samples of container `id`, about one a second until the stream is
    /// destroyed; no read timeout unless `timeout` is given.
    /// GET /containers/{id}/stats.
    // operationId: ContainerStats
    StatsStream stats_stream(const std::string& id, std::optional<Timeout> timeout = {}, CallOptions call = {}) {
        return detail::container_stats_stream(*client_, id, timeout, std::move(call));
    }

    /// Removes container `id`; Conflict when it runs and `force` is not set.
    /// DELETE /containers/{id}.
    // operationId: ContainerDelete
    void remove(const std::string& id, const RemoveContainerOptions& options = {}) {
        http::Query q;
        if (options.force) q.add("force", true);
        if (options.volumes) q.add("v", true);
        if (options.link) q.add("link", true);
        client_->del(path(id, "") + q.str());
    }

private:
    static std::string path(const std::string& id, const char* suffix) {
        if (id.empty()) throw UsageError("container id or name is empty");
        return "/containers/" + http::encode_path_segment(id) + suffix;
    }

    /// Stopping waits up to the grace period before answering: give the read that much more.
    /// Without one, the daemon waits the container's own StopTimeout (10 s when it has none):
    /// follow that rather than guess.
    CallOptions stop_call(const std::string& id, const StopContainerOptions& options) {
        CallOptions call;
        int grace = options.timeout ? *options.timeout : inspect(id).config.stop_timeout.value_or(10);
        Timeout base = client_->options().read_timeout;
        if (grace < 0 || base == no_timeout) call.timeout = no_timeout;
        else call.timeout = base + std::chrono::seconds(grace);
        return call;
    }

    Client* client_;
};
DOCKER_CPP_COMPILED_ELSEWHERE(BasicContainersApi)

inline ContainersApi Client::containers() { return ContainersApi(*this); }

}  // namespace docker
