#pragma once
// Models of the exec group: the create configuration (ExecConfig), and what create and
// inspect answer.
//
// Request fields follow models/containers.hpp: an empty string, an empty container, an
// unset optional or a false flag is not sent, so the daemon applies its own default.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "docker/models/json_fields.hpp"

namespace docker {

// POST /containers/{id}/exec body.
struct ExecConfig {
    std::vector<std::string> cmd;  // required: the command and its arguments
    bool attach_stdin = false;
    bool attach_stdout = false;
    bool attach_stderr = false;
    std::string detach_keys;  // e.g. "ctrl-p,ctrl-q"; only a TTY session looks for them
    bool tty = false;
    std::vector<std::string> env;  // "KEY=value", added to the container's
    bool privileged = false;
    std::string user;         // "user", "user:group", "uid" or "uid:gid"
    std::string working_dir;  // default: the container's
    std::optional<std::array<std::uint32_t, 2>> console_size;  // {height, width}; API >= 1.42
    json extra;  // any other keys, sent as given
};

inline void to_json(json& j, const ExecConfig& c) {
    j = json::object();
    detail::write_flag(j, "AttachStdin", c.attach_stdin);
    detail::write_flag(j, "AttachStdout", c.attach_stdout);
    detail::write_flag(j, "AttachStderr", c.attach_stderr);
    detail::write_field(j, "DetachKeys", c.detach_keys);
    detail::write_flag(j, "Tty", c.tty);
    detail::write_field(j, "Env", c.env);
    detail::write_field(j, "Cmd", c.cmd);
    detail::write_flag(j, "Privileged", c.privileged);
    detail::write_field(j, "User", c.user);
    detail::write_field(j, "WorkingDir", c.working_dir);
    detail::write_field(j, "ConsoleSize", c.console_size);
    detail::merge_extra(j, c.extra);
}

// POST /containers/{id}/exec answer (IdResponse).
struct ExecCreateResponse {
    std::string id;
};

inline void from_json(const json& j, ExecCreateResponse& r) { detail::read_field(j, "Id", r.id); }

// ExecInspect's ProcessConfig: what the daemon runs.
struct ProcessConfig {
    bool privileged = false;
    std::string user;
    bool tty = false;
    std::string entrypoint;              // the command
    std::vector<std::string> arguments;  // its arguments
};

inline void from_json(const json& j, ProcessConfig& p) {
    detail::read_field(j, "privileged", p.privileged);
    detail::read_field(j, "user", p.user);
    detail::read_field(j, "tty", p.tty);
    detail::read_field(j, "entrypoint", p.entrypoint);
    detail::read_field(j, "arguments", p.arguments);
}

// GET /exec/{id}/json (ExecInspectResponse).
struct ExecInspect {
    std::string id;
    std::string container_id;
    bool running = false;
    // Unset until the process has ended (the daemon sends null while it runs, and for a
    // short moment after its output ended).
    std::optional<std::int64_t> exit_code;
    std::int64_t pid = 0;  // on the host; 0 before the start
    bool open_stdin = false;
    bool open_stdout = false;
    bool open_stderr = false;
    bool can_remove = false;
    std::string detach_keys;
    ProcessConfig process_config;
    json raw;
};

inline void from_json(const json& j, ExecInspect& i) {
    detail::read_field(j, "ID", i.id);
    detail::read_field(j, "ContainerID", i.container_id);
    detail::read_field(j, "Running", i.running);
    detail::read_field(j, "ExitCode", i.exit_code);
    // Podman answers ExitCode 0 while the process runs; no exit code is known yet.
    if (i.running) i.exit_code.reset();
    detail::read_field(j, "Pid", i.pid);
    detail::read_field(j, "OpenStdin", i.open_stdin);
    detail::read_field(j, "OpenStdout", i.open_stdout);
    detail::read_field(j, "OpenStderr", i.open_stderr);
    detail::read_field(j, "CanRemove", i.can_remove);
    detail::read_field(j, "DetachKeys", i.detach_keys);
    detail::read_field(j, "ProcessConfig", i.process_config);
    i.raw = j;
}

}  // namespace docker
