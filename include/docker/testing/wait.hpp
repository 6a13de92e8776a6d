#pragma once
// Wait strategies: when is a started container ready? Each strategy is checked in rounds
// until it is met, under one overall deadline for the whole wait (composites included).
// A container that exits while waited on fails the wait at once (unless the strategy
// waits for that exit); every failure is a WaitError that names the strategy, the time
// waited, the container's state and the last 50 lines of its log.
//
//   wait::for_log("Ready to accept connections")           regex, counted from the start
//   wait::for_port("6379")                                 TCP connect from this process
//   wait::for_port_inside("6379")                          checked inside the container
//   wait::for_http("/health", "8080")                      HTTP status
//   wait::for_https("/health", "8443")                     HTTPS status, certificate not checked
//   wait::for_http("/health", "8443", HttpWaitOptions().with_tls(tls))   HTTPS, checked per `tls`
//   wait::for_healthy()                                    Docker HEALTHCHECK
//   wait::for_exec({"pg_isready"})                         a command exits 0
//   wait::for_exit(0)                                      a one-shot container's exit code
//   wait::all_of({...}), wait::any_of({...})

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "docker/api/containers.hpp"
#include "docker/api/exec.hpp"
#include "docker/client.hpp"
#include "docker/detail/compiled_mode.hpp"
#include "docker/http/connection.hpp"
#include "docker/transport/connector.hpp"
#include "docker/transport/transport_options.hpp"
#include "docker/testing/ports.hpp"

namespace docker::testing {

/// The clock waits are measured on (monotonic).
using Clock = std::chrono::steady_clock;

/// A wait that did not end with the container ready.
class WaitError : public Error {
public:
    /// `reason` says why the wait failed; the message adds the strategy, the time waited,
    /// the container's state and its log tail.
    DOCKER_CPP_INLINE WaitError(const std::string& reason, std::string strategy, Clock::duration waited,
                                ContainerState state, std::string logs_tail);

    /// Description of the strategy that was waited for ("log line /Ready/", "port 6379", ...).
    const std::string& strategy() const noexcept { return strategy_; }
    /// How long the wait lasted.
    Clock::duration waited() const noexcept { return waited_; }
    /// The container's state as last inspected.
    const ContainerState& state() const noexcept { return state_; }
    /// The last lines (up to 50) of the container's log; empty when it logged nothing.
    const std::string& logs_tail() const noexcept { return logs_tail_; }

private:
    DOCKER_CPP_INLINE static std::string describe(const std::string& reason, const std::string& strategy,
                                                  Clock::duration waited, const ContainerState& state,
                                                  const std::string& logs);

    std::string strategy_;
    Clock::duration waited_;
    ContainerState state_;
    std::string logs_tail_;
};

#if DOCKER_CPP_BODIES
DOCKER_CPP_INLINE WaitError::WaitError(const std::string& reason, std::string strategy, Clock::duration waited,
                                        ContainerState state, std::string logs_tail)
    : Error(describe(reason, strategy, waited, state, logs_tail)),
      strategy_(std::move(strategy)),
      waited_(waited),
      state_(std::move(state)),
      logs_tail_(std::move(logs_tail)) {}

DOCKER_CPP_INLINE std::string WaitError::describe(const std::string& reason, const std::string& strategy,
                                                  Clock::duration waited, const ContainerState& state,
                                                  const std::string& logs) {
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(waited).count();
    std::string text = "waiting for " + strategy + " failed after " + std::to_string(ms / 1000) + "." +
                       std::to_string(1000 + ms % 1000).substr(1) + " s: " + reason + "; container " +
                       (state.status.empty() ? "state unknown" : state.status);
    if (state.status == "exited" || state.status == "dead")
        text += " (exit code " + std::to_string(state.exit_code) + (state.oom_killed ? ", OOM-killed" : "") + ")";
    if (!state.error.empty()) text += " (" + state.error + ")";
    text += logs.empty() ? "; its log is empty" : "; last lines of its log:\n" + logs;
    return text;
}
#endif

/// The deadline passed first.
class WaitTimeoutError : public WaitError {
public:
    using WaitError::WaitError;
};

/// The container stopped (or was removed) while it was waited on.
class ContainerExitedError : public WaitError {
public:
    using WaitError::WaitError;
};

/// What a strategy sees in each round.
struct WaitContext {
    /// The client the wait runs on.
    Client& client;
    /// ID of the container waited on.
    std::string container_id;
    /// The container as inspected at the start of this round.
    ContainerInspect inspect;
    /// When the whole wait must be over.
    Clock::time_point deadline;

    /// Time left before the deadline, at least 1 ms (so it can bound a call).
    DOCKER_CPP_INLINE Timeout remaining() const;
    /// Whether the container was running at this round's inspect.
    bool running() const { return inspect.state.running; }
};

#if DOCKER_CPP_BODIES
DOCKER_CPP_INLINE Timeout WaitContext::remaining() const {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    return std::max(left, std::chrono::milliseconds(1));
}
#endif

/// One round's verdict.
struct WaitCheck {
    /// Not yet (check again next round), met, or never going to be met.
    enum class Result { waiting, ready, failed };
    /// The verdict.
    Result result = Result::waiting;
    /// Why it is not ready (yet); a failed wait's error quotes it.
    std::string detail;

    /// The strategy is met.
    static WaitCheck ready() { return {Result::ready, {}}; }
    /// Not met yet, because `why`; the wait goes on.
    static WaitCheck waiting(std::string why) { return {Result::waiting, std::move(why)}; }
    /// It cannot be met any more, because `why`; the wait ends with a WaitError.
    static WaitCheck failed(std::string why) { return {Result::failed, std::move(why)}; }
};

/// The state of one wait in progress (a log position, a last answer).
class WaitChecker {
public:
    virtual ~WaitChecker() = default;
    /// One round: look at the container (and whatever else) and give a verdict. Should not
    /// block past context.remaining().
    virtual WaitCheck check(WaitContext& context) = 0;
};

/// A description of readiness; copyable, and stateless until a wait starts.
class WaitStrategy {
public:
    /// Makes the checker of one wait, with fresh state.
    using Factory = std::function<std::unique_ptr<WaitChecker>()>;

    /// What an exited container means to the strategy.
    enum class OnExit {
        fails,    ///< the wait fails at once (a service that should keep running)
        awaited,  ///< the exit is what it waits for (for_exit, or a composite holding one)
    };

    /// A custom strategy: `description` names it in errors, `factory` makes its checker.
    WaitStrategy(std::string description, Factory factory, OnExit on_exit = OnExit::fails)
        : description_(std::move(description)), factory_(std::move(factory)), on_exit_(on_exit) {}

    /// What it waits for, in words, as errors quote it.
    const std::string& description() const noexcept { return description_; }
    /// Does an exited container still mean something to it (for_exit, or a composite holding one)?
    bool waits_for_exit() const noexcept { return on_exit_ == OnExit::awaited; }
    /// A checker for one new wait.
    std::unique_ptr<WaitChecker> start() const { return factory_(); }

private:
    std::string description_;
    Factory factory_;
    OnExit on_exit_;
};

namespace wait {

/// Which of the container's output streams for_log() searches.
enum class LogStreams { both, stdout_only, stderr_only };

/// How wait::for_http asks: the status it expects, and whether it speaks HTTPS.
struct HttpWaitOptions {
    int status = 200;  ///< the status the probe expects
    /// Set: HTTPS with these settings (TLS 1.2 or newer through the SDK's OpenSSL layer);
    /// unset: plain HTTP. Never a fallback from one to the other.
    std::optional<TlsOptions> tls;

    /// Expects `expected` instead of 200.
    HttpWaitOptions& with_status(int expected) {
        status = expected;
        return *this;
    }
    /// HTTPS without checking the server's certificate: a test service usually makes a
    /// self-signed one for itself, and a readiness probe is no trust decision (Testcontainers'
    /// HTTPS waits allow the same).
    DOCKER_CPP_INLINE HttpWaitOptions& with_tls();
    /// HTTPS with these settings: `verify` checks the certificate against `ca_file` (the
    /// system's CAs when empty) and the name `server_name` (else the address connected to,
    /// which is an IP: 127.0.0.1 or the container's); a client certificate if the service
    /// wants one.
    HttpWaitOptions& with_tls(TlsOptions settings) {
        tls = std::move(settings);
        return *this;
    }
};

#if DOCKER_CPP_BODIES
DOCKER_CPP_INLINE HttpWaitOptions& HttpWaitOptions::with_tls() {
    TlsOptions unchecked;
    unchecked.verify = false;
    tls = std::move(unchecked);
    return *this;
}
#endif

namespace detail {

// Counts the lines matching a pattern, scanning only what was not scanned before: a log
// only grows, so each round costs the new lines only.
class LineCounter {
public:
    explicit LineCounter(const std::regex* pattern) : pattern_(pattern) {}

    DOCKER_CPP_INLINE int count(const std::string& text);

private:
    const std::regex* pattern_;
    std::size_t scanned_ = 0;
    int complete_ = 0;
};

#if DOCKER_CPP_BODIES
DOCKER_CPP_INLINE int LineCounter::count(const std::string& text) {
    for (std::size_t end; (end = text.find('\n', scanned_)) != std::string::npos; scanned_ = end + 1)
        if (std::regex_search(text.begin() + static_cast<std::ptrdiff_t>(scanned_),
                              text.begin() + static_cast<std::ptrdiff_t>(end), *pattern_))
            ++complete_;
    bool partial = scanned_ < text.size() &&
                   std::regex_search(text.begin() + static_cast<std::ptrdiff_t>(scanned_), text.end(), *pattern_);
    return complete_ + (partial ? 1 : 0);
}
#endif

class LogChecker : public WaitChecker {
public:
    LogChecker(std::shared_ptr<const std::regex> pattern, int times, LogStreams streams)
        : pattern_(std::move(pattern)), times_(times), streams_(streams), out_(pattern_.get()), err_(pattern_.get()) {}

    DOCKER_CPP_INLINE WaitCheck check(WaitContext& context) override;

private:
    std::shared_ptr<const std::regex> pattern_;
    int times_;
    LogStreams streams_;
    LineCounter out_;
    LineCounter err_;
};

#if DOCKER_CPP_BODIES
DOCKER_CPP_INLINE WaitCheck LogChecker::check(WaitContext& context) {
    LogsOptions options;
    options.include_stdout = streams_ != LogStreams::stderr_only;
    options.include_stderr = streams_ != LogStreams::stdout_only;
    options.timeout = context.remaining();
    ContainerOutput output = context.client.containers().logs_text(context.container_id, options);
    int seen = out_.count(output.out) + err_.count(output.err);
    if (seen >= times_) return WaitCheck::ready();
    return WaitCheck::waiting("seen " + std::to_string(seen) + " of " + std::to_string(times_) + " matching lines");
}
#endif

// Connects to the address; nullopt on success, else why not. A published port is served
// by docker-proxy, which accepts every connection and closes it at once when nothing
// listens in the container: a connection closed within a short grace time counts as
// refused (a real server waits for its client to speak first, or sends a greeting).
DOCKER_CPP_INLINE std::optional<std::string> try_connect(const HostPort& address, Timeout limit);

#if DOCKER_CPP_BODIES
DOCKER_CPP_INLINE std::optional<std::string> try_connect(const HostPort& address, Timeout limit) {
    try {
        Endpoint endpoint;
        endpoint.kind = Endpoint::Kind::tcp;
        endpoint.host = address.host;
        endpoint.port = address.port;
        auto socket = transport::Socket::connect(endpoint, std::min<Timeout>(limit, std::chrono::seconds(2)));
        char byte;
        try {
            if (socket->read_some(&byte, 1, std::min<Timeout>(limit, std::chrono::milliseconds(150))) == 0)
                return std::string("the connection was closed at once (nothing listens behind the published port)");
        } catch (const TimeoutError&) {
            // Silence: someone accepted and waits for us.
        }
        return std::nullopt;
    } catch (const Error& e) {
        return std::string(e.what());
    }
}
#endif

class PortChecker : public WaitChecker {
public:
    explicit PortChecker(std::string port) : port_(std::move(port)) {}

    DOCKER_CPP_INLINE WaitCheck check(WaitContext& context) override;

private:
    std::string port_;
};

#if DOCKER_CPP_BODIES
DOCKER_CPP_INLINE WaitCheck PortChecker::check(WaitContext& context) {
    if (!context.running()) return WaitCheck::failed("the container is not running");
    auto address = testing::detail::reachable_address(context.client, context.inspect, port_);
    if (!address) return WaitCheck::failed("port " + port_ + " is neither published nor on a network with an address");
    if (auto error = try_connect(*address, context.remaining()))
        return WaitCheck::waiting("connecting to " + address->host + ":" + std::to_string(address->port) + ": " +
                                  *error);
    return WaitCheck::ready();
}
#endif

class PortInsideChecker : public WaitChecker {
public:
    explicit PortInsideChecker(int port) : port_(port) {}

    DOCKER_CPP_INLINE WaitCheck check(WaitContext& context) override;

private:
    int port_;
};

#if DOCKER_CPP_BODIES
DOCKER_CPP_INLINE WaitCheck PortInsideChecker::check(WaitContext& context) {
    if (!context.running()) return WaitCheck::failed("the container is not running");
    // A listening socket in /proc/net/tcp{,6} (state 0A), else nc, else bash's /dev/tcp:
    // whatever the image has.
    char hex[8];
    std::snprintf(hex, sizeof hex, "%04X", static_cast<unsigned>(port_));
    std::string script = std::string("grep -qiE ':") + hex + " [0-9A-F:]+ 0A' /proc/net/tcp /proc/net/tcp6 2>/dev/null"
                         " || nc -z 127.0.0.1 " + std::to_string(port_) + " 2>/dev/null"
                         " || (exec 3<>/dev/tcp/127.0.0.1/" + std::to_string(port_) + ") 2>/dev/null";
    ExecRunOptions options;
    options.timeout = context.remaining();
    ExecResult result = context.client.exec().run(context.container_id, {"/bin/sh", "-c", script}, options);
    if (result.exit_code == 0) return WaitCheck::ready();
    if (result.exit_code == 126 || result.exit_code == 127)
        return WaitCheck::failed("the in-container check needs /bin/sh in the image (exit code " +
                                 std::to_string(result.exit_code) + ")");
    return WaitCheck::waiting("nothing listens on port " + std::to_string(port_) + " inside the container");
}
#endif

// The TLS settings of one HTTPS wait, loaded once when the strategy is made (so a missing
// CA file fails there, not as a timeout) and shared by its rounds and copies. Null: plain HTTP.
#ifdef DOCKER_CPP_OPENSSL
using HttpTls = std::shared_ptr<const transport::TlsContext>;
#else
using HttpTls = std::shared_ptr<const void>;  // always null: for_http refuses HTTPS without OpenSSL
#endif

DOCKER_CPP_INLINE std::unique_ptr<transport::Stream> http_connect(const Endpoint& endpoint, const HttpTls& tls,
                                                              Timeout limit);

#if DOCKER_CPP_BODIES
DOCKER_CPP_INLINE std::unique_ptr<transport::Stream> http_connect(const Endpoint& endpoint, const HttpTls& tls,
                                                              Timeout limit) {
#ifdef DOCKER_CPP_OPENSSL
    if (tls) return transport::TlsStream::connect(endpoint, tls, limit);
#else
    if (tls) throw ConfigError("HTTPS without OpenSSL");  // unreachable: for_http refuses first
#endif
    return transport::Socket::connect(endpoint, limit);
}
#endif

class HttpChecker : public WaitChecker {
public:
    HttpChecker(std::string path, std::string port, int status, HttpTls tls)
        : path_(std::move(path)), port_(std::move(port)), status_(status), tls_(std::move(tls)) {}

    DOCKER_CPP_INLINE WaitCheck check(WaitContext& context) override;

private:
    std::string scheme() const { return tls_ ? "HTTPS" : "HTTP"; }

    std::string path_;
    std::string port_;
    int status_;
    HttpTls tls_;
};

#if DOCKER_CPP_BODIES
DOCKER_CPP_INLINE WaitCheck HttpChecker::check(WaitContext& context) {
    if (!context.running()) return WaitCheck::failed("the container is not running");
    auto address = testing::detail::reachable_address(context.client, context.inspect, port_);
    if (!address) return WaitCheck::failed("port " + port_ + " is neither published nor on a network with an address");
    Timeout limit = std::min<Timeout>(context.remaining(), std::chrono::seconds(5));
    try {
        Endpoint endpoint;
        endpoint.kind = Endpoint::Kind::tcp;
        endpoint.host = address->host;
        endpoint.port = address->port;
        http::Connection connection(http_connect(endpoint, tls_, limit), endpoint.host_header());
        connection.send(Client::make_request("GET", path_), limit);
        int status = connection.read_head(limit).status;
        if (status == status_) return WaitCheck::ready();
        return WaitCheck::waiting(scheme() + " GET " + path_ + " answered " + std::to_string(status));
    } catch (const Error& e) {
        return WaitCheck::waiting(scheme() + " GET " + path_ + " on " + address->host + ":" +
                                  std::to_string(address->port) + ": " + e.what());
    }
}
#endif

class HealthyChecker : public WaitChecker {
public:
    DOCKER_CPP_INLINE WaitCheck check(WaitContext& context) override;
};

#if DOCKER_CPP_BODIES
DOCKER_CPP_INLINE WaitCheck HealthyChecker::check(WaitContext& context) {
    const json& state = context.inspect.raw.at("State");
    auto health = state.find("Health");
    if (health == state.end() || !health->is_object())
        return WaitCheck::failed("the container has no HEALTHCHECK");
    std::string status = health->value("Status", "");
    if (status == "healthy") return WaitCheck::ready();
    if (status == "unhealthy") return WaitCheck::failed("the container reports unhealthy");
    if (!context.running()) return WaitCheck::failed("the container is not running");
    return WaitCheck::waiting("health status '" + status + "'");
}
#endif

class ExecChecker : public WaitChecker {
public:
    explicit ExecChecker(std::vector<std::string> cmd) : cmd_(std::move(cmd)) {}

    DOCKER_CPP_INLINE WaitCheck check(WaitContext& context) override;

private:
    std::vector<std::string> cmd_;
};

#if DOCKER_CPP_BODIES
DOCKER_CPP_INLINE WaitCheck ExecChecker::check(WaitContext& context) {
    if (!context.running()) return WaitCheck::failed("the container is not running");
    ExecRunOptions options;
    options.timeout = context.remaining();
    ExecResult result = context.client.exec().run(context.container_id, cmd_, options);
    if (result.exit_code == 0) return WaitCheck::ready();
    std::string said = result.err.empty() ? result.out : result.err;
    if (said.size() > 200) said = said.substr(said.size() - 200);
    return WaitCheck::waiting("the command exited with " + std::to_string(result.exit_code) +
                              (said.empty() ? "" : ": " + said));
}
#endif

class ExitChecker : public WaitChecker {
public:
    explicit ExitChecker(std::int64_t code) : code_(code) {}

    DOCKER_CPP_INLINE WaitCheck check(WaitContext& context) override;

private:
    std::int64_t code_;
};

#if DOCKER_CPP_BODIES
DOCKER_CPP_INLINE WaitCheck ExitChecker::check(WaitContext& context) {
    const ContainerState& state = context.inspect.state;
    if (state.status != "exited" && state.status != "dead") return WaitCheck::waiting("still " + state.status);
    if (state.exit_code == code_) return WaitCheck::ready();
    return WaitCheck::failed("exited with code " + std::to_string(state.exit_code) + ", expected " +
                             std::to_string(code_));
}
#endif

class CompositeChecker : public WaitChecker {
public:
    enum class Need { all, any };

    DOCKER_CPP_INLINE CompositeChecker(const std::vector<WaitStrategy>& parts, Need need);

    DOCKER_CPP_INLINE WaitCheck check(WaitContext& context) override;

private:
    struct Part {
        std::string description;
        std::unique_ptr<WaitChecker> checker;
        bool ready;
    };
    std::vector<Part> parts_;
    bool need_all_;
};

#if DOCKER_CPP_BODIES
DOCKER_CPP_INLINE CompositeChecker::CompositeChecker(const std::vector<WaitStrategy>& parts, Need need)
    : need_all_(need == Need::all) {
    for (const auto& part : parts) parts_.push_back({part.description(), part.start(), false});
}

DOCKER_CPP_INLINE WaitCheck CompositeChecker::check(WaitContext& context) {
    std::string waiting, failed;
    std::size_t failures = 0;
    bool all_ready = true;
    for (auto& part : parts_) {
        if (part.ready) continue;
        WaitCheck c = part.checker->check(context);
        if (c.result == WaitCheck::Result::ready) {
            part.ready = true;
            if (!need_all_) return WaitCheck::ready();
            continue;
        }
        all_ready = false;
        std::string& into = c.result == WaitCheck::Result::failed ? failed : waiting;
        into += (into.empty() ? "" : "; ") + part.description + ": " + c.detail;
        if (c.result == WaitCheck::Result::failed) ++failures;
        if (need_all_ && c.result == WaitCheck::Result::failed) return WaitCheck::failed(into);
    }
    if (all_ready) return WaitCheck::ready();
    if (!need_all_ && failures == parts_.size()) return WaitCheck::failed(failed);
    return WaitCheck::waiting(waiting.empty() ? failed : waiting);
}
#endif

DOCKER_CPP_INLINE std::string join_descriptions(const std::vector<WaitStrategy>& parts, const char* separator);

// A composite awaits an exit when any of its parts does.
DOCKER_CPP_INLINE WaitStrategy::OnExit on_exit_of(const std::vector<WaitStrategy>& parts);

#if DOCKER_CPP_BODIES
DOCKER_CPP_INLINE std::string join_descriptions(const std::vector<WaitStrategy>& parts, const char* separator) {
    std::string out;
    for (const auto& p : parts) out += (out.empty() ? "" : separator) + p.description();
    return out;
}

DOCKER_CPP_INLINE WaitStrategy::OnExit on_exit_of(const std::vector<WaitStrategy>& parts) {
    for (const auto& p : parts)
        if (p.waits_for_exit()) return WaitStrategy::OnExit::awaited;
    return WaitStrategy::OnExit::fails;
}
#endif

}  // namespace detail

/// `pattern` (ECMAScript regex, searched in each line) seen on `times` lines of the log,
/// counting from the container's start, so lines printed before the wait began count.
DOCKER_CPP_INLINE WaitStrategy for_log(const std::string& pattern, int times = 1,
                                       LogStreams streams = LogStreams::both);

/// A TCP connection to container port `port` ("6379" or "6379/tcp") succeeds from this
/// process: to the port published on the daemon's host, else to the container's address.
DOCKER_CPP_INLINE WaitStrategy for_port(const std::string& port);

/// Something listens on `port` inside the container (for when this process cannot reach it);
/// checked with the image's /bin/sh.
DOCKER_CPP_INLINE WaitStrategy for_port_inside(int port);

/// GET `path` on container port `port` answers `options.status`, over HTTPS when
/// `options.tls` is set. Reached like for_port: the published port, else the container's
/// address. HTTPS needs docker-cpp built with OpenSSL (DOCKER_CPP_WITH_OPENSSL); without it,
/// asking for HTTPS throws ConfigError here rather than probing in plain text.
DOCKER_CPP_INLINE WaitStrategy for_http(const std::string& path, const std::string& port,
                                        const HttpWaitOptions& options);

/// Plain HTTP: GET `path` on container port `port` answers `status`.
DOCKER_CPP_INLINE WaitStrategy for_http(const std::string& path, const std::string& port, int status = 200);

/// HTTPS without checking the certificate (see HttpWaitOptions::with_tls()): GET `path` on
/// container port `port` answers `status`.
DOCKER_CPP_INLINE WaitStrategy for_https(const std::string& path, const std::string& port, int status = 200);

/// The image's (or spec's) HEALTHCHECK reports healthy; unhealthy fails at once.
DOCKER_CPP_INLINE WaitStrategy for_healthy();

/// `cmd` run in the container exits 0.
DOCKER_CPP_INLINE WaitStrategy for_exec(std::vector<std::string> cmd);

/// A one-shot container exits with `code`; another code fails.
DOCKER_CPP_INLINE WaitStrategy for_exit(std::int64_t code = 0);

/// Every part is met (each once; they need not hold together). One failing part fails all.
DOCKER_CPP_INLINE WaitStrategy all_of(std::vector<WaitStrategy> parts);

/// Any part is met; the wait fails when every part has failed.
DOCKER_CPP_INLINE WaitStrategy any_of(std::vector<WaitStrategy> parts);

#if DOCKER_CPP_BODIES
DOCKER_CPP_INLINE WaitStrategy for_log(const std::string& pattern, int times, LogStreams streams) {
    if (times < 1) throw UsageError("wait::for_log: times must be at least 1");
    std::shared_ptr<const std::regex> regex;
    try {
        regex = std::make_shared<const std::regex>(pattern);
    } catch (const std::regex_error& e) {
        throw UsageError("wait::for_log: invalid regular expression '" + pattern + "': " + e.what());
    }
    std::string description = "log line /" + pattern + "/" + (times > 1 ? " x" + std::to_string(times) : "");
    return WaitStrategy(description, [regex, times, streams] {
        return std::make_unique<detail::LogChecker>(regex, times, streams);
    });
}

DOCKER_CPP_INLINE WaitStrategy for_port(const std::string& port) {
    return WaitStrategy("port " + port, [port] { return std::make_unique<detail::PortChecker>(port); });
}

DOCKER_CPP_INLINE WaitStrategy for_port_inside(int port) {
    if (port <= 0 || port > 65535) throw UsageError("wait::for_port_inside: port out of range");
    return WaitStrategy("port " + std::to_string(port) + " inside the container",
                        [port] { return std::make_unique<detail::PortInsideChecker>(port); });
}

DOCKER_CPP_INLINE WaitStrategy for_http(const std::string& path, const std::string& port,
                                        const HttpWaitOptions& options) {
    if (path.empty() || path[0] != '/') throw UsageError("wait::for_http: the path must start with '/'");
    if (options.status < 100 || options.status > 599)
        throw UsageError("wait::for_http: " + std::to_string(options.status) + " is no HTTP status (100-599)");
    detail::HttpTls tls;
    if (options.tls) {
#ifdef DOCKER_CPP_OPENSSL
        tls = std::make_shared<const transport::TlsContext>(*options.tls);
#else
        throw ConfigError("wait::for_http: HTTPS was asked for GET " + path + " on port " + port +
                          " but docker-cpp was built without OpenSSL: configure with -DDOCKER_CPP_WITH_OPENSSL=ON "
                          "(or define DOCKER_CPP_OPENSSL and link OpenSSL::SSL); refusing to fall back to plain text");
#endif
    }
    int status = options.status;
    return WaitStrategy(std::string(options.tls ? "HTTPS " : "HTTP ") + std::to_string(status) + " from GET " + path +
                            " on port " + port,
                        [path, port, status, tls] {
                            return std::make_unique<detail::HttpChecker>(path, port, status, tls);
                        });
}

DOCKER_CPP_INLINE WaitStrategy for_http(const std::string& path, const std::string& port, int status) {
    return for_http(path, port, HttpWaitOptions().with_status(status));
}

DOCKER_CPP_INLINE WaitStrategy for_https(const std::string& path, const std::string& port, int status) {
    return for_http(path, port, HttpWaitOptions().with_status(status).with_tls());
}

DOCKER_CPP_INLINE WaitStrategy for_healthy() {
    return WaitStrategy("healthy", [] { return std::make_unique<detail::HealthyChecker>(); });
}

DOCKER_CPP_INLINE WaitStrategy for_exec(std::vector<std::string> cmd) {
    if (cmd.empty()) throw UsageError("wait::for_exec: the command is empty");
    std::string description = "exec";
    for (const auto& arg : cmd) description += " " + arg;
    return WaitStrategy(description, [cmd] { return std::make_unique<detail::ExecChecker>(cmd); });
}

DOCKER_CPP_INLINE WaitStrategy for_exit(std::int64_t code) {
    return WaitStrategy("exit with code " + std::to_string(code),
                        [code] { return std::make_unique<detail::ExitChecker>(code); }, WaitStrategy::OnExit::awaited);
}

DOCKER_CPP_INLINE WaitStrategy all_of(std::vector<WaitStrategy> parts) {
    if (parts.empty()) throw UsageError("wait::all_of: no strategies");
    std::string description = "all of (" + detail::join_descriptions(parts, ", ") + ")";
    auto on_exit = detail::on_exit_of(parts);
    return WaitStrategy(
        description, [parts] { return std::make_unique<detail::CompositeChecker>(parts, detail::CompositeChecker::Need::all); },
        on_exit);
}

DOCKER_CPP_INLINE WaitStrategy any_of(std::vector<WaitStrategy> parts) {
    if (parts.empty()) throw UsageError("wait::any_of: no strategies");
    std::string description = "any of (" + detail::join_descriptions(parts, " | ") + ")";
    auto on_exit = detail::on_exit_of(parts);
    return WaitStrategy(
        description, [parts] { return std::make_unique<detail::CompositeChecker>(parts, detail::CompositeChecker::Need::any); },
        on_exit);
}
#endif

}  // namespace wait

namespace detail {

// The last `lines` lines of the container's log, stdout and stderr in the order written.
DOCKER_CPP_INLINE std::string logs_tail(Client& client, const std::string& id, int lines = 50) noexcept;

#if DOCKER_CPP_BODIES
DOCKER_CPP_INLINE std::string logs_tail(Client& client, const std::string& id, int lines) noexcept {
    try {
        LogsOptions options;
        options.tail = lines;
        options.timeout = std::chrono::seconds(10);
        std::string text;
        for (const LogFrame& frame : client.containers().logs(id, options)) text += frame.data;
        return text;
    } catch (const std::exception& e) {
        return std::string("(log unavailable: ") + e.what() + ")";
    }
}
#endif

}  // namespace detail

/// Waits until `strategy` is met for container `id`, for at most `timeout` in all.
DOCKER_CPP_INLINE void wait_until_ready(Client& client, const std::string& id, const WaitStrategy& strategy,
                                        Timeout timeout,
                                        std::chrono::milliseconds poll_interval = std::chrono::milliseconds(100));

#if DOCKER_CPP_BODIES
DOCKER_CPP_INLINE void wait_until_ready(Client& client, const std::string& id, const WaitStrategy& strategy,
                                        Timeout timeout, std::chrono::milliseconds poll_interval) {
    if (timeout.count() <= 0)
        throw UsageError("waiting for " + strategy.description() + ": the startup timeout is zero");
    const auto start = Clock::now();
    WaitContext context{client, id, {}, start + timeout};
    auto checker = strategy.start();
    enum class Why { timeout, exited, failed };
    auto fail = [&](Why why, const std::string& reason) {
        auto waited = Clock::now() - start;
        std::string logs = detail::logs_tail(client, id);
        const std::string& name = strategy.description();
        if (why == Why::timeout) throw WaitTimeoutError(reason, name, waited, context.inspect.state, logs);
        if (why == Why::exited) throw ContainerExitedError(reason, name, waited, context.inspect.state, logs);
        throw WaitError(reason, name, waited, context.inspect.state, logs);
    };
    std::string last_answer;  // of the last check that finished before the deadline
    for (;;) {
        try {
            context.inspect = client.containers().inspect(id);
        } catch (const NotFound&) {
            context.inspect.state.status = "removed";
            fail(Why::exited, "the container was removed");
        }
        const std::string& status = context.inspect.state.status;
        bool ended = status == "exited" || status == "dead";
        if (ended && !strategy.waits_for_exit()) fail(Why::exited, "the container " + status + " while waited on");
        WaitCheck check;
        try {
            check = checker->check(context);
        } catch (const Error& e) {  // e.g. the container stopped between inspect and exec
            check = WaitCheck::waiting(e.what());
        }
        if (check.result == WaitCheck::Result::ready) return;
        if (check.result == WaitCheck::Result::failed) fail(Why::failed, check.detail);
        if (ended) fail(Why::exited, "the container " + status + ": " + check.detail);
        auto now = Clock::now();
        // A check cut short by the deadline says less than the last one that finished.
        if (now >= context.deadline)
            fail(Why::timeout, "timed out: " + (last_answer.empty() ? check.detail : last_answer));
        last_answer = check.detail;
        std::this_thread::sleep_for(std::min<Clock::duration>(poll_interval, context.deadline - now));
    }
}
#endif

}  // namespace docker::testing
