#pragma once
/// @file
/// The exec group: create, start (attached over a hijacked connection, or detached),
/// inspect, resize; and run(), which does all of it and collects the output.

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <exception>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "docker/client.hpp"
#include "docker/models/exec.hpp"
#include "docker/stream/attached_stream.hpp"
#include "docker/stream/log_frames.hpp"

namespace docker {

namespace detail {

// A terminal in canonical mode reads ^D as end-of-file only at the start of a line; after
// a partial line the first ^D just hands that line over, so a second one is needed.
inline std::string tty_end_of_input(const std::string& input) {
    return input.empty() || input.back() == '\n' ? std::string("\x04") : std::string("\x04\x04");
}

// Ends a thread that uses an AttachedStream: cancel() wakes it if it is blocked on the
// connection, then it is joined.
struct CancelAndJoin {
    AttachedStream& stream;
    std::thread& thread;
    ~CancelAndJoin() {
        if (!thread.joinable()) return;
        stream.cancel();
        thread.join();
    }
};

}  // namespace detail

/// What run() does besides running the command.
struct ExecRunOptions {
    /// Written to the process's stdin, which is then closed. Unset: stdin is not attached.
    /// With a TTY the input passes the terminal: it is echoed into `out`, the detach keys
    /// (ctrl-p ctrl-q by default) end the session, and its end is sent as ^D, which only a
    /// terminal in its default (canonical) mode reads as end-of-file.
    std::optional<std::string> input;
    bool tty = false;  ///< one raw output, all in `out`
    std::vector<std::string> env;  ///< "KEY=value"
    std::string user;         ///< "user", "user:group" or a UID; empty: the container's
    std::string working_dir;  ///< absolute path; empty: the container's
    bool privileged = false;  ///< extended privileges for the process
    /// Longest wait for output, or for the daemon to take input; unset: none.
    std::optional<Timeout> timeout;
    /// Longest wait, once the output ended, for the daemon to report the exit code.
    Timeout exit_code_wait = std::chrono::seconds(10);
};

/// How ExecApi::start() attaches to an exec (POST /exec/{id}/start, attached).
struct ExecStartOptions {
    bool tty = false;  ///< must match the exec's config: raw output with a TTY, multiplexed without
    /// Longest silence of the output; unset: none, as an exec may run as long as it likes.
    std::optional<Timeout> timeout;
};

/// What run() collected.
struct ExecResult {
    std::string id;  ///< the exec instance
    std::int64_t exit_code = 0;  ///< the process's exit status
    std::string out;             ///< everything it wrote to stdout (everything at all with a TTY)
    std::string err;             ///< everything it wrote to stderr
};

// A class template only so that a program compiles the calls it makes: the bodies of the
// others are never instantiated. Always named through its alias, ExecApi.
/// The exec calls, reached as client.exec(): run further processes in a running container.
/// A missing exec instance is NotFound; an empty id is a UsageError before anything is sent.
template <class Lazy>
class BasicExecApi {
public:
    /// Calls go through `client`, which must outlive this object.
    explicit BasicExecApi(Client& client) : client_(&client) {}

    /// POST /containers/{id}/exec: sets up (does not start) a process in `container` and
    /// returns the exec instance's ID. A missing container is NotFound; a stopped or paused
    /// one is a Conflict; an empty container or command is a UsageError.
    // operationId: ContainerExec
    ExecCreateResponse create(const std::string& container, const ExecConfig& config) {
        if (container.empty()) throw UsageError("container id or name is empty");
        if (config.cmd.empty()) throw UsageError("exec needs a command");
        return detail::parse_model<ExecCreateResponse>(
            client_->post("/containers/" + http::encode_path_segment(container) + "/exec", detail::as_json(config)).body,
            "exec create");
    }

    /// POST /exec/{id}/start {"Detach": true}: returns once the process started.
    // operationId: ExecStart
    void start_detached(const std::string& id) { client_->post(path(id, "/start"), json{{"Detach", true}}); }

    /// POST /exec/{id}/start {"Detach": false, "Tty": tty} over a hijacked connection: the
    /// process's output and stdin. `tty` must match the exec's config; it decides the framing
    /// (multiplexed without a TTY, raw with one). `timeout` bounds the silences of the
    /// output; unset: none, as an exec may run as long as it likes.
    // operationId: ExecStart
    AttachedStream start(const std::string& id, const ExecStartOptions& options, const CallOptions& call = {}) {
        return start(id, options.tty, options.timeout, call);
    }
    /// The same with positional arguments (kept for existing callers; the options read better).
    AttachedStream start(const std::string& id, bool tty = false, std::optional<Timeout> timeout = {},
                         const CallOptions& call = {}) {
        http::Request request = Client::make_request("POST", path(id, "/start"));
        request.body = json{{"Detach", false}, {"Tty", tty}}.dump();
        request.headers.set("Content-Type", "application/json");
        UpgradedConnection upgraded = client_->upgrade(std::move(request), call);
        AttachedStream attached(std::move(upgraded.stream), std::move(upgraded.early_bytes), !tty,
                                timeout.value_or(no_timeout));
        attached.watch(std::move(upgraded.cancel), upgraded.deadline);
        return attached;
    }

    /// GET /exec/{id}/json: whether the process runs, its exit code once ended, its PID and
    /// configuration.
    // operationId: ExecInspect
    ExecInspect inspect(const std::string& id) {
        return detail::parse_model<ExecInspect>(client_->get(path(id, "/json")).body, "exec inspect");
    }

    /// POST /exec/{id}/resize?h=&w=: the TTY of an exec started with one.
    // operationId: ExecResize
    void resize(const std::string& id, int height, int width) {
        http::Query q;
        q.add("h", height);
        q.add("w", width);
        client_->post(path(id, "/resize") + q.str());
    }

    /// Waits for a started exec to end and returns its exit code. The daemon records the code
    /// a moment after the output ends, so this polls GET /exec/{id}/json, for at most `limit`;
    /// then it throws docker::Error.
    std::int64_t wait_exit_code(const std::string& id, Timeout limit = std::chrono::seconds(10)) {
        using clock = std::chrono::steady_clock;
        const auto deadline = clock::now() + limit;
        std::chrono::milliseconds pause(5);
        for (;;) {
            ExecInspect info = inspect(id);
            if (!info.running && info.exit_code) return *info.exit_code;
            auto now = clock::now();
            if (now >= deadline)
                throw Error("exec " + id + " has not reported an exit code after " + std::to_string(limit.count()) +
                            " ms");
            std::this_thread::sleep_for(std::min<clock::duration>(pause, deadline - now));
            pause = std::min(pause * 2, std::chrono::milliseconds(200));
        }
    }

    /// Runs `cmd` in a running container: creates the exec, starts it attached, feeds it the
    /// input (then closes its stdin), collects stdout and stderr apart, and returns them with
    /// the exit code. Input is written by a second thread while the output is read, so a
    /// process that answers as it reads (cat) cannot dead-lock against us.
    ExecResult run(const std::string& container, std::vector<std::string> cmd, const ExecRunOptions& options = {}) {
        ExecConfig config;
        config.cmd = std::move(cmd);
        config.attach_stdin = options.input.has_value();
        config.attach_stdout = true;
        config.attach_stderr = true;
        config.tty = options.tty;
        config.env = options.env;
        config.user = options.user;
        config.working_dir = options.working_dir;
        config.privileged = options.privileged;

        ExecResult result;
        result.id = create(container, config).id;
        AttachedStream stream = start(result.id, options.tty, options.timeout);
        if (options.timeout) stream.set_write_timeout(*options.timeout);

        std::exception_ptr write_failure;
        std::atomic<bool> writer_done{false};
        std::thread writer;
        if (options.input) {
            writer = std::thread([&stream, &options, &write_failure, &writer_done] {
                try {
                    stream.write(*options.input);
                    if (options.tty) {
                        stream.write(detail::tty_end_of_input(*options.input));
                    } else {
                        stream.close_stdin();
                    }
                } catch (const TimeoutError&) {
                    write_failure = std::current_exception();
                    stream.cancel();  // else the reader may wait for output that never comes
                } catch (const ConnectionError&) {
                    // The process ended before reading all its input. As in a shell pipeline,
                    // that is no error of ours: its output and exit code tell what happened.
                } catch (...) {
                    write_failure = std::current_exception();
                    stream.cancel();
                }
                writer_done = true;
            });
        }
        // Whatever throws below, the writer is woken (if blocked) and joined before the
        // stream it uses goes away.
        detail::CancelAndJoin stop_writer{stream, writer};

        LogFrame frame;
        while (stream.next(frame)) (frame.is_stderr() ? result.err : result.out) += frame.data;
        if (writer.joinable()) {
            // The output ended, but input may be left. Once the process has ended, the rest
            // can never be delivered, and the daemon stops taking it without closing the
            // connection (dockerd 20.10 holds it for about 100 s): cut it then. A process
            // that only closed its output and still reads gets the rest.
            std::chrono::milliseconds pause(5);
            while (!writer_done) {
                if (!inspect(result.id).running) {
                    stream.cancel();
                    break;
                }
                std::this_thread::sleep_for(pause);
                pause = std::min(pause * 2, std::chrono::milliseconds(200));
            }
            writer.join();
        }
        if (write_failure) std::rethrow_exception(write_failure);
        stream.close();

        result.exit_code = wait_exit_code(result.id, options.exit_code_wait);
        return result;
    }

private:
    static std::string path(const std::string& id, const char* suffix) {
        if (id.empty()) throw UsageError("exec id is empty");
        return "/exec/" + http::encode_path_segment(id) + suffix;
    }

    Client* client_;
};
DOCKER_CPP_COMPILED_ELSEWHERE(BasicExecApi)

inline ExecApi Client::exec() { return ExecApi(*this); }

}  // namespace docker
