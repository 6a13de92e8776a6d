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

struct PortBinding {
    std::string host_ip;
    std::string host_port;
};

struct RestartPolicy {
    std::string name;  // "", "no", "always", "unless-stopped", "on-failure"
    int maximum_retry_count = 0;
};

struct LogConfig {
    std::string type;
    std::map<std::string, std::string> config;
};

// A mount in HostConfig.Mounts.
struct Mount {
    std::string type = "volume";  // bind, volume, tmpfs, npipe
    std::string source;
    std::string target;
    bool read_only = false;
};

struct HostConfig {
    std::vector<std::string> binds;  // "host-path:container-path[:ro]"
    std::string network_mode;        // "bridge", "host", "none", "container:<id>", a network name
    std::map<std::string, std::vector<PortBinding>> port_bindings;  // "80/tcp" → bindings
    std::optional<RestartPolicy> restart_policy;
    bool auto_remove = false;
    std::vector<std::string> volumes_from;
    std::vector<std::string> cap_add;
    std::vector<std::string> cap_drop;
    std::vector<std::string> dns;
    std::vector<std::string> extra_hosts;
    bool privileged = false;
    bool publish_all_ports = false;
    bool readonly_rootfs = false;
    std::vector<std::string> security_opt;
    std::map<std::string, std::string> tmpfs;
    std::optional<std::int64_t> memory;       // bytes
    std::optional<std::int64_t> memory_swap;  // bytes; -1 unlimited
    std::optional<std::int64_t> nano_cpus;
    std::optional<std::int64_t> cpu_shares;
    std::optional<std::int64_t> pids_limit;
    std::optional<std::int64_t> shm_size;
    std::optional<bool> init;
    std::optional<LogConfig> log_config;
    std::vector<Mount> mounts;
    json extra;  // any other HostConfig keys, sent as given
};

struct ContainerConfig {
    std::string image;
    std::vector<std::string> cmd;
    std::vector<std::string> entrypoint;
    std::vector<std::string> env;  // "KEY=value"
    std::map<std::string, std::string> labels;
    std::string working_dir;
    std::string user;
    std::string hostname;
    std::string domainname;
    bool tty = false;
    bool open_stdin = false;
    bool stdin_once = false;
    bool attach_stdin = false;
    bool attach_stdout = false;
    bool attach_stderr = false;
    std::vector<std::string> exposed_ports;  // "80/tcp"
    std::vector<std::string> volumes;        // anonymous volume paths
    bool network_disabled = false;
    std::string stop_signal;
    std::optional<int> stop_timeout;
    std::vector<std::string> shell;
    // A plain member, sent only when something in it is set: `config.host_config.memory = n`
    // needs nothing created first.
    HostConfig host_config;
    json networking_config;  // NetworkingConfig, sent as given
    json extra;              // any other Config keys (Healthcheck, ...), sent as given
};

// ---- request serialisation -------------------------------------------------------

inline void to_json(json& j, const PortBinding& b) {
    j = json::object();
    detail::write_field(j, "HostIp", b.host_ip);
    detail::write_field(j, "HostPort", b.host_port);
}

inline void to_json(json& j, const RestartPolicy& r) {
    j = json{{"Name", r.name}};
    if (r.maximum_retry_count != 0) j["MaximumRetryCount"] = r.maximum_retry_count;
}

inline void to_json(json& j, const LogConfig& c) {
    j = json{{"Type", c.type}};
    if (!c.config.empty()) j["Config"] = c.config;
}

inline void to_json(json& j, const Mount& m) {
    j = json{{"Type", m.type}, {"Target", m.target}};
    detail::write_field(j, "Source", m.source);
    detail::write_flag(j, "ReadOnly", m.read_only);
}

inline void to_json(json& j, const HostConfig& h) {
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

inline void to_json(json& j, const ContainerConfig& c) {
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
    if (json host = c.host_config; !host.empty()) j["HostConfig"] = std::move(host);
    if (!c.networking_config.is_null()) j["NetworkingConfig"] = c.networking_config;
    detail::merge_extra(j, c.extra);
}

// ---- response parsing ------------------------------------------------------------

inline void from_json(const json& j, PortBinding& b) {
    detail::read_field(j, "HostIp", b.host_ip);
    detail::read_field(j, "HostPort", b.host_port);
}

inline void from_json(const json& j, RestartPolicy& r) {
    detail::read_field(j, "Name", r.name);
    detail::read_field(j, "MaximumRetryCount", r.maximum_retry_count);
}

inline void from_json(const json& j, LogConfig& c) {
    detail::read_field(j, "Type", c.type);
    detail::read_field(j, "Config", c.config);
}

inline void from_json(const json& j, Mount& m) {
    detail::read_field(j, "Type", m.type);
    detail::read_field(j, "Source", m.source);
    detail::read_field(j, "Target", m.target);
    detail::read_field(j, "ReadOnly", m.read_only);
}

inline void from_json(const json& j, HostConfig& h) {
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

inline void from_json(const json& j, ContainerConfig& c) {
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

// POST /containers/create answer.
struct ContainerCreateResponse {
    std::string id;
    std::vector<std::string> warnings;
};

inline void from_json(const json& j, ContainerCreateResponse& r) {
    detail::read_field(j, "Id", r.id);
    detail::read_field(j, "Warnings", r.warnings);
}

struct ContainerPort {
    std::string ip;
    int private_port = 0;
    int public_port = 0;
    std::string type;
};

inline void from_json(const json& j, ContainerPort& p) {
    detail::read_field(j, "IP", p.ip);
    detail::read_field(j, "PrivatePort", p.private_port);
    detail::read_field(j, "PublicPort", p.public_port);
    detail::read_field(j, "Type", p.type);
}

// GET /containers/json entry (ContainerSummary).
struct ContainerSummary {
    std::string id;
    std::vector<std::string> names;  // with the leading '/'
    std::string image;
    std::string image_id;
    std::string command;
    std::int64_t created = 0;
    std::vector<ContainerPort> ports;
    std::map<std::string, std::string> labels;
    std::string state;   // "created", "running", "exited", ...
    std::string status;  // "Up 2 seconds", "Exited (0) 1 second ago"
    json raw;
};

inline void from_json(const json& j, ContainerSummary& s) {
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

struct ContainerState {
    std::string status;  // "created", "running", "paused", "restarting", "removing", "exited", "dead"
    bool running = false;
    bool paused = false;
    bool restarting = false;
    bool oom_killed = false;
    bool dead = false;
    std::int64_t pid = 0;
    std::int64_t exit_code = 0;
    std::string error;
    std::string started_at;
    std::string finished_at;
};

inline void from_json(const json& j, ContainerState& s) {
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

// GET /containers/{id}/json (ContainerInspectResponse).
struct ContainerInspect {
    std::string id;
    std::string name;  // with the leading '/'
    std::string created;
    std::string path;
    std::vector<std::string> args;
    ContainerState state;
    std::string image;  // image ID
    std::int64_t restart_count = 0;
    std::string driver;
    std::string platform;
    std::string log_path;
    ContainerConfig config;
    HostConfig host_config;
    model::NetworkSettings network_settings;
    std::vector<model::MountPoint> mounts;
    json raw;
};

inline void from_json(const json& j, ContainerInspect& i) {
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

// POST /containers/{id}/wait answer.
struct ContainerWaitResponse {
    std::int64_t status_code = 0;
    std::string error;  // Error.Message
};

inline void from_json(const json& j, ContainerWaitResponse& w) {
    detail::read_field(j, "StatusCode", w.status_code);
    if (auto e = j.find("Error"); e != j.end() && e->is_object()) detail::read_field(*e, "Message", w.error);
}

}  // namespace docker
