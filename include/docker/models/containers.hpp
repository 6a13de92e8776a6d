#pragma once
// Models of the container group: the create configuration (ContainerConfig with its
// HostConfig), and what create, list, inspect and wait answer.
//
// Request fields follow one rule: an empty string, an empty container or an unset optional
// is not sent, so the daemon applies its own default.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "docker/models/generated/containers.hpp"
#include "docker/models/json_fields.hpp"

namespace docker {

/// One host address a container port is published on (an entry of HostConfig.PortBindings).
struct PortBinding {
    /// JSON `HostIp`: host address to bind; empty binds all addresses.
    std::string host_ip;
    /// JSON `HostPort`: host port as a string ("8080"); empty lets the daemon pick a free port.
    std::string host_port;
};

/// What the daemon does when the container exits (HostConfig.RestartPolicy).
struct RestartPolicy {
    /// JSON `Name`: "", "no", "always", "unless-stopped" or "on-failure".
    std::string name;
    /// JSON `MaximumRetryCount`: restarts tried for "on-failure"; 0 means no limit (and is not sent).
    int maximum_retry_count = 0;
};

/// The logging driver of a container (HostConfig.LogConfig).
struct LogConfig {
    /// JSON `Type`: driver name ("json-file", "local", "none", ...).
    std::string type;
    /// JSON `Config`: driver options ("max-size" → "10m", ...).
    std::map<std::string, std::string> config;
};

/// A mount in HostConfig.Mounts.
struct Mount {
    /// JSON `Type`: "bind", "volume", "tmpfs" or "npipe".
    std::string type = "volume";
    /// JSON `Source`: host path for a bind, volume name for a volume; empty for an anonymous volume or tmpfs.
    std::string source;
    /// JSON `Target`: absolute path inside the container.
    std::string target;
    /// JSON `ReadOnly`: mount read-only.
    bool read_only = false;
};

/// The host side of a container (ContainerConfig.host_config): resources, mounts, ports, networking.
/// Empty and unset members are not sent, so the daemon's defaults apply.
struct HostConfig {
    /// JSON `Binds`: bind mounts as "host-path:container-path[:ro]".
    std::vector<std::string> binds;
    /// JSON `NetworkMode`: "bridge", "host", "none", "container:<id>" or a network name.
    std::string network_mode;
    /// JSON `PortBindings`: container port ("80/tcp") → the host addresses it is published on.
    std::map<std::string, std::vector<PortBinding>> port_bindings;
    /// JSON `RestartPolicy`.
    std::optional<RestartPolicy> restart_policy;
    /// JSON `AutoRemove`: the daemon removes the container when it exits.
    bool auto_remove = false;
    /// JSON `VolumesFrom`: containers ("name[:ro|rw]") whose volumes are mounted too.
    std::vector<std::string> volumes_from;
    /// JSON `CapAdd`: kernel capabilities added ("NET_ADMIN", ...).
    std::vector<std::string> cap_add;
    /// JSON `CapDrop`: kernel capabilities dropped.
    std::vector<std::string> cap_drop;
    /// JSON `Dns`: DNS server addresses for the container.
    std::vector<std::string> dns;
    /// JSON `ExtraHosts`: extra /etc/hosts lines as "name:address".
    std::vector<std::string> extra_hosts;
    /// JSON `Privileged`: run with all capabilities and devices.
    bool privileged = false;
    /// JSON `PublishAllPorts`: publish every exposed port on a random host port.
    bool publish_all_ports = false;
    /// JSON `ReadonlyRootfs`: mount the root filesystem read-only.
    bool readonly_rootfs = false;
    /// JSON `SecurityOpt`: security options ("no-new-privileges", "seccomp=...", ...).
    std::vector<std::string> security_opt;
    /// JSON `Tmpfs`: container path → tmpfs mount options ("size=64m").
    std::map<std::string, std::string> tmpfs;
    /// JSON `Memory`: memory limit in bytes.
    std::optional<std::int64_t> memory;
    /// JSON `MemorySwap`: memory plus swap limit in bytes; -1 for unlimited swap.
    std::optional<std::int64_t> memory_swap;
    /// JSON `NanoCpus`: CPU limit in billionths of a CPU (1.5 CPUs = 1500000000).
    std::optional<std::int64_t> nano_cpus;
    /// JSON `CpuShares`: relative CPU weight (default 1024).
    std::optional<std::int64_t> cpu_shares;
    /// JSON `PidsLimit`: most processes the container may have; 0 or -1 for no limit.
    std::optional<std::int64_t> pids_limit;
    /// JSON `ShmSize`: size of /dev/shm in bytes.
    std::optional<std::int64_t> shm_size;
    /// JSON `Init`: run an init process as PID 1 that reaps zombies and forwards signals.
    std::optional<bool> init;
    /// JSON `LogConfig`.
    std::optional<LogConfig> log_config;
    /// JSON `Mounts`: mounts in the structured form (see Mount).
    std::vector<Mount> mounts;
    /// Other HostConfig keys this struct does not name, merged into the request as given.
    json extra;
};

/// The body of POST /containers/create, and the `Config` part of a container's inspect.
/// Empty and unset members are not sent, so the image's and daemon's defaults apply.
struct ContainerConfig {
    /// JSON `Image`: image name or ID to create the container from.
    std::string image;
    /// JSON `Cmd`: command and arguments; empty keeps the image's CMD.
    std::vector<std::string> cmd;
    /// JSON `Entrypoint`: empty keeps the image's ENTRYPOINT.
    std::vector<std::string> entrypoint;
    /// JSON `Env`: environment as "KEY=value".
    std::vector<std::string> env;
    /// JSON `Labels`: container labels.
    std::map<std::string, std::string> labels;
    /// JSON `WorkingDir`: working directory of the command.
    std::string working_dir;
    /// JSON `User`: "user", "uid", "user:group" or "uid:gid" the command runs as.
    std::string user;
    /// JSON `Hostname`: the container's host name.
    std::string hostname;
    /// JSON `Domainname`: the container's domain name.
    std::string domainname;
    /// JSON `Tty`: allocate a pseudo-terminal (output is then one raw stream, not multiplexed).
    bool tty = false;
    /// JSON `OpenStdin`: keep stdin open so it can be attached.
    bool open_stdin = false;
    /// JSON `StdinOnce`: close stdin after the first attached client detaches.
    bool stdin_once = false;
    /// JSON `AttachStdin`: attach stdin when the container starts.
    bool attach_stdin = false;
    /// JSON `AttachStdout`: attach stdout when the container starts.
    bool attach_stdout = false;
    /// JSON `AttachStderr`: attach stderr when the container starts.
    bool attach_stderr = false;
    /// JSON `ExposedPorts` (sent as a set): ports as "80/tcp", "53/udp".
    std::vector<std::string> exposed_ports;
    /// JSON `Volumes` (sent as a set): container paths that get anonymous volumes.
    std::vector<std::string> volumes;
    /// JSON `NetworkDisabled`: create the container without networking.
    bool network_disabled = false;
    /// JSON `StopSignal`: signal that stops the container ("SIGTERM", "SIGINT", ...).
    std::string stop_signal;
    /// JSON `StopTimeout`: seconds to wait after the stop signal before killing.
    std::optional<int> stop_timeout;
    /// JSON `Shell`: shell for the image's shell-form instructions.
    std::vector<std::string> shell;
    /// JSON `HostConfig`. A plain member, sent only when something in it is set:
    /// `config.host_config.memory = n` needs nothing created first.
    HostConfig host_config;
    /// JSON `NetworkingConfig`, sent as given when not null.
    json networking_config;
    /// Other Config keys (Healthcheck, ...) this struct does not name, merged into the request as given.
    json extra;
};

// ---- request serialisation -------------------------------------------------------

template <class J, detail::if_json<J> = 0>
void to_json(J& j, const PortBinding& b) {
    j = json::object();
    detail::write_field(j, "HostIp", b.host_ip);
    detail::write_field(j, "HostPort", b.host_port);
}

template <class J, detail::if_json<J> = 0>
void to_json(J& j, const RestartPolicy& r) {
    j = json{{"Name", r.name}};
    if (r.maximum_retry_count != 0) j["MaximumRetryCount"] = r.maximum_retry_count;
}

template <class J, detail::if_json<J> = 0>
void to_json(J& j, const LogConfig& c) {
    j = json{{"Type", c.type}};
    if (!c.config.empty()) j["Config"] = c.config;
}

template <class J, detail::if_json<J> = 0>
void to_json(J& j, const Mount& m) {
    j = json{{"Type", m.type}, {"Target", m.target}};
    detail::write_field(j, "Source", m.source);
    detail::write_flag(j, "ReadOnly", m.read_only);
}

template <class J, detail::if_json<J> = 0>
void to_json(J& j, const HostConfig& h) {
    j = json::object();
    detail::write_field(j, "Binds", h.binds);
    detail::write_field(j, "NetworkMode", h.network_mode);
    detail::write_field(j, "PortBindings", h.port_bindings);
    detail::write_field(j, "RestartPolicy", h.restart_policy);
    detail::write_flag(j, "AutoRemove", h.auto_remove);
    detail::write_field(j, "VolumesFrom", h.volumes_from);
    detail::write_field(j, "CapAdd", h.cap_add);
    detail::write_field(j, "CapDrop", h.cap_drop);
    detail::write_field(j, "Dns", h.dns);
    detail::write_field(j, "ExtraHosts", h.extra_hosts);
    detail::write_flag(j, "Privileged", h.privileged);
    detail::write_flag(j, "PublishAllPorts", h.publish_all_ports);
    detail::write_flag(j, "ReadonlyRootfs", h.readonly_rootfs);
    detail::write_field(j, "SecurityOpt", h.security_opt);
    detail::write_field(j, "Tmpfs", h.tmpfs);
    detail::write_field(j, "Memory", h.memory);
    detail::write_field(j, "MemorySwap", h.memory_swap);
    detail::write_field(j, "NanoCpus", h.nano_cpus);
    detail::write_field(j, "CpuShares", h.cpu_shares);
    detail::write_field(j, "PidsLimit", h.pids_limit);
    detail::write_field(j, "ShmSize", h.shm_size);
    detail::write_field(j, "Init", h.init);
    detail::write_field(j, "LogConfig", h.log_config);
    detail::write_field(j, "Mounts", h.mounts);
    detail::merge_extra(j, h.extra);
}

template <class J, detail::if_json<J> = 0>
void to_json(J& j, const ContainerConfig& c) {
    j = json::object();
    detail::write_field(j, "Image", c.image);
    detail::write_field(j, "Cmd", c.cmd);
    detail::write_field(j, "Entrypoint", c.entrypoint);
    detail::write_field(j, "Env", c.env);
    detail::write_field(j, "Labels", c.labels);
    detail::write_field(j, "WorkingDir", c.working_dir);
    detail::write_field(j, "User", c.user);
    detail::write_field(j, "Hostname", c.hostname);
    detail::write_field(j, "Domainname", c.domainname);
    detail::write_flag(j, "Tty", c.tty);
    detail::write_flag(j, "OpenStdin", c.open_stdin);
    detail::write_flag(j, "StdinOnce", c.stdin_once);
    detail::write_flag(j, "AttachStdin", c.attach_stdin);
    detail::write_flag(j, "AttachStdout", c.attach_stdout);
    detail::write_flag(j, "AttachStderr", c.attach_stderr);
    if (!c.exposed_ports.empty()) j["ExposedPorts"] = detail::json_set(c.exposed_ports);
    if (!c.volumes.empty()) j["Volumes"] = detail::json_set(c.volumes);
    detail::write_flag(j, "NetworkDisabled", c.network_disabled);
    detail::write_field(j, "StopSignal", c.stop_signal);
    detail::write_field(j, "StopTimeout", c.stop_timeout);
    detail::write_field(j, "Shell", c.shell);
    if (json host = detail::as_json(c.host_config); !host.empty()) j["HostConfig"] = std::move(host);
    if (!c.networking_config.is_null()) j["NetworkingConfig"] = c.networking_config;
    detail::merge_extra(j, c.extra);
}

// ---- response parsing ------------------------------------------------------------

template <class J, detail::if_json<J> = 0>
void from_json(const J& j, PortBinding& b) {
    detail::read_field(j, "HostIp", b.host_ip);
    detail::read_field(j, "HostPort", b.host_port);
}

template <class J, detail::if_json<J> = 0>
void from_json(const J& j, RestartPolicy& r) {
    detail::read_field(j, "Name", r.name);
    detail::read_field(j, "MaximumRetryCount", r.maximum_retry_count);
}

template <class J, detail::if_json<J> = 0>
void from_json(const J& j, LogConfig& c) {
    detail::read_field(j, "Type", c.type);
    detail::read_field(j, "Config", c.config);
}

template <class J, detail::if_json<J> = 0>
void from_json(const J& j, Mount& m) {
    detail::read_field(j, "Type", m.type);
    detail::read_field(j, "Source", m.source);
    detail::read_field(j, "Target", m.target);
    detail::read_field(j, "ReadOnly", m.read_only);
}

template <class J, detail::if_json<J> = 0>
void from_json(const J& j, HostConfig& h) {
    detail::read_field(j, "Binds", h.binds);
    detail::read_field(j, "NetworkMode", h.network_mode);
    detail::read_field(j, "PortBindings", h.port_bindings);
    detail::read_field(j, "RestartPolicy", h.restart_policy);
    detail::read_field(j, "AutoRemove", h.auto_remove);
    detail::read_field(j, "VolumesFrom", h.volumes_from);
    detail::read_field(j, "CapAdd", h.cap_add);
    detail::read_field(j, "CapDrop", h.cap_drop);
    detail::read_field(j, "Dns", h.dns);
    detail::read_field(j, "ExtraHosts", h.extra_hosts);
    detail::read_field(j, "Privileged", h.privileged);
    detail::read_field(j, "PublishAllPorts", h.publish_all_ports);
    detail::read_field(j, "ReadonlyRootfs", h.readonly_rootfs);
    detail::read_field(j, "SecurityOpt", h.security_opt);
    detail::read_field(j, "Tmpfs", h.tmpfs);
    detail::read_field(j, "Memory", h.memory);
    detail::read_field(j, "MemorySwap", h.memory_swap);
    detail::read_field(j, "NanoCpus", h.nano_cpus);
    detail::read_field(j, "CpuShares", h.cpu_shares);
    detail::read_field(j, "PidsLimit", h.pids_limit);
    detail::read_field(j, "ShmSize", h.shm_size);
    detail::read_field(j, "Init", h.init);
    detail::read_field(j, "LogConfig", h.log_config);
    detail::read_field(j, "Mounts", h.mounts);
}

template <class J, detail::if_json<J> = 0>
void from_json(const J& j, ContainerConfig& c) {
    detail::read_field(j, "Image", c.image);
    detail::read_field(j, "Cmd", c.cmd);
    detail::read_field(j, "Entrypoint", c.entrypoint);
    detail::read_field(j, "Env", c.env);
    detail::read_field(j, "Labels", c.labels);
    detail::read_field(j, "WorkingDir", c.working_dir);
    detail::read_field(j, "User", c.user);
    detail::read_field(j, "Hostname", c.hostname);
    detail::read_field(j, "Domainname", c.domainname);
    detail::read_field(j, "Tty", c.tty);
    detail::read_field(j, "OpenStdin", c.open_stdin);
    detail::read_field(j, "StdinOnce", c.stdin_once);
    detail::read_field(j, "AttachStdin", c.attach_stdin);
    detail::read_field(j, "AttachStdout", c.attach_stdout);
    detail::read_field(j, "AttachStderr", c.attach_stderr);
    c.exposed_ports = detail::json_set_keys(j, "ExposedPorts");
    c.volumes = detail::json_set_keys(j, "Volumes");
    detail::read_field(j, "NetworkDisabled", c.network_disabled);
    detail::read_field(j, "StopSignal", c.stop_signal);
    detail::read_field(j, "StopTimeout", c.stop_timeout);
    detail::read_field(j, "Shell", c.shell);
}

/// The answer of POST /containers/create.
struct ContainerCreateResponse {
    /// JSON `Id`: ID of the new container.
    std::string id;
    /// JSON `Warnings`: what the daemon warned about while creating it.
    std::vector<std::string> warnings;
};

template <class J, detail::if_json<J> = 0>
void from_json(const J& j, ContainerCreateResponse& r) {
    detail::read_field(j, "Id", r.id);
    detail::read_field(j, "Warnings", r.warnings);
}

/// A port of a container as GET /containers/json lists it.
struct ContainerPort {
    /// JSON `IP`: host address the port is published on; empty when not published.
    std::string ip;
    /// JSON `PrivatePort`: port inside the container.
    int private_port = 0;
    /// JSON `PublicPort`: port on the host; 0 when not published.
    int public_port = 0;
    /// JSON `Type`: "tcp", "udp" or "sctp".
    std::string type;
};

template <class J, detail::if_json<J> = 0>
void from_json(const J& j, ContainerPort& p) {
    detail::read_field(j, "IP", p.ip);
    detail::read_field(j, "PrivatePort", p.private_port);
    detail::read_field(j, "PublicPort", p.public_port);
    detail::read_field(j, "Type", p.type);
}

/// One entry of GET /containers/json (the spec's ContainerSummary).
struct ContainerSummary {
    /// JSON `Id`: full container ID.
    std::string id;
    /// JSON `Names`: names with the leading '/' ("/web").
    std::vector<std::string> names;
    /// JSON `Image`: image as given at create (name or ID).
    std::string image;
    /// JSON `ImageID`: ID of the image ("sha256:...").
    std::string image_id;
    /// JSON `Command`: the command line, joined into one string.
    std::string command;
    /// JSON `Created`: creation time in seconds since the Unix epoch.
    std::int64_t created = 0;
    /// JSON `Ports`: exposed and published ports.
    std::vector<ContainerPort> ports;
    /// JSON `Labels`.
    std::map<std::string, std::string> labels;
    /// JSON `State`: "created", "running", "paused", "restarting", "exited", "dead", ...
    std::string state;
    /// JSON `Status`: the human-readable status ("Up 2 seconds", "Exited (0) 1 second ago").
    std::string status;
    /// The whole entry as received, for keys this struct does not name.
    json raw;
};

template <class J, detail::if_json<J> = 0>
void from_json(const J& j, ContainerSummary& s) {
    detail::read_field(j, "Id", s.id);
    detail::read_field(j, "Names", s.names);
    detail::read_field(j, "Image", s.image);
    detail::read_field(j, "ImageID", s.image_id);
    detail::read_field(j, "Command", s.command);
    detail::read_field(j, "Created", s.created);
    detail::read_field(j, "Ports", s.ports);
    detail::read_field(j, "Labels", s.labels);
    detail::read_field(j, "State", s.state);
    detail::read_field(j, "Status", s.status);
    s.raw = j;
}

/// The run state of a container (ContainerInspect.state, JSON `State`).
struct ContainerState {
    /// JSON `Status`: "created", "running", "paused", "restarting", "removing", "exited" or "dead".
    std::string status;
    /// JSON `Running`: true also while paused.
    bool running = false;
    /// JSON `Paused`.
    bool paused = false;
    /// JSON `Restarting`: the restart policy is restarting it.
    bool restarting = false;
    /// JSON `OOMKilled`: the last run was killed for running out of memory.
    bool oom_killed = false;
    /// JSON `Dead`: a removal failed part-way; the container cannot run again.
    bool dead = false;
    /// JSON `Pid`: host PID of the main process; 0 when not running.
    std::int64_t pid = 0;
    /// JSON `ExitCode`: exit code of the last run.
    std::int64_t exit_code = 0;
    /// JSON `Error`: why the last start failed, if it did.
    std::string error;
    /// JSON `StartedAt`: RFC 3339 time of the last start ("0001-01-01T00:00:00Z" if never).
    std::string started_at;
    /// JSON `FinishedAt`: RFC 3339 time the last run ended ("0001-01-01T00:00:00Z" if never).
    std::string finished_at;
};

template <class J, detail::if_json<J> = 0>
void from_json(const J& j, ContainerState& s) {
    detail::read_field(j, "Status", s.status);
    detail::read_field(j, "Running", s.running);
    detail::read_field(j, "Paused", s.paused);
    detail::read_field(j, "Restarting", s.restarting);
    detail::read_field(j, "OOMKilled", s.oom_killed);
    detail::read_field(j, "Dead", s.dead);
    detail::read_field(j, "Pid", s.pid);
    detail::read_field(j, "ExitCode", s.exit_code);
    detail::read_field(j, "Error", s.error);
    detail::read_field(j, "StartedAt", s.started_at);
    detail::read_field(j, "FinishedAt", s.finished_at);
}

/// The answer of GET /containers/{id}/json (the spec's ContainerInspectResponse).
struct ContainerInspect {
    /// JSON `Id`: full container ID.
    std::string id;
    /// JSON `Name`: name with the leading '/' ("/web").
    std::string name;
    /// JSON `Created`: RFC 3339 creation time.
    std::string created;
    /// JSON `Path`: the program the main process runs.
    std::string path;
    /// JSON `Args`: its arguments.
    std::vector<std::string> args;
    /// JSON `State`.
    ContainerState state;
    /// JSON `Image`: ID of the image ("sha256:...").
    std::string image;
    /// JSON `RestartCount`: restarts done by the restart policy.
    std::int64_t restart_count = 0;
    /// JSON `Driver`: storage driver ("overlay2", ...).
    std::string driver;
    /// JSON `Platform`: operating system ("linux").
    std::string platform;
    /// JSON `LogPath`: host path of the log file (json-file driver); empty when the driver keeps none there.
    std::string log_path;
    /// JSON `Config`: the configuration it was created with, merged with the image's.
    ContainerConfig config;
    /// JSON `HostConfig`.
    HostConfig host_config;
    /// JSON `NetworkSettings`: addresses and ports on each network.
    model::NetworkSettings network_settings;
    /// JSON `Mounts`: what is mounted, as resolved by the daemon.
    std::vector<model::MountPoint> mounts;
    /// The whole answer as received, for keys this struct does not name.
    json raw;
};

template <class J, detail::if_json<J> = 0>
void from_json(const J& j, ContainerInspect& i) {
    detail::read_field(j, "Id", i.id);
    detail::read_field(j, "Name", i.name);
    detail::read_field(j, "Created", i.created);
    detail::read_field(j, "Path", i.path);
    detail::read_field(j, "Args", i.args);
    detail::read_field(j, "State", i.state);
    detail::read_field(j, "Image", i.image);
    detail::read_field(j, "RestartCount", i.restart_count);
    detail::read_field(j, "Driver", i.driver);
    detail::read_field(j, "Platform", i.platform);
    detail::read_field(j, "LogPath", i.log_path);
    detail::read_field(j, "Config", i.config);
    detail::read_field(j, "HostConfig", i.host_config);
    detail::read_field(j, "NetworkSettings", i.network_settings);
    detail::read_field(j, "Mounts", i.mounts);
    i.raw = j;
}

/// The answer of POST /containers/{id}/wait.
struct ContainerWaitResponse {
    /// JSON `StatusCode`: exit code of the container.
    std::int64_t status_code = 0;
    /// JSON `Error.Message`: why waiting failed; empty when it did not.
    std::string error;
};

template <class J, detail::if_json<J> = 0>
void from_json(const J& j, ContainerWaitResponse& w) {
    detail::read_field(j, "StatusCode", w.status_code);
    if (auto e = j.find("Error"); e != j.end() && e->is_object()) detail::read_field(*e, "Message", w.error);
}

}  // namespace docker
