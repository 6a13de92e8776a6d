#pragma once
// docker::Client: the daemon's address, the negotiated API version, a small pool of kept-alive
// connections, and the mapping of error statuses to exceptions. Endpoint groups
// (client.containers(), client.images(), ...) are declared here and defined in
// include/docker/api/; include <docker/docker.hpp> to get them all.

#include <chrono>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "docker/error.hpp"
#include "docker/http/connection.hpp"
#include "docker/http/request.hpp"
#include "docker/http/response.hpp"
#include "docker/http/url.hpp"
#include "docker/transport/cancel.hpp"
#include "docker/transport/endpoint.hpp"
#include "docker/transport/socket.hpp"
#include "docker/version.hpp"

namespace docker {

using Timeout = transport::Timeout;
using transport::no_timeout;

struct ClientOptions {
    std::string host;         // empty: DOCKER_HOST, else unix:///var/run/docker.sock
    std::string api_version;  // empty: DOCKER_API_VERSION, else negotiated with the daemon
    Timeout connect_timeout = std::chrono::seconds(10);
    // Longest silence tolerated while reading an ordinary answer. Calls that wait by nature
    // (wait, follow-mode logs, events, attach) ignore it unless asked.
    Timeout read_timeout = std::chrono::minutes(5);
    // Longest a whole call may take, from sending to the last byte read (for a stream: its
    // whole life); unset: no such limit. A call's CallOptions may set its own.
    std::optional<Timeout> call_timeout;
    std::size_t max_idle_connections = 4;
    http::ParserLimits parser_limits;
    std::string user_agent = std::string("docker-cpp/") + DOCKER_CPP_VERSION_STRING;
};

// Per-call settings for the low-level calls.
struct CallOptions {
    std::optional<Timeout> timeout;  // read timeout for this call; no_timeout waits forever
    bool versioned = true;           // prefix the path with /v1.NN
    // Longest the whole call may take (overrides ClientOptions::call_timeout) ...
    std::optional<Timeout> call_timeout;
    // ... or the moment it must be over by (the earlier of the two holds).
    std::optional<std::chrono::steady_clock::time_point> deadline;
    // Cancels the call from another thread: it ends with docker::Cancelled.
    std::optional<CancelToken> cancel;
};

namespace detail {

// "1.41" < "1.9"? No: versions compare number by number.
inline bool version_less(const std::string& a, const std::string& b) {
    auto parts = [](const std::string& v) {
        std::vector<long> out;
        std::size_t i = 0;
        while (i <= v.size()) {
            std::size_t dot = v.find('.', i);
            if (dot == std::string::npos) dot = v.size();
            out.push_back(std::strtol(v.substr(i, dot - i).c_str(), nullptr, 10));
            i = dot + 1;
        }
        return out;
    };
    return parts(a) < parts(b);
}

// The daemon's error body is {"message": "..."}; fall back to the raw text.
inline std::string error_message(const std::string& body) {
    auto parsed = nlohmann::json::parse(body, nullptr, false);
    if (parsed.is_object() && parsed.contains("message") && parsed["message"].is_string())
        return parsed["message"].get<std::string>();
    std::string text = body.substr(0, 4096);
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) text.pop_back();
    return text;
}

inline ApiError::Fields fields_of(const http::Headers& headers) {
    ApiError::Fields fields;
    fields.reserve(headers.size());
    for (const auto& [name, value] : headers) fields.emplace_back(std::string(name), std::string(value));
    return fields;
}

// `text` is what the message says (the body, or a note about a redirect); the headers and
// the body are kept on the exception as they came.
[[noreturn]] inline void throw_api_error(int status, const std::string& method, const std::string& path,
                                         const std::string& text, const http::Headers& headers = {},
                                         std::string body = {}, const std::string& endpoint = {}) {
    std::string message = error_message(text);
    ApiError::Fields f = fields_of(headers);
    switch (status) {
    case 400: throw BadRequest(status, method, path, message, std::move(f), std::move(body), endpoint);
    case 401: throw Unauthorized(status, method, path, message, std::move(f), std::move(body), endpoint);
    case 403: throw Forbidden(status, method, path, message, std::move(f), std::move(body), endpoint);
    case 404: throw NotFound(status, method, path, message, std::move(f), std::move(body), endpoint);
    case 406: throw NotAcceptable(status, method, path, message, std::move(f), std::move(body), endpoint);
    case 409: throw Conflict(status, method, path, message, std::move(f), std::move(body), endpoint);
    case 503: throw ServiceUnavailable(status, method, path, message, std::move(f), std::move(body), endpoint);
    default:
        if (status >= 500) throw ServerError(status, method, path, message, std::move(f), std::move(body), endpoint);
        throw ApiError(status, method, path, message, std::move(f), std::move(body), endpoint);
    }
}

}  // namespace detail

// A response whose body is read piece by piece. It owns its connection: destroying it
// midway closes the connection, which cancels the request on the daemon's side.
class ResponseStream {
public:
    ResponseStream(std::unique_ptr<http::Connection> connection, Timeout timeout)
        : connection_(std::move(connection)),
          timeout_(timeout),
          status_(connection_->parser().head().status),
          headers_(connection_->take_headers()) {}
    // With the request it answers, so that its errors name it.
    ResponseStream(std::unique_ptr<http::Connection> connection, Timeout timeout, std::string method,
                   std::string path, std::string endpoint)
        : ResponseStream(std::move(connection), timeout) {
        method_ = std::move(method);
        path_ = std::move(path);
        endpoint_ = std::move(endpoint);
    }
    ResponseStream(ResponseStream&&) noexcept = default;
    ResponseStream& operator=(ResponseStream&&) noexcept = default;

    // Kept apart from the connection, so they stay valid after close().
    int status() const noexcept { return status_; }
    const http::Headers& headers() const noexcept { return headers_; }

    // The next piece of the body (valid until the next call); empty at the end.
    std::string_view read() {
        if (!connection_) return {};
        try {
            return connection_->read_body(timeout_);
        } catch (Error& e) {
            e.set_request(method_, path_, endpoint_);
            throw;
        }
    }

    // For event loops: the next piece if it can be had without waiting, an empty view at the
    // end, nullopt when nothing is there yet (wait for native_handle() to be readable; read
    // again first while pending() > 0). Never blocks. See docker/stream/poll.hpp.
    std::optional<std::string_view> try_read() {
        if (!connection_) return std::string_view{};
        try {
            return connection_->try_read_body();
        } catch (Error& e) {
            e.set_request(method_, path_, endpoint_);
            throw;
        }
    }
    int native_handle() const noexcept { return connection_ ? connection_->native_handle() : -1; }
    std::size_t pending() const noexcept { return connection_ ? connection_->pending() : 0; }

    // Closes the connection now; later reads return nothing.
    void close() { connection_.reset(); }

    void set_timeout(Timeout timeout) { timeout_ = timeout; }

private:
    std::unique_ptr<http::Connection> connection_;
    Timeout timeout_;
    int status_;
    http::Headers headers_;
    std::string method_;
    std::string path_;
    std::string endpoint_;
};

// A connection that left HTTP after 101 Switching Protocols (attach, exec start).
struct UpgradedConnection {
    std::unique_ptr<transport::Stream> stream;
    std::string early_bytes;  // already received after the 101 head
    http::Headers headers;
    // The call's cancel token watching `stream` (reset it before destroying the stream),
    // and its deadline.
    CancelToken::Registration cancel;
    std::optional<std::chrono::steady_clock::time_point> deadline;
};

class SystemApi;
class ImagesApi;
class ContainersApi;
class ExecApi;
class VolumesApi;

class Client {
public:
    Client() : Client(ClientOptions{}) {}

    explicit Client(ClientOptions options) : options_(std::move(options)) {
        endpoint_ = options_.host.empty() ? Endpoint::from_environment() : Endpoint::parse(options_.host);
        if (options_.api_version.empty()) {
            const char* env = std::getenv("DOCKER_API_VERSION");
            if (env && *env) options_.api_version = env;
        }
        if (!options_.api_version.empty()) {
            std::string v = options_.api_version;
            if (!v.empty() && v[0] == 'v') v.erase(0, 1);
            api_version_ = v;
        }
        state_ = std::make_unique<State>();
    }

    // Convenience: Client("unix:///run/docker.sock").
    explicit Client(const std::string& host) : Client(options_for(host)) {}
    explicit Client(const char* host) : Client(std::string(host)) {}

    Client(Client&&) noexcept = default;
    Client& operator=(Client&&) noexcept = default;

    const Endpoint& endpoint() const noexcept { return endpoint_; }
    const ClientOptions& options() const noexcept { return options_; }

    // The API version every path uses: the override, or min(daemon's, ours) from /_ping.
    std::string api_version() {
        std::lock_guard<std::mutex> lock(state_->version_mutex);
        if (!api_version_.empty()) return api_version_;
        http::Request ping;
        ping.method = "GET";
        ping.target = "/_ping";
        CallOptions unversioned;
        unversioned.versioned = false;
        http::Response answer = request_prepared(std::move(ping), unversioned);
        std::string daemon = answer.headers.get("Api-Version");
        // A daemon too old to say speaks at least 1.24, the Go client's assumption too.
        if (daemon.empty()) daemon = "1.24";
        api_version_ = detail::version_less(daemon, newest_api_version) ? daemon : newest_api_version;
        return api_version_;
    }

    // Is the API version in use at least `version`? (Negotiates first if needed.)
    bool api_version_at_least(const std::string& version) { return !detail::version_less(api_version(), version); }

    // Sends any request and returns the buffered answer. `request.target` is the
    // unversioned path and query ("/containers/json?all=1"). Status >= 400 throws.
    http::Response request(http::Request request, const CallOptions& call = {}) {
        prepare(request, call);
        return request_prepared(std::move(request), call);
    }

    // The same for a call that answers a body to read piece by piece.
    ResponseStream stream(http::Request request, const CallOptions& call = {}) {
        prepare(request, call);
        Timeout timeout = call.timeout.value_or(options_.read_timeout);
        try {
            auto connection = execute(request, timeout, call);
            int status = connection->parser().head().status;
            if (is_failure(status)) throw_failure(*connection, request, timeout);
            return ResponseStream(std::move(connection), timeout, request.method, request.target, endpoint_.to_string());
        } catch (Error& e) {
            name_request(e, request);
            throw;
        }
    }

    // Asks for a protocol upgrade (attach, exec start) and returns the raw connection on 101.
    // A daemon that answers 200 instead streams the body over the same connection; that
    // is handed over the same way, with the bytes already read.
    UpgradedConnection upgrade(http::Request request, const CallOptions& call = {}) {
        request.headers.set("Connection", "Upgrade");
        request.headers.set("Upgrade", "tcp");
        prepare(request, call);
        Timeout timeout = call.timeout.value_or(options_.read_timeout);
        try {
            auto connection = execute(request, timeout, call);
            const auto& head = connection->parser().head();
            if (is_failure(head.status)) throw_failure(*connection, request, timeout);
            // Only a 101, or an answer whose body runs until the close, is a raw stream; a framed
            // body (chunked or sized, e.g. from a proxy) would be misread as stream bytes.
            if (head.status != 101 && connection->parser().framing() != http::BodyFraming::until_close)
                throw ProtocolError(ProtocolErrorKind::unexpected_upgrade_answer,
                                    "expected 101 Switching Protocols or a raw stream, got " +
                                        std::to_string(head.status) + " with a framed body");
            UpgradedConnection upgraded;
            upgraded.headers = connection->take_headers();
            upgraded.stream = connection->release(upgraded.early_bytes);
            if (call.cancel) upgraded.cancel = call.cancel->watch(*upgraded.stream);
            upgraded.deadline = connection->deadline();
            return upgraded;
        } catch (Error& e) {
            name_request(e, request);
            throw;
        }
    }

    // Shorthands for the low-level call.
    http::Response get(const std::string& target) { return request(make_request("GET", target)); }
    http::Response head(const std::string& target) { return request(make_request("HEAD", target)); }
    http::Response del(const std::string& target) { return request(make_request("DELETE", target)); }
    http::Response post(const std::string& target, const nlohmann::json& body = nullptr) {
        http::Request r = make_request("POST", target);
        if (!body.is_null()) {
            r.body = body.dump();
            r.headers.set("Content-Type", "application/json");
        }
        return request(std::move(r));
    }

    static http::Request make_request(std::string method, std::string target) {
        http::Request r;
        r.method = std::move(method);
        r.target = std::move(target);
        return r;
    }

    // Endpoint groups, defined in include/docker/api/.
    SystemApi system();
    ImagesApi images();
    ContainersApi containers();
    ExecApi exec();
    VolumesApi volumes();

    // Connections currently idle in the pool (for tests and diagnostics).
    std::size_t idle_connections() const {
        std::lock_guard<std::mutex> lock(state_->pool_mutex);
        return state_->idle.size();
    }

private:
    struct State {
        std::mutex version_mutex;
        mutable std::mutex pool_mutex;
        std::vector<std::unique_ptr<http::Connection>> idle;
    };

    static ClientOptions options_for(const std::string& host) {
        ClientOptions o;
        o.host = host;
        return o;
    }

    // Errors, and redirects: the API has none, and following one could take a request to
    // an endpoint the caller never named (the daemon's router redirects cleaned paths).
    // 304 is the daemon's "nothing to do" and is no failure.
    static bool is_failure(int status) { return status >= 400 || (status >= 300 && status != 304); }

    static std::string failure_text(const http::Response& response) {
        if (response.status >= 300 && response.status < 400)
            return "unexpected redirect to '" + response.headers.get("Location") + "' (not followed)";
        return response.body;
    }

    // The User-Agent is added as the head is written (http::Connection), not here: a
    // request object with no header fields costs no allocation for them.
    void prepare(http::Request& request, const CallOptions& call) {
        if (call.versioned) request.target.insert(0, "/v" + api_version());
    }

    http::Response request_prepared(http::Request request, const CallOptions& call) {
        Timeout timeout = call.timeout.value_or(options_.read_timeout);
        http::Response response;
        try {
            auto connection = execute(request, timeout, call);
            const auto& head = connection->parser().head();
            response.status = head.status;
            response.reason = head.reason;
            response.headers = connection->take_headers();
            response.body = connection->read_body_all(timeout);
            // A cancel that came after the last byte still shut the stream down: drop it.
            if (!connection->end_call()) release(std::move(connection));
        } catch (Error& e) {
            name_request(e, request);
            throw;
        }
        if (is_failure(response.status)) {
            std::string text = failure_text(response);
            detail::throw_api_error(response.status, request.method, request.target, text, response.headers,
                                    std::move(response.body), endpoint_.to_string());
        }
        return response;
    }

    // A transport, protocol or timeout error names the request and the daemon it went to.
    void name_request(Error& e, const http::Request& request) const {
        if (dynamic_cast<const ApiError*>(&e) == nullptr) e.set_request(request.method, request.target, endpoint_.to_string());
    }

    // An error status on a streaming call: its (bounded) body says why.
    [[noreturn]] void throw_failure(http::Connection& connection, const http::Request& request, Timeout timeout) {
        http::Response failed;
        failed.status = connection.parser().head().status;
        failed.headers = connection.take_headers();
        failed.body = connection.read_body_all(timeout, 1024 * 1024);
        std::string text = failure_text(failed);
        detail::throw_api_error(failed.status, request.method, request.target, text, failed.headers,
                                std::move(failed.body), endpoint_.to_string());
    }

    // `check_idle`: look first whether a pooled connection was closed by the daemon. A
    // request that may be replayed skips that syscall: if the connection turns out dead
    // before any answer, execute() sends it again on a fresh one.
    std::unique_ptr<http::Connection> acquire(bool& reused, bool check_idle, Timeout connect_timeout) {
        for (;;) {
            std::unique_ptr<http::Connection> connection;
            {
                std::lock_guard<std::mutex> lock(state_->pool_mutex);
                if (state_->idle.empty()) break;
                connection = std::move(state_->idle.back());
                state_->idle.pop_back();
            }
            // Checked outside the lock: other threads need not wait behind this syscall.
            if (check_idle && connection->stream().unusable_while_idle()) continue;  // closed by the daemon
            reused = true;
            return connection;
        }
        reused = false;
        auto socket = transport::Socket::connect(endpoint_, connect_timeout);
        return std::make_unique<http::Connection>(std::move(socket), endpoint_.host_header(), options_.parser_limits,
                                                  options_.user_agent);
    }

    // The moment a call must end by: the earlier of its deadline and now + its call timeout.
    std::optional<std::chrono::steady_clock::time_point> deadline_of(const CallOptions& call) const {
        std::optional<std::chrono::steady_clock::time_point> deadline = call.deadline;
        std::optional<Timeout> total = call.call_timeout ? call.call_timeout : options_.call_timeout;
        if (total) {
            auto by = std::chrono::steady_clock::now() + *total;
            if (!deadline || by < *deadline) deadline = by;
        }
        return deadline;
    }

    void release(std::unique_ptr<http::Connection> connection) {
        if (!connection->reusable()) return;
        std::lock_guard<std::mutex> lock(state_->pool_mutex);
        if (state_->idle.size() < options_.max_idle_connections) state_->idle.push_back(std::move(connection));
    }

    // After a failed write: had the daemon already answered (an early error, such as 413),
    // then stopped reading our body? Its answer says more than our broken pipe or timeout.
    // After a timeout, look only when bytes are waiting: a read would wait a timeout again.
    static bool answered_early(http::Connection& connection, Timeout timeout, bool timed_out) {
        if (timed_out && !connection.stream().unusable_while_idle()) return false;
        try {
            connection.read_head(timeout);
            return true;
        } catch (const Error&) {
            return false;
        }
    }

    // Sends the request and reads the answer's head. A kept-alive connection can turn out
    // dead (the daemon closed it between our check and our write); then an idempotent
    // request with a replayable body goes again on a fresh connection, once. A POST is
    // never sent twice: the daemon might have acted on the first.
    std::unique_ptr<http::Connection> execute(const http::Request& request, Timeout timeout, const CallOptions& call) {
        auto deadline = deadline_of(call);
        const CancelToken* cancel = call.cancel ? &*call.cancel : nullptr;
        bool replayable = request.idempotent() && !request.body_source;
        for (int attempt = 0;; ++attempt) {
            if (cancel && cancel->cancelled()) throw Cancelled("cancelled before the request was sent");
            Timeout connect_timeout = options_.connect_timeout;
            if (deadline) {
                auto left = std::chrono::duration_cast<Timeout>(*deadline - std::chrono::steady_clock::now());
                if (left <= Timeout(0))
                    throw TimeoutError(endpoint_.to_string(), "the call's deadline passed before the request was sent");
                if (connect_timeout == no_timeout || left < connect_timeout) connect_timeout = left;
            }
            bool reused = false;
            auto connection = acquire(reused, !replayable, connect_timeout);
            connection->begin_call(deadline, cancel);
            bool may_retry = reused && attempt == 0 && replayable;
            try {
                try {
                    connection->send(request, timeout);
                } catch (const ConnectionError& e) {  // a TimeoutError too
                    bool timed_out = dynamic_cast<const TimeoutError*>(&e) != nullptr;
                    if (may_retry && !timed_out) continue;
                    if (answered_early(*connection, timeout, timed_out)) return connection;
                    throw;
                }
                connection->read_head(timeout);
                return connection;
            } catch (const TimeoutError&) {
                throw;
            } catch (const ConnectionError&) {
                if (may_retry && !connection->response_started()) continue;
                throw;
            } catch (const ProtocolError&) {
                if (may_retry && !connection->response_started()) continue;
                throw;
            }
        }
    }

    ClientOptions options_;
    Endpoint endpoint_;
    std::string api_version_;  // guarded by version_mutex once negotiation can happen
    std::unique_ptr<State> state_;
};

}  // namespace docker
