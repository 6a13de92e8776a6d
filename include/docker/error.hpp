#pragma once
/// @file
/// Every exception the library throws. One hierarchy, rooted at docker::Error, so callers can
/// catch as broadly or as narrowly as they need.

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "docker/detail/compiled_mode.hpp"

namespace docker {

/// Root of everything the library throws.
class Error : public std::runtime_error {
public:
    /// An error saying `message`.
    DOCKER_CPP_INLINE explicit Error(const std::string& message);
    /// An error saying `message`.
    explicit Error(const char* message) : Error(std::string(message)) {}

    /// The whole message, naming the request when one was set (see set_request()).
    DOCKER_CPP_INLINE const char* what() const noexcept override;

    /// The request this error happened in, when it happened in one (empty otherwise).
    const std::string& method() const noexcept { return method_; }
    /// The request target of that request, as sent.
    const std::string& path() const noexcept { return path_; }
    /// The daemon's address ("unix:///var/run/docker.sock"), when known.
    const std::string& endpoint() const noexcept { return endpoint_; }

    /// Names the request a transport, protocol or timeout error happened in: the message
    /// then starts with "GET /v1.41/_ping on unix:///run/docker.sock: ". Done once; later
    /// calls (an outer layer rethrowing) keep the first.
    DOCKER_CPP_INLINE void set_request(const std::string& method, const std::string& path, const std::string& endpoint);

protected:
    /// An error that happened in the request `method` `path` to `endpoint`.
    DOCKER_CPP_INLINE Error(const std::string& message, std::string method, std::string path, std::string endpoint);

private:
    std::string message_;
    std::string method_;
    std::string path_;
    std::string endpoint_;
};

#if DOCKER_CPP_BODIES
DOCKER_CPP_INLINE Error::Error(const std::string& message) : std::runtime_error(message), message_(message) {}

DOCKER_CPP_INLINE const char* Error::what() const noexcept { return message_.c_str(); }

DOCKER_CPP_INLINE void Error::set_request(const std::string& method, const std::string& path,
                                          const std::string& endpoint) {
    if (!method_.empty() || method.empty()) return;
    method_ = method;
    path_ = path;
    if (endpoint_.empty()) endpoint_ = endpoint;
    /// A connect error already names the endpoint; say it once.
    bool named = !endpoint.empty() && message_.find(endpoint) != std::string::npos;
    message_.insert(0, method + " " + path + (named || endpoint.empty() ? "" : " on " + endpoint) + ": ");
}

DOCKER_CPP_INLINE Error::Error(const std::string& message, std::string method, std::string path, std::string endpoint)
    : std::runtime_error(message),
      message_(message),
      method_(std::move(method)),
      path_(std::move(path)),
      endpoint_(std::move(endpoint)) {}
#endif

/// The daemon could not be reached or the connection broke (socket-level failure).
class ConnectionError : public Error {
public:
    /// A failure reaching `endpoint` (the daemon's address), described by `message`.
    ConnectionError(std::string endpoint, const std::string& message) : Error(message, {}, {}, std::move(endpoint)) {}
};

/// Connecting was refused for lack of rights on the socket (EACCES/EPERM).
class PermissionDenied : public ConnectionError {
public:
    /// The constructors of ConnectionError.
    using ConnectionError::ConnectionError;
};

/// A connect, read or write did not finish within its timeout.
class TimeoutError : public ConnectionError {
public:
    /// The constructors of ConnectionError.
    using ConnectionError::ConnectionError;
};

/// A call was cancelled from another thread (CancelToken::cancel) before it finished.
/// The connection it used is closed, never returned to the pool half-read.
class Cancelled : public Error {
public:
    /// The constructors of Error.
    using Error::Error;
};

/// What exactly was wrong with the peer's bytes, for a program to act on without matching
/// message text.
enum class ProtocolErrorKind {
    other,                      // anything not listed (tar archives, base64, ...)
    malformed_status_line,      // not "HTTP/1.x NNN reason", or a status outside 100-599
    unsupported_version,        // HTTP/2, HTTP/0.9, ...
    malformed_header,           // a field line that is not name ":" value
    head_too_large,             // status line and fields beyond ParserLimits::max_head_bytes
    too_many_fields,            // beyond ParserLimits::max_header_count
    bad_transfer_encoding,      // a coding other than chunked, or chunked twice / not last
    invalid_content_length,     // not digits, or too large
    conflicting_length,         // Content-Length values that differ
    bad_chunk_size,             // chunk-size line not hex, too long, garbage after it
    malformed_chunk,            // chunk data not followed by CRLF
    truncated,                  // the peer closed in the middle of a message
    body_too_large,             // a buffered body beyond the caller's limit
    unexpected_upgrade_answer,  // attach/exec answered with neither 101 nor a raw stream
    malformed_stream,           // a log frame header or JSON line that is not what it should be
    unexpected_json,            // JSON of another shape than the model expects
};

/// A short name for a kind, as used in messages and test output.
DOCKER_CPP_INLINE const char* to_string(ProtocolErrorKind kind) noexcept;

#if DOCKER_CPP_BODIES
DOCKER_CPP_INLINE const char* to_string(ProtocolErrorKind kind) noexcept {
    switch (kind) {
    case ProtocolErrorKind::malformed_status_line: return "malformed status line";
    case ProtocolErrorKind::unsupported_version: return "unsupported HTTP version";
    case ProtocolErrorKind::malformed_header: return "malformed header";
    case ProtocolErrorKind::head_too_large: return "head too large";
    case ProtocolErrorKind::too_many_fields: return "too many header fields";
    case ProtocolErrorKind::bad_transfer_encoding: return "bad transfer encoding";
    case ProtocolErrorKind::invalid_content_length: return "invalid content length";
    case ProtocolErrorKind::conflicting_length: return "conflicting content length";
    case ProtocolErrorKind::bad_chunk_size: return "bad chunk size";
    case ProtocolErrorKind::malformed_chunk: return "malformed chunk";
    case ProtocolErrorKind::truncated: return "truncated message";
    case ProtocolErrorKind::body_too_large: return "body too large";
    case ProtocolErrorKind::unexpected_upgrade_answer: return "unexpected upgrade answer";
    case ProtocolErrorKind::malformed_stream: return "malformed stream";
    case ProtocolErrorKind::unexpected_json: return "unexpected JSON";
    case ProtocolErrorKind::other: break;
    }
    return "protocol error";
}
#endif

/// The peer sent bytes that are not valid HTTP/1.1 (or closed in the middle of a message).
class ProtocolError : public Error {
public:
    /// Malformed bytes of another kind than those ProtocolErrorKind names.
    explicit ProtocolError(const std::string& message) : Error(message) {}
    /// Malformed bytes of the given kind.
    ProtocolError(ProtocolErrorKind kind, const std::string& message) : Error(message), kind_(kind) {}
    /// What exactly was malformed.
    ProtocolErrorKind kind() const noexcept { return kind_; }

private:
    ProtocolErrorKind kind_ = ProtocolErrorKind::other;
};

/// The daemon answered with an error status. Carries what was asked and what it said.
class ApiError : public Error {
public:
    /// The response's header fields, in order, as sent.
    using Fields = std::vector<std::pair<std::string, std::string>>;
    /// How much of an error body is kept (the daemon's are a line of JSON).
    static constexpr std::size_t max_body_bytes = 64 * 1024;

    /// The daemon answered `status` to `method` `path`, saying `message`.
    DOCKER_CPP_INLINE ApiError(int status, std::string method, std::string path, std::string message);
    /// The same, with the answer's header fields and body (cut at max_body_bytes), and the endpoint.
    DOCKER_CPP_INLINE ApiError(int status, std::string method, std::string path, std::string message, Fields headers,
                               std::string body, std::string endpoint = {});

    /// The HTTP status, e.g. 404.
    int status() const noexcept { return status_; }
    /// The daemon's own words (its JSON "message"), or the raw body when it sent no JSON.
    const std::string& message() const noexcept { return message_; }
    /// The response's header fields, and its body (at most max_body_bytes of it).
    const Fields& headers() const noexcept { return headers_; }
    /// The answer's body, at most max_body_bytes of it.
    const std::string& body() const noexcept { return body_; }
    /// First value of a response header, case-insensitively; empty when absent.
    DOCKER_CPP_INLINE std::string header(std::string_view name) const;

private:
    static char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }
    DOCKER_CPP_INLINE static std::string describe(int status, const std::string& method, const std::string& path,
                                                  const std::string& message);

    int status_;
    std::string message_;
    Fields headers_;
    std::string body_;
};

#if DOCKER_CPP_BODIES
DOCKER_CPP_INLINE ApiError::ApiError(int status, std::string method, std::string path, std::string message)
    : Error(describe(status, method, path, message), method, path, {}),
      status_(status),
      message_(std::move(message)) {}

DOCKER_CPP_INLINE ApiError::ApiError(int status, std::string method, std::string path, std::string message,
                                     Fields headers, std::string body, std::string endpoint)
    : Error(describe(status, method, path, message), method, path, std::move(endpoint)),
      status_(status),
      message_(std::move(message)),
      headers_(std::move(headers)),
      body_(std::move(body)) {
    if (body_.size() > max_body_bytes) body_.resize(max_body_bytes);
}

DOCKER_CPP_INLINE std::string ApiError::header(std::string_view name) const {
    for (const auto& field : headers_) {
        if (field.first.size() != name.size()) continue;
        bool same = true;
        for (std::size_t i = 0; i < name.size() && same; ++i) same = lower(field.first[i]) == lower(name[i]);
        if (same) return field.second;
    }
    return {};
}

DOCKER_CPP_INLINE std::string ApiError::describe(int status, const std::string& method, const std::string& path,
                                                 const std::string& message) {
    std::string text = method + " " + path + ": " + std::to_string(status);
    if (!message.empty()) text += ": " + message;
    return text;
}
#endif

/// 400 Bad Request: the request was malformed or named something invalid.
class BadRequest : public ApiError { public: using ApiError::ApiError; };
/// 401 Unauthorized: a registry wanted credentials.
class Unauthorized : public ApiError { public: using ApiError::ApiError; };
/// 403 Forbidden.
class Forbidden : public ApiError { public: using ApiError::ApiError; };
/// 404 Not Found: no such container, image, volume, exec, ...
class NotFound : public ApiError { public: using ApiError::ApiError; };
/// 406 Not Acceptable.
class NotAcceptable : public ApiError { public: using ApiError::ApiError; };
/// 409 Conflict: the object is in the wrong state (running, in use, name taken).
class Conflict : public ApiError { public: using ApiError::ApiError; };
/// 500 and every other 5xx: the daemon failed.
class ServerError : public ApiError { public: using ApiError::ApiError; };
/// 503 Service Unavailable.
class ServiceUnavailable : public ServerError { public: using ServerError::ServerError; };

/// The daemon refused the API version in the request path (its 400 "client version 1.41 is
/// too old. Minimum supported API version is 1.44, ..." or "... is too new. Maximum ...").
/// Happens with a pinned version (ClientOptions::api_version, DOCKER_API_VERSION) that the
/// daemon no longer or not yet serves; negotiation never asks for one.
class ApiVersionRefused : public BadRequest {
public:
    /// The ApiError fields, plus the two versions the daemon's message names and which
    /// bound was crossed.
    DOCKER_CPP_INLINE ApiVersionRefused(int status, std::string method, std::string path, std::string message,
                                        std::string requested_version, std::string daemon_version, bool too_old,
                                        Fields headers = {}, std::string body = {}, std::string endpoint = {});

    /// The daemon's answer and both versions, with what to do about it.
    DOCKER_CPP_INLINE const char* what() const noexcept override;
    /// The version this client sent, e.g. "1.41".
    const std::string& requested_version() const noexcept { return requested_; }
    /// The daemon's minimum (too_old()) or maximum supported version, e.g. "1.44".
    const std::string& daemon_version() const noexcept { return daemon_; }
    /// True when the requested version is below the daemon's minimum.
    bool too_old() const noexcept { return too_old_; }

private:
    std::string requested_;
    std::string daemon_;
    bool too_old_;
    std::string text_;
};

#if DOCKER_CPP_BODIES
DOCKER_CPP_INLINE ApiVersionRefused::ApiVersionRefused(int status, std::string method, std::string path,
                                                       std::string message, std::string requested_version,
                                                       std::string daemon_version, bool too_old, Fields headers,
                                                       std::string body, std::string endpoint)
    : BadRequest(status, std::move(method), std::move(path), std::move(message), std::move(headers),
                 std::move(body), std::move(endpoint)),
      requested_(std::move(requested_version)),
      daemon_(std::move(daemon_version)),
      too_old_(too_old),
      text_(std::string(BadRequest::what()) + " (this client asked for API " + requested_ +
            ", the daemon's " + (too_old_ ? "minimum" : "maximum") + " is " + daemon_ +
            ": pin a version in that range, or leave it unset to negotiate)") {}

DOCKER_CPP_INLINE const char* ApiVersionRefused::what() const noexcept { return text_.c_str(); }
#endif

/// The daemon answered 200 and then reported a failure inside the streamed body
/// (an "error"/"errorDetail" line of a pull, push, build or load).
class StreamError : public Error {
public:
    /// @param message the daemon's error text
    /// @param code its errorDetail.code (a failed build step's exit code), 0 when absent
    explicit StreamError(const std::string& message, int code = 0)
        : Error(message), code_(code) {}
    /// The errorDetail.code the daemon sent (a failed RUN's exit code), or 0.
    int code() const noexcept { return code_; }

private:
    int code_;
};

/// A call was used wrongly (an invalid argument caught before anything was sent).
class UsageError : public Error {
public:
    /// The constructors of Error.
    using Error::Error;
};

/// The API version in use lacks an operation, a query parameter or a request field the call
/// needs. Thrown before anything is sent; names what needs which version.
class UnsupportedApiVersion : public Error {
public:
    /// `what` (an operation or field) needs API `needed`; the client uses `in_use`.
    DOCKER_CPP_INLINE UnsupportedApiVersion(std::string what, std::string needed, std::string in_use);

    /// The operation or field, e.g. "ContainerStop query parameter \"signal\"".
    const std::string& feature() const noexcept { return what_; }
    /// The API version it needs, e.g. "1.42".
    const std::string& required_version() const noexcept { return needed_; }
    /// The API version in use.
    const std::string& api_version() const noexcept { return in_use_; }

private:
    std::string what_;
    std::string needed_;
    std::string in_use_;
};

#if DOCKER_CPP_BODIES
DOCKER_CPP_INLINE UnsupportedApiVersion::UnsupportedApiVersion(std::string what, std::string needed, std::string in_use)
    : Error(what + " needs API " + needed + ", the client uses " + in_use),
      what_(std::move(what)),
      needed_(std::move(needed)),
      in_use_(std::move(in_use)) {}
#endif

}  // namespace docker

namespace docker {

/// TLS with the daemon failed: the handshake, the daemon's certificate (wrong CA, expired,
/// another host's), or a peer that does not speak TLS. Names the endpoint and the reason.
class TlsError : public ConnectionError {
public:
    /// The constructors of ConnectionError.
    using ConnectionError::ConnectionError;
};

/// Local configuration the library was pointed at is unusable: an unknown context, a
/// malformed config.json or meta.json, a missing certificate or key file, TLS asked for in a
/// build without OpenSSL. Nothing was sent.
class ConfigError : public Error {
public:
    /// The constructors of Error.
    using Error::Error;
};

/// A credential helper (`docker-credential-NAME`) is missing, failed, or answered garbage.
/// Never carries the secret, only the helper's name, the registry and what went wrong.
class CredentialsError : public Error {
public:
    /// The constructors of Error.
    using Error::Error;
};

/// The object changed since the version the update names was read (a swarm service, node,
/// secret, config or the swarm itself): inspect it again and retry with the new version.
/// dockerd 20.10 answers this with a vague 500 "rpc error: code = Unknown desc = update out
/// of sequence", so it is classified by its message; status() keeps what the daemon sent.
class VersionConflict : public Conflict {
public:
    /// The constructors of Conflict.
    using Conflict::Conflict;
};

namespace detail {

/// Is this the daemon's word for a stale version index? (swarmkit's errSequence, passed
/// through as gRPC Unknown, whatever status the engine wraps it in).
DOCKER_CPP_INLINE bool is_stale_version_message(const std::string& message);

#if DOCKER_CPP_BODIES
DOCKER_CPP_INLINE bool is_stale_version_message(const std::string& message) {
    return message.find("update out of sequence") != std::string::npos;
}
#endif

}  // namespace detail

}  // namespace docker
