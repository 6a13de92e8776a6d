#pragma once
// docker::Client: the daemon's address, the negotiated API version, a small pool of kept-alive
// connections, and the mapping of error statuses to exceptions. Endpoint groups
// (client.containers(), client.images(), ...) are declared here and defined in
// include/docker/api/; include <docker/docker.hpp> to get them all.

#include <cctype>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <initializer_list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "docker/config/context.hpp"
#include "docker/detail/compiled_mode.hpp"
#include "docker/detail/json_text.hpp"
#include "docker/error.hpp"
#include "docker/http/connection.hpp"
#include "docker/http/request.hpp"
#include "docker/http/response.hpp"
#include "docker/http/url.hpp"
#include "docker/transport/cancel.hpp"
#include "docker/transport/endpoint.hpp"
#include "docker/transport/connector.hpp"
#include "docker/transport/socket.hpp"
#include "docker/transport/transport_options.hpp"
#include "docker/version.hpp"

namespace docker {

/// A time limit (std::chrono milliseconds); no_timeout means wait forever.
using Timeout = transport::Timeout;
using transport::no_timeout;

/// How a Client reaches the daemon and how long it waits. With host and context both empty
/// it connects where the docker CLI would: DOCKER_HOST, else DOCKER_CONTEXT, else
/// config.json's currentContext, else unix:///var/run/docker.sock (see config/context.hpp).
struct ClientOptions {
    /// The daemon's address: unix:///path, tcp://host:port or ssh://[user@]host[:port][/path].
    std::string host;
    /// A docker context by name, used instead of host.
    std::string context;
    /// TLS for tcp://. Unset: from DOCKER_TLS_VERIFY, DOCKER_TLS and DOCKER_CERT_PATH, or the context's.
    std::optional<TlsOptions> tls;
    /// Settings for ssh://; with no options given, DOCKER_SSH_OPTS.
    SshOptions ssh;
    /// The docker CLI's config directory; empty: DOCKER_CONFIG, else ~/.docker.
    std::string config_dir;
    /// API version to speak ("1.44", a leading 'v' is dropped); empty: DOCKER_API_VERSION,
    /// else negotiated with the daemon on the first call.
    std::string api_version;
    /// Longest wait to open a connection (for TLS, the handshake included).
    Timeout connect_timeout = std::chrono::seconds(10);
    /// Longest silence tolerated while reading an ordinary answer. Calls that wait by nature
    /// (wait, follow-mode logs, events, attach) ignore it unless asked.
    Timeout read_timeout = std::chrono::minutes(5);
    /// Longest a whole call may take, from sending to the last byte read (for a stream: its
    /// whole life); unset: no such limit. A call's CallOptions may set its own.
    std::optional<Timeout> call_timeout;
    /// Kept-alive connections held for reuse; 0 opens a new connection for every call.
    std::size_t max_idle_connections = 4;
    /// Bounds on a response's head and chunk lines; an answer beyond them is a ProtocolError.
    http::ParserLimits parser_limits;
    /// The User-Agent header sent with every request.
    std::string user_agent = std::string("docker-cpp/") + DOCKER_CPP_VERSION_STRING;
};

/// Per-call settings for the low-level calls (Client::request, stream, upgrade) and for the
/// endpoint groups' calls that take them.
struct CallOptions {
    /// Read timeout for this call, instead of ClientOptions::read_timeout; no_timeout waits forever.
    std::optional<Timeout> timeout;
    /// Prefix the path with /v1.NN (the API version in use); false for unversioned paths such as /_ping.
    bool versioned = true;
    /// Longest the whole call may take (overrides ClientOptions::call_timeout); past it the
    /// call throws TimeoutError. With deadline too, the earlier of the two holds.
    std::optional<Timeout> call_timeout;
    /// The moment the call must be over by; past it the call throws TimeoutError.
    std::optional<std::chrono::steady_clock::time_point> deadline;
    /// Cancels the call from another thread: it then throws docker::Cancelled.
    std::optional<CancelToken> cancel;
};

namespace detail {

// "1.41" < "1.9"? No: versions compare number by number.
DOCKER_CPP_INLINE bool version_less(const std::string& a, const std::string& b);

// The daemon's error body is {"message": "..."}; fall back to the raw text.
DOCKER_CPP_INLINE std::string error_message(const std::string& body);

// The version number that follows `label` in `text` ("" when absent), e.g. "1.44".
DOCKER_CPP_INLINE std::string version_after(const std::string& text, const std::string& label);

DOCKER_CPP_INLINE ApiError::Fields fields_of(const http::Headers& headers);

// `text` is what the message says (the body, or a note about a redirect); the headers and
// the body are kept on the exception as they came.
[[noreturn]] DOCKER_CPP_INLINE void throw_api_error(int status, const std::string& method, const std::string& path,
                                                    const std::string& text, const http::Headers& headers = {},
                                                    std::string body = {}, const std::string& endpoint = {});

#if DOCKER_CPP_BODIES
DOCKER_CPP_INLINE bool version_less(const std::string& a, const std::string& b) {
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

DOCKER_CPP_INLINE std::string error_message(const std::string& body) {
    auto parsed = detail::parse_json_or_discarded(body);
    if (parsed.is_object() && parsed.contains("message") && parsed["message"].is_string())
        return parsed["message"].get<std::string>();
    std::string text = body.substr(0, 4096);
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) text.pop_back();
    return text;
}

DOCKER_CPP_INLINE std::string version_after(const std::string& text, const std::string& label) {
    auto at = text.find(label);
    if (at == std::string::npos) return {};
    auto begin = at + label.size(), end = begin;
    while (end < text.size() && (std::isdigit(static_cast<unsigned char>(text[end])) || text[end] == '.')) ++end;
    while (end > begin && text[end - 1] == '.') --end;  // the sentence's full stop
    return text.substr(begin, end - begin);
}

DOCKER_CPP_INLINE ApiError::Fields fields_of(const http::Headers& headers) {
    ApiError::Fields fields;
    fields.reserve(headers.size());
    for (const auto& [name, value] : headers) fields.emplace_back(std::string(name), std::string(value));
    return fields;
}

DOCKER_CPP_INLINE void throw_api_error(int status, const std::string& method, const std::string& path,
                                       const std::string& text, const http::Headers& headers, std::string body,
                                       const std::string& endpoint) {
    std::string message = error_message(text);
    ApiError::Fields f = fields_of(headers);
    // Go's TLS server answers plain text so; say what to do rather than "400".
    if (status == 400 && message.find("Client sent an HTTP request to an HTTPS server") != std::string::npos)
        throw TlsError(endpoint, method + " " + path + ": the daemon expects TLS and this client spoke plain text: set "
                                 "DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH, or ClientOptions::tls");
    if (status >= 400 && is_stale_version_message(message))
        throw VersionConflict(status, method, path, message, std::move(f), std::move(body), endpoint);
    switch (status) {
    case 400: {
        // The daemon's version middleware: "client version X is too old. Minimum supported API
        // version is Y, ..." (or too new / Maximum). Same words in dockerd 1.12 to 29.
        std::string requested = version_after(message, "client version ");
        std::string supported = version_after(message, "supported API version is ");
        if (!requested.empty() && !supported.empty()) {
            bool too_old = message.find("too old") != std::string::npos;
            throw ApiVersionRefused(status, method, path, message, requested, supported, too_old, std::move(f),
                                    std::move(body), endpoint);
        }
        throw BadRequest(status, method, path, message, std::move(f), std::move(body), endpoint);
    }
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
#endif

}  // namespace detail

/// A response whose body is read piece by piece (what Client::stream returns). It owns its
/// connection: destroying it midway closes the connection, which cancels the request on the
/// daemon's side. Move-only.
class ResponseStream {
public:
    /// Takes over a connection whose response head has been read; reads wait at most `timeout`.
    DOCKER_CPP_INLINE ResponseStream(std::unique_ptr<http::Connection> connection, Timeout timeout);
    /// The same, with the request it answers, so that its errors name it.
    DOCKER_CPP_INLINE ResponseStream(std::unique_ptr<http::Connection> connection, Timeout timeout, std::string method,
                                     std::string path, std::string endpoint);
    /// Moves the connection; the source is left closed.
    ResponseStream(ResponseStream&&) noexcept = default;
    /// Moves the connection, closing the one held before.
    ResponseStream& operator=(ResponseStream&&) noexcept = default;

    /// The HTTP status of the answer (kept apart from the connection: valid after close()).
    int status() const noexcept { return status_; }
    /// The answer's header fields (valid after close() too).
    const http::Headers& headers() const noexcept { return headers_; }

    /// The next piece of the body (valid until the next call); empty at the end. Waits at most
    /// the read timeout for it; throws TimeoutError, ConnectionError or ProtocolError.
    DOCKER_CPP_INLINE std::string_view read();

    /// For event loops: the next piece if it can be had without waiting, an empty view at the
    /// end, nullopt when nothing is there yet (wait for native_handle() to be readable; read
    /// again first while pending() > 0). Never blocks. See docker/stream/poll.hpp.
    DOCKER_CPP_INLINE std::optional<std::string_view> try_read();
    /// The socket to poll for readability; -1 once closed.
    int native_handle() const noexcept { return connection_ ? connection_->native_handle() : -1; }
    /// Bytes already received and buffered (in this process or in TLS), which poll() cannot see.
    std::size_t pending() const noexcept { return connection_ ? connection_->pending() : 0; }

    /// Closes the connection now; later reads return nothing.
    void close() { connection_.reset(); }

    /// Changes the read timeout for the reads that follow; no_timeout waits forever.
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

#if DOCKER_CPP_BODIES
DOCKER_CPP_INLINE ResponseStream::ResponseStream(std::unique_ptr<http::Connection> connection, Timeout timeout)
    : connection_(std::move(connection)),
      timeout_(timeout),
      status_(connection_->parser().head().status),
      headers_(connection_->take_headers()) {}

DOCKER_CPP_INLINE ResponseStream::ResponseStream(std::unique_ptr<http::Connection> connection, Timeout timeout,
                                                 std::string method, std::string path, std::string endpoint)
    : ResponseStream(std::move(connection), timeout) {
    method_ = std::move(method);
    path_ = std::move(path);
    endpoint_ = std::move(endpoint);
}

DOCKER_CPP_INLINE std::string_view ResponseStream::read() {
    if (!connection_) return {};
    try {
        return connection_->read_body(timeout_);
    } catch (Error& e) {
        e.set_request(method_, path_, endpoint_);
        throw;
    }
}

DOCKER_CPP_INLINE std::optional<std::string_view> ResponseStream::try_read() {
    if (!connection_) return std::string_view{};
    try {
        return connection_->try_read_body();
    } catch (Error& e) {
        e.set_request(method_, path_, endpoint_);
        throw;
    }
}
#endif

/// A connection that left HTTP after 101 Switching Protocols (attach, exec start), as
/// Client::upgrade returns it.
struct UpgradedConnection {
    /// The raw byte stream to and from the daemon.
    std::unique_ptr<transport::Stream> stream;
    /// Bytes already received after the answer's head; they come before anything read from stream.
    std::string early_bytes;
    /// The answer's header fields.
    http::Headers headers;
    /// 101, or 200 when the daemon streams the body over the connection instead.
    int status = 0;
    /// The call's cancel token watching `stream`; reset it before destroying the stream.
    CancelToken::Registration cancel;
    /// The call's deadline, if it has one; whoever reads the stream should keep to it.
    std::optional<std::chrono::steady_clock::time_point> deadline;
};

// Compiled mode (DOCKER_CPP_COMPILED): a group's calls are compiled once, in the one
// translation unit that defines DOCKER_CPP_IMPLEMENTATION (src/docker-cpp.cpp for the CMake
// target), and only declared in every other file. Written after each group's definition.
#if defined(DOCKER_CPP_IMPLEMENTATION)
#define DOCKER_CPP_COMPILED_ELSEWHERE(group) template class group<void>;
#elif defined(DOCKER_CPP_COMPILED)
#define DOCKER_CPP_COMPILED_ELSEWHERE(group) extern template class group<void>;
#else
#define DOCKER_CPP_COMPILED_ELSEWHERE(group)
#endif

// The endpoint groups. Each is a class template used only as <void> (a program then compiles
// only the calls it makes; see docker/api/*.hpp); the aliases are the names to use.
template <class Lazy>
class BasicSystemApi;
/// The group returned by Client::system(); defined in its docker/api/ header.
using SystemApi = BasicSystemApi<void>;
template <class Lazy>
class BasicImagesApi;
/// The group returned by Client::images(); defined in its docker/api/ header.
using ImagesApi = BasicImagesApi<void>;
template <class Lazy>
class BasicContainersApi;
/// The group returned by Client::containers(); defined in its docker/api/ header.
using ContainersApi = BasicContainersApi<void>;
template <class Lazy>
class BasicExecApi;
/// The group returned by Client::exec(); defined in its docker/api/ header.
using ExecApi = BasicExecApi<void>;
template <class Lazy>
class BasicVolumesApi;
/// The group returned by Client::volumes(); defined in its docker/api/ header.
using VolumesApi = BasicVolumesApi<void>;
template <class Lazy>
class BasicNetworksApi;
/// The group returned by Client::networks(); defined in its docker/api/ header.
using NetworksApi = BasicNetworksApi<void>;
template <class Lazy>
class BasicSwarmApi;
/// The group returned by Client::swarm(); defined in its docker/api/ header.
using SwarmApi = BasicSwarmApi<void>;
template <class Lazy>
class BasicNodesApi;
/// The group returned by Client::nodes(); defined in its docker/api/ header.
using NodesApi = BasicNodesApi<void>;
template <class Lazy>
class BasicServicesApi;
/// The group returned by Client::services(); defined in its docker/api/ header.
using ServicesApi = BasicServicesApi<void>;
template <class Lazy>
class BasicTasksApi;
/// The group returned by Client::tasks(); defined in its docker/api/ header.
using TasksApi = BasicTasksApi<void>;
template <class Lazy>
class BasicSecretsApi;
/// The group returned by Client::secrets(); defined in its docker/api/ header.
using SecretsApi = BasicSecretsApi<void>;
template <class Lazy>
class BasicConfigsApi;
/// The group returned by Client::configs(); defined in its docker/api/ header.
using ConfigsApi = BasicConfigsApi<void>;
template <class Lazy>
class BasicPluginsApi;
/// The group returned by Client::plugins(); defined in its docker/api/ header.
using PluginsApi = BasicPluginsApi<void>;
template <class Lazy>
class BasicDistributionApi;
/// The group returned by Client::distribution(); defined in its docker/api/ header.
using DistributionApi = BasicDistributionApi<void>;
template <class Lazy>
class BasicSessionApi;
/// The group returned by Client::session(); defined in its docker/api/ header.
using SessionApi = BasicSessionApi<void>;

/// A connection to one Docker daemon: its address, the negotiated API version, a small pool of
/// kept-alive connections, and the mapping of error statuses to exceptions. The endpoint
/// groups (containers(), images(), ...) are the usual way in; request(), stream() and
/// upgrade() send any request. Thread-safe: calls from several threads share the pool.
class Client {
public:
    /// Connects where the docker CLI would (see ClientOptions); the same as from_env().
    DOCKER_CPP_INLINE Client();

    /// Resolves the address (host, context, environment) now, without connecting; throws
    /// UsageError for an address it cannot parse, ConfigError for a context it cannot use.
    DOCKER_CPP_INLINE explicit Client(ClientOptions options);

    /// Convenience: Client("unix:///run/docker.sock"), with default options otherwise.
    DOCKER_CPP_INLINE explicit Client(const std::string& host);
    /// Convenience: Client("tcp://127.0.0.1:2375").
    DOCKER_CPP_INLINE explicit Client(const char* host);

    /// Not movable: a Client stays where it was made, because the groups (client.containers(),
    /// ...) refer to it and a move would leave them dangling. Make it in place (a factory
    /// returning Client(...) still works), and share it by reference or a smart pointer.
    Client(Client&&) = delete;
    /// Not movable either (see above).
    Client& operator=(Client&&) = delete;

    /// Wherever `docker ps` would connect: the same as Client().
    DOCKER_CPP_INLINE static Client from_env();

    /// The resolved transport: endpoint, TLS and ssh settings, and the context it came from.
    const transport::ConnectionSettings& connection() const noexcept { return connector_->settings(); }

    /// The daemon's address as resolved.
    const Endpoint& endpoint() const noexcept { return endpoint_; }
    /// The options this client was made with (api_version filled from DOCKER_API_VERSION if set).
    const ClientOptions& options() const noexcept { return options_; }

    /// The API version every path uses ("1.47"): the one asked for, or else the older of the
    /// daemon's (from GET /_ping, once) and newest_api_version; 1.24 if the daemon does not say.
    /// Throws what the ping throws when the daemon cannot be reached.
    DOCKER_CPP_INLINE std::string api_version();

    /// Is the API version in use at least `version`? (Negotiates first if needed.)
    DOCKER_CPP_INLINE bool api_version_at_least(const std::string& version);

    /// Throws UnsupportedApiVersion naming `what` (an operation or field) when the API version
    /// in use is older than `needed`. Wrappers call it (see docker/api/version_gate.hpp)
    /// before sending anything.
    DOCKER_CPP_INLINE void require_api_version(const std::string& what, const std::string& needed);

    /// Sends any request and returns the buffered answer. `request.target` is the
    /// unversioned path and query ("/containers/json?all=1"). A status of 400 or more throws
    /// the matching ApiError (NotFound, Conflict, ...), as does a redirect; a broken
    /// connection throws ConnectionError, a timeout TimeoutError.
    DOCKER_CPP_INLINE http::Response request(http::Request request, const CallOptions& call = {});

    /// The same for a call that answers a body to read piece by piece: returns once the
    /// answer's head is in, and the body is read from the ResponseStream.
    DOCKER_CPP_INLINE ResponseStream stream(http::Request request, const CallOptions& call = {});

    /// Asks for a protocol upgrade (attach, exec start) and returns the raw connection on 101.
    /// The protocol is "tcp" unless the request names another in its Upgrade header.
    /// A daemon that answers 200 instead streams the body over the same connection; that
    /// is handed over the same way, with the bytes already read. Any other answer with a
    /// framed body throws ProtocolError.
    DOCKER_CPP_INLINE UpgradedConnection upgrade(http::Request request, const CallOptions& call = {});

    /// Header fields for one low-level call, e.g. {{"X-Registry-Auth", registry_auth_header(auth)}}.
    using HeaderFields = std::vector<std::pair<std::string, std::string>>;

    // Shorthands for the low-level call; they throw as request() does.

    /// GET `target` (unversioned path and query) and return the buffered answer.
    DOCKER_CPP_INLINE http::Response get(const std::string& target, const HeaderFields& headers = {});
    /// HEAD `target`; the answer has headers and no body.
    DOCKER_CPP_INLINE http::Response head(const std::string& target, const HeaderFields& headers = {});
    /// DELETE `target`.
    DOCKER_CPP_INLINE http::Response del(const std::string& target, const HeaderFields& headers = {});
    /// POST `target`; a non-null `body` is sent as JSON (Content-Type application/json).
    DOCKER_CPP_INLINE http::Response post(const std::string& target, const nlohmann::json& body = nullptr,
                                          const HeaderFields& headers = {});
    /// PUT `target`; a non-null `body` is sent as JSON (Content-Type application/json).
    DOCKER_CPP_INLINE http::Response put(const std::string& target, const nlohmann::json& body = nullptr,
                                         const HeaderFields& headers = {});
    /// POST with a braced body, which must spell an object: post(path, {{"Name", "x"}}). Any
    /// other braced list would become a JSON array ({"x"} is ["x"] to nlohmann), so it is
    /// refused with UsageError before sending. Write json::array({...}) or json("x") for those.
    DOCKER_CPP_INLINE http::Response post(const std::string& target, std::initializer_list<nlohmann::json> body,
                                          const HeaderFields& headers = {});
    /// PUT with a braced body that must spell an object (see the braced post()).
    DOCKER_CPP_INLINE http::Response put(const std::string& target, std::initializer_list<nlohmann::json> body,
                                         const HeaderFields& headers = {});

    /// A request with the given method, target (unversioned path and query) and header
    /// fields, and no body, to pass to request(), stream() or upgrade().
    DOCKER_CPP_INLINE static http::Request make_request(std::string method, std::string target,
                                                        const HeaderFields& headers = {});

    // Endpoint groups, defined in include/docker/api/. Each is a light handle that refers to
    // this Client, so it must not outlive it.

    /// Ping, version, info, events, disk usage, registry login (api/system.hpp).
    SystemApi system();
    /// Images: list, pull, push, build, tag, remove, load and save (api/images.hpp).
    ImagesApi images();
    /// Containers: create, start, stop, logs, attach, stats, archives, ... (api/containers.hpp).
    ContainersApi containers();
    /// Commands run in running containers (api/exec.hpp).
    ExecApi exec();
    /// Volumes (api/volumes.hpp).
    VolumesApi volumes();
    /// Networks, and connecting containers to them (api/networks.hpp).
    NetworksApi networks();
    /// The swarm this daemon belongs to: init, join, leave, update (api/swarm.hpp).
    SwarmApi swarm();
    /// Swarm nodes (api/nodes.hpp).
    NodesApi nodes();
    /// Swarm services and their logs (api/services.hpp).
    ServicesApi services();
    /// Swarm tasks (api/tasks.hpp).
    TasksApi tasks();
    /// Swarm secrets (api/secrets.hpp).
    SecretsApi secrets();
    /// Swarm configs (api/configs.hpp).
    ConfigsApi configs();
    /// Engine plugins (api/plugins.hpp).
    PluginsApi plugins();
    /// Registry image descriptors: GET /distribution/{name}/json (api/distribution.hpp).
    DistributionApi distribution();
    /// The interactive session endpoint BuildKit uses (api/session.hpp).
    SessionApi session();

    /// Connections currently idle in the pool (for tests and diagnostics).
    DOCKER_CPP_INLINE std::size_t idle_connections() const;

private:
    struct State {
        std::mutex version_mutex;
        mutable std::mutex pool_mutex;
        std::vector<std::unique_ptr<http::Connection>> idle;
        // One idle connection outside the lock: a client used from one thread at a time
        // takes and returns it with one atomic exchange each, no mutex.
        std::atomic<http::Connection*> spare{nullptr};
        State() = default;
        State(const State&) = delete;
        State& operator=(const State&) = delete;
        DOCKER_CPP_INLINE ~State();
    };

    DOCKER_CPP_INLINE static http::Request with_body(http::Request r, const nlohmann::json& body);

    DOCKER_CPP_INLINE static nlohmann::json braced_object(std::initializer_list<nlohmann::json> braced,
                                                          const char* call);

    DOCKER_CPP_INLINE static ClientOptions options_for(const std::string& host);

    // Errors, and redirects: the API has none, and following one could take a request to
    // an endpoint the caller never named (the daemon's router redirects cleaned paths).
    // 304 is the daemon's "nothing to do" and is no failure.
    static bool is_failure(int status) { return status >= 400 || (status >= 300 && status != 304); }

    DOCKER_CPP_INLINE static std::string failure_text(const http::Response& response);

    // The User-Agent is added as the head is written (http::Connection), not here: a
    // request object with no header fields costs no allocation for them.
    DOCKER_CPP_INLINE void prepare(http::Request& request, const CallOptions& call);

    DOCKER_CPP_INLINE http::Response request_prepared(const http::Request& request, const CallOptions& call);

    DOCKER_CPP_INLINE std::string read_whole_body(http::Connection& connection, Timeout timeout,
                                                  const http::Request& request);

    // A transport, protocol or timeout error names the request and the daemon it went to.
    DOCKER_CPP_INLINE void name_request(Error& e, const http::Request& request) const;

    // An error status on a streaming call: its (bounded) body says why.
    [[noreturn]] DOCKER_CPP_INLINE void throw_failure(http::Connection& connection, const http::Request& request,
                                                      Timeout timeout);

    // `check_idle`: look first whether a pooled connection was closed by the daemon. A
    // request that may be replayed skips that syscall: if the connection turns out dead
    // before any answer, execute() sends it again on a fresh one.
    DOCKER_CPP_INLINE std::unique_ptr<http::Connection> acquire(bool& reused, bool check_idle, Timeout connect_timeout);

    DOCKER_CPP_INLINE std::unique_ptr<http::Connection> acquire_from_pool(bool& reused, bool check_idle,
                                                                          Timeout connect_timeout);

    // The moment a call must end by: the earlier of its deadline and now + its call timeout.
    DOCKER_CPP_INLINE std::optional<std::chrono::steady_clock::time_point> deadline_of(const CallOptions& call) const;

    DOCKER_CPP_INLINE void release(std::unique_ptr<http::Connection> connection);

    // After a failed write: had the daemon already answered (an early error, such as 413),
    // then stopped reading our body? Its answer says more than our broken pipe or timeout.
    // After a timeout, look only when bytes are waiting: a read would wait a timeout again.
    DOCKER_CPP_INLINE static bool answered_early(http::Connection& connection, Timeout timeout, bool timed_out);

    // Sends the request and reads the answer's head. A kept-alive connection can turn out
    // dead (the daemon closed it between our check and our write); then an idempotent
    // request with a replayable body goes again on a fresh connection, once. A POST is
    // never sent twice: the daemon might have acted on the first.
    DOCKER_CPP_INLINE std::unique_ptr<http::Connection> execute(const http::Request& request, Timeout timeout,
                                                                const CallOptions& call);

    ClientOptions options_;
    std::shared_ptr<const transport::Connector> connector_;
    Endpoint endpoint_;
    std::string api_version_;  // guarded by version_mutex once negotiation can happen
    std::unique_ptr<State> state_;
};

#if DOCKER_CPP_BODIES
DOCKER_CPP_INLINE Client::Client() : Client(ClientOptions{}) {}

DOCKER_CPP_INLINE Client::Client(ClientOptions options) : options_(std::move(options)) {
    connector_ = std::make_shared<const transport::Connector>(config::resolve_connection(
        {options_.host, options_.context, options_.tls, options_.ssh, options_.config_dir}));
    endpoint_ = connector_->settings().endpoint;
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

DOCKER_CPP_INLINE Client::Client(const std::string& host) : Client(options_for(host)) {}

DOCKER_CPP_INLINE Client::Client(const char* host) : Client(std::string(host)) {}

DOCKER_CPP_INLINE Client Client::from_env() {
    return Client(ClientOptions{});
}

DOCKER_CPP_INLINE std::string Client::api_version() {
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

DOCKER_CPP_INLINE bool Client::api_version_at_least(const std::string& version) {
    return !detail::version_less(api_version(), version);
}

DOCKER_CPP_INLINE void Client::require_api_version(const std::string& what, const std::string& needed) {
    std::string in_use = api_version();
    if (detail::version_less(in_use, needed)) throw UnsupportedApiVersion(what, needed, in_use);
}

DOCKER_CPP_INLINE http::Response Client::request(http::Request request, const CallOptions& call) {
    prepare(request, call);
    return request_prepared(std::move(request), call);
}

DOCKER_CPP_INLINE ResponseStream Client::stream(http::Request request, const CallOptions& call) {
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

DOCKER_CPP_INLINE UpgradedConnection Client::upgrade(http::Request request, const CallOptions& call) {
    request.headers.set("Connection", "Upgrade");
    if (!request.headers.contains("Upgrade")) request.headers.set("Upgrade", "tcp");
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
        upgraded.status = head.status;
        upgraded.stream = connection->release(upgraded.early_bytes);
        if (call.cancel) upgraded.cancel = call.cancel->watch(*upgraded.stream);
        upgraded.deadline = connection->deadline();
        return upgraded;
    } catch (Error& e) {
        name_request(e, request);
        throw;
    }
}

DOCKER_CPP_INLINE http::Response Client::get(const std::string& target, const HeaderFields& headers) {
    return request(make_request("GET", target, headers));
}

DOCKER_CPP_INLINE http::Response Client::head(const std::string& target, const HeaderFields& headers) {
    return request(make_request("HEAD", target, headers));
}

DOCKER_CPP_INLINE http::Response Client::del(const std::string& target, const HeaderFields& headers) {
    return request(make_request("DELETE", target, headers));
}

DOCKER_CPP_INLINE http::Response Client::post(const std::string& target, const nlohmann::json& body,
                                              const HeaderFields& headers) {
    return request(with_body(make_request("POST", target, headers), body));
}

DOCKER_CPP_INLINE http::Response Client::put(const std::string& target, const nlohmann::json& body,
                                             const HeaderFields& headers) {
    return request(with_body(make_request("PUT", target, headers), body));
}

DOCKER_CPP_INLINE http::Response Client::post(const std::string& target, std::initializer_list<nlohmann::json> body,
                                              const HeaderFields& headers) {
    return post(target, braced_object(body, "post"), headers);
}

DOCKER_CPP_INLINE http::Response Client::put(const std::string& target, std::initializer_list<nlohmann::json> body,
                                             const HeaderFields& headers) {
    return put(target, braced_object(body, "put"), headers);
}

DOCKER_CPP_INLINE http::Request Client::make_request(std::string method, std::string target,
                                                     const HeaderFields& headers) {
    // Every member named: method and target are built once, not defaulted and then replaced.
    http::Request r{std::move(method), std::move(target), {}, {}, {}, {}};
    for (const auto& [name, value] : headers) r.headers.add(name, value);
    return r;
}

DOCKER_CPP_INLINE std::size_t Client::idle_connections() const {
    std::lock_guard<std::mutex> lock(state_->pool_mutex);
    return state_->idle.size() + (state_->spare.load() ? 1 : 0);
}

DOCKER_CPP_INLINE Client::State::~State() {
    delete spare.load();
}

DOCKER_CPP_INLINE http::Request Client::with_body(http::Request r, const nlohmann::json& body) {
    if (!body.is_null()) {
        r.body = body.dump();
        if (!r.headers.contains("Content-Type")) r.headers.set("Content-Type", "application/json");
    }
    return r;
}

DOCKER_CPP_INLINE nlohmann::json Client::braced_object(std::initializer_list<nlohmann::json> braced, const char* call) {
    nlohmann::json object = nlohmann::json::object();
    for (const auto& member : braced) {
        if (!member.is_array() || member.size() != 2 || !member[0].is_string())
            throw UsageError(std::string(call) + ": a braced body that is not an object ({{\"key\", value}, ...}) "
                             "would be sent as a JSON array; pass json::array({...}) or a json value instead");
        object[member[0].get<std::string>()] = member[1];
    }
    return object;
}

DOCKER_CPP_INLINE ClientOptions Client::options_for(const std::string& host) {
    ClientOptions o;
    o.host = host;
    return o;
}

DOCKER_CPP_INLINE std::string Client::failure_text(const http::Response& response) {
    if (response.status >= 300 && response.status < 400)
        return "unexpected redirect to '" + response.headers.get("Location") + "' (not followed)";
    return response.body;
}

DOCKER_CPP_INLINE void Client::prepare(http::Request& request, const CallOptions& call) {
    if (call.versioned) request.target.insert(0, "/v" + api_version());
}

DOCKER_CPP_INLINE http::Response Client::request_prepared(const http::Request& request, const CallOptions& call) {
    Timeout timeout = call.timeout.value_or(options_.read_timeout);
    std::unique_ptr<http::Connection> connection;
    try {
        connection = execute(request, timeout, call);
    } catch (Error& e) {
        name_request(e, request);
        throw;
    }
    // Each member built in place, in this order (the body is read after the head's parts
    // are taken), rather than defaulted and then assigned.
    const auto& head = connection->parser().head();
    http::Response response{head.status, head.reason, connection->take_headers(),
                            read_whole_body(*connection, timeout, request)};
    // A cancel that came after the last byte still shut the stream down: drop it.
    if (!connection->end_call()) release(std::move(connection));
    if (is_failure(response.status)) {
        std::string text = failure_text(response);
        detail::throw_api_error(response.status, request.method, request.target, text, response.headers,
                                std::move(response.body), endpoint_.to_string());
    }
    return response;
}

DOCKER_CPP_INLINE std::string Client::read_whole_body(http::Connection& connection, Timeout timeout,
                                                      const http::Request& request) {
    try {
        return connection.read_body_all(timeout);
    } catch (Error& e) {
        name_request(e, request);
        throw;
    }
}

DOCKER_CPP_INLINE void Client::name_request(Error& e, const http::Request& request) const {
    if (dynamic_cast<const ApiError*>(&e) == nullptr)
        e.set_request(request.method, request.target, endpoint_.to_string());
}

DOCKER_CPP_INLINE void Client::throw_failure(http::Connection& connection, const http::Request& request,
                                             Timeout timeout) {
    http::Response failed;
    failed.status = connection.parser().head().status;
    failed.headers = connection.take_headers();
    failed.body = connection.read_body_all(timeout, 1024 * 1024);
    std::string text = failure_text(failed);
    detail::throw_api_error(failed.status, request.method, request.target, text, failed.headers,
                            std::move(failed.body), endpoint_.to_string());
}

DOCKER_CPP_INLINE std::unique_ptr<http::Connection> Client::acquire(bool& reused, bool check_idle,
                                                                    Timeout connect_timeout) {
    // The usual case apart, so that it stays small: the spare connection, and it is usable.
    std::unique_ptr<http::Connection> spare(state_->spare.exchange(nullptr, std::memory_order_acquire));
    if (spare && !(check_idle && spare->stream().unusable_while_idle())) {
        reused = true;
        return spare;
    }
    spare.reset();  // closed by the daemon
    return acquire_from_pool(reused, check_idle, connect_timeout);
}

DOCKER_CPP_INLINE std::unique_ptr<http::Connection> Client::acquire_from_pool(bool& reused, bool check_idle,
                                                                              Timeout connect_timeout) {
    for (;;) {
        std::unique_ptr<http::Connection> connection(state_->spare.exchange(nullptr, std::memory_order_acquire));
        if (!connection) {
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
    auto stream = connector_->connect(connect_timeout);
    return std::make_unique<http::Connection>(std::move(stream), endpoint_.host_header(), options_.parser_limits,
                                              options_.user_agent);
}

DOCKER_CPP_INLINE std::optional<std::chrono::steady_clock::time_point> Client::deadline_of(
    const CallOptions& call) const {
    std::optional<std::chrono::steady_clock::time_point> deadline = call.deadline;
    std::optional<Timeout> total = call.call_timeout ? call.call_timeout : options_.call_timeout;
    if (total) {
        auto by = std::chrono::steady_clock::now() + *total;
        if (!deadline || by < *deadline) deadline = by;
    }
    return deadline;
}

DOCKER_CPP_INLINE void Client::release(std::unique_ptr<http::Connection> connection) {
    if (!connection->reusable() || options_.max_idle_connections == 0) return;
    http::Connection* empty = nullptr;
    if (state_->spare.compare_exchange_strong(empty, connection.get(), std::memory_order_acq_rel)) {
        connection.release();  // owned by the spare slot now
        return;
    }
    std::lock_guard<std::mutex> lock(state_->pool_mutex);
    // The spare slot holds one of the max_idle_connections.
    if (state_->idle.size() + 1 < options_.max_idle_connections) state_->idle.push_back(std::move(connection));
}

DOCKER_CPP_INLINE bool Client::answered_early(http::Connection& connection, Timeout timeout, bool timed_out) {
    if (timed_out && !connection.stream().unusable_while_idle()) return false;
    try {
        connection.read_head(timeout);
        return true;
    } catch (const Error&) {
        return false;
    }
}

DOCKER_CPP_INLINE std::unique_ptr<http::Connection> Client::execute(const http::Request& request, Timeout timeout,
                                                                    const CallOptions& call) {
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
#endif

}  // namespace docker
