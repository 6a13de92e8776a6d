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

/// The body of POST /containers/{id}/exec: a command to run in a running container.
struct ExecConfig {
    /// JSON `Cmd`: required: the command and its arguments.
    std::vector<std::string> cmd;
    /// JSON `AttachStdin`: the started exec reads stdin from the connection.
    bool attach_stdin = false;
    /// JSON `AttachStdout`: its stdout comes back on the connection.
    bool attach_stdout = false;
    /// JSON `AttachStderr`: its stderr comes back on the connection.
    bool attach_stderr = false;
    /// JSON `DetachKeys`: key sequence that detaches ("ctrl-p,ctrl-q"); only a TTY session looks for it.
    std::string detach_keys;
    /// JSON `Tty`: allocate a pseudo-terminal (output is then one raw stream, not multiplexed).
    bool tty = false;
    /// JSON `Env`: "KEY=value" entries added to the container's environment.
    std::vector<std::string> env;
    /// JSON `Privileged`: run with extended privileges.
    bool privileged = false;
    /// JSON `User`: "user", "user:group", "uid" or "uid:gid"; empty: the container's user.
    std::string user;
    /// JSON `WorkingDir`: empty: the container's working directory.
    std::string working_dir;
    /// JSON `ConsoleSize`: initial TTY size as {height, width} in characters; API 1.42 and newer.
    std::optional<std::array<std::uint32_t, 2>> console_size;
    /// Other keys, merged into the request as given.
    json extra;
};

template <class J, detail::if_json<J> = 0>
void to_json(J& j, const ExecConfig& c) {
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

/// The answer of POST /containers/{id}/exec (the spec's IdResponse).
struct ExecCreateResponse {
    /// JSON `Id`: ID of the new exec instance, for start, resize and inspect.
    std::string id;
};

template <class J, detail::if_json<J> = 0>
void from_json(const J& j, ExecCreateResponse& r) { detail::read_field(j, "Id", r.id); }

/// The process an exec runs (ExecInspect.process_config).
struct ProcessConfig {
    /// JSON `privileged`.
    bool privileged = false;
    /// JSON `user`: user it runs as; empty: the container's.
    std::string user;
    /// JSON `tty`: it has a pseudo-terminal.
    bool tty = false;
    /// JSON `entrypoint`: the program (the first word of ExecConfig.cmd).
    std::string entrypoint;
    /// JSON `arguments`: its arguments.
    std::vector<std::string> arguments;
};

template <class J, detail::if_json<J> = 0>
void from_json(const J& j, ProcessConfig& p) {
    detail::read_field(j, "privileged", p.privileged);
    detail::read_field(j, "user", p.user);
    detail::read_field(j, "tty", p.tty);
    detail::read_field(j, "entrypoint", p.entrypoint);
    detail::read_field(j, "arguments", p.arguments);
}

/// The answer of GET /exec/{id}/json (the spec's ExecInspectResponse).
struct ExecInspect {
    /// JSON `ID`: ID of the exec instance.
    std::string id;
    /// JSON `ContainerID`: the container it runs in.
    std::string container_id;
    /// JSON `Running`: the process has started and not ended.
    bool running = false;
    /// JSON `ExitCode`: unset until the process has ended (the daemon sends null while it runs and for a
    /// short moment after its output ended; Podman sends 0 while it runs, read as unset too).
    std::optional<std::int64_t> exit_code;
    /// JSON `Pid`: host PID of the process; 0 before the start.
    std::int64_t pid = 0;
    /// JSON `OpenStdin`: stdin is attached.
    bool open_stdin = false;
    /// JSON `OpenStdout`: stdout is attached.
    bool open_stdout = false;
    /// JSON `OpenStderr`: stderr is attached.
    bool open_stderr = false;
    /// JSON `CanRemove`, as the daemon reports it.
    bool can_remove = false;
    /// JSON `DetachKeys`: the key sequence that detaches.
    std::string detach_keys;
    /// JSON `ProcessConfig`: what it runs.
    ProcessConfig process_config;
    /// The whole answer as received, for keys this struct does not name.
    json raw;
};

template <class J, detail::if_json<J> = 0>
void from_json(const J& j, ExecInspect& i) {
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
