#pragma once
/// @file
/// Every exception the library throws. One hierarchy, rooted at docker::Error, so callers can
/// catch as broadly or as narrowly as they need.

#include <stdexcept>
#include <string>
#include <utility>

namespace docker {

/// Root of everything the library throws.
class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// The daemon could not be reached or the connection broke (socket-level failure).
class ConnectionError : public Error {
public:
    /// @param endpoint the daemon's address, as Endpoint::to_string() writes it
    /// @param message what failed, naming the endpoint
    ConnectionError(std::string endpoint, const std::string& message)
        : Error(message), endpoint_(std::move(endpoint)) {}
    /// The daemon's address, e.g. "unix:///var/run/docker.sock".
    const std::string& endpoint() const noexcept { return endpoint_; }

private:
    std::string endpoint_;
};

/// Connecting was refused for lack of rights on the socket (EACCES/EPERM).
class PermissionDenied : public ConnectionError {
public:
    using ConnectionError::ConnectionError;
};

/// A connect, read or write did not finish within its timeout.
class TimeoutError : public ConnectionError {
public:
    using ConnectionError::ConnectionError;
};

/// The peer sent bytes that are not valid HTTP/1.1 (or closed in the middle of a message).
class ProtocolError : public Error {
public:
    using Error::Error;
};

/// The daemon answered with an error status. Carries what was asked and what it said.
class ApiError : public Error {
public:
    /// @param status the HTTP status (>= 400)
    /// @param method the request's method, e.g. "POST"
    /// @param path the request target as sent, e.g. "/v1.41/containers/create?name=x"
    /// @param message the daemon's message (see message())
    ApiError(int status, std::string method, std::string path, std::string message)
        : Error(describe(status, method, path, message)),
          status_(status),
          method_(std::move(method)),
          path_(std::move(path)),
          message_(std::move(message)) {}

    /// The HTTP status, e.g. 404.
    int status() const noexcept { return status_; }
    /// The request's method, e.g. "DELETE".
    const std::string& method() const noexcept { return method_; }
    /// The request target as sent, versioned: "/v1.41/containers/x".
    const std::string& path() const noexcept { return path_; }
    /// The daemon's own words (its JSON "message"), or the raw body when it sent no JSON.
    const std::string& message() const noexcept { return message_; }

private:
    static std::string describe(int status, const std::string& method, const std::string& path,
                                const std::string& message) {
        std::string text = method + " " + path + ": " + std::to_string(status);
        if (!message.empty()) text += ": " + message;
        return text;
    }

    int status_;
    std::string method_;
    std::string path_;
    std::string message_;
};

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
    ApiVersionRefused(int status, std::string method, std::string path, std::string message,
                          std::string requested_version, std::string daemon_version, bool too_old)
        : BadRequest(status, std::move(method), std::move(path), std::move(message)),
          requested_(std::move(requested_version)),
          daemon_(std::move(daemon_version)),
          too_old_(too_old),
          text_(std::string(BadRequest::what()) + " (this client asked for API " + requested_ +
                ", the daemon's " + (too_old_ ? "minimum" : "maximum") + " is " + daemon_ +
                ": pin a version in that range, or leave it unset to negotiate)") {}

    /// The daemon's answer and both versions, with what to do about it.
    const char* what() const noexcept override { return text_.c_str(); }
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
    using Error::Error;
};

// The API version in use lacks an operation, a query parameter or a request field the call
// needs. Thrown before anything is sent; names what needs which version.
class UnsupportedApiVersion : public Error {
public:
    UnsupportedApiVersion(std::string what, std::string needed, std::string in_use)
        : Error(what + " needs API " + needed + ", the client uses " + in_use),
          what_(std::move(what)),
          needed_(std::move(needed)),
          in_use_(std::move(in_use)) {}

    const std::string& feature() const noexcept { return what_; }         // the operation or field
    const std::string& required_version() const noexcept { return needed_; }
    const std::string& api_version() const noexcept { return in_use_; }

private:
    std::string what_;
    std::string needed_;
    std::string in_use_;
};

}  // namespace docker

namespace docker {

// TLS with the daemon failed: the handshake, the daemon's certificate (wrong CA, expired,
// another host's), or a peer that does not speak TLS. Names the endpoint and the reason.
class TlsError : public ConnectionError {
public:
    using ConnectionError::ConnectionError;
};

// Local configuration the library was pointed at is unusable: an unknown context, a
// malformed config.json or meta.json, a missing certificate or key file, TLS asked for in a
// build without OpenSSL. Nothing was sent.
class ConfigError : public Error {
public:
    using Error::Error;
};

// A credential helper (docker-credential-<name>) is missing, failed, or answered garbage.
// Never carries the secret, only the helper's name, the registry and what went wrong.
class CredentialsError : public Error {
public:
    using Error::Error;
};

// The object changed since the version the update names was read (a swarm service, node,
// secret, config or the swarm itself): inspect it again and retry with the new version.
// dockerd 20.10 answers this with a vague 500 "rpc error: code = Unknown desc = update out
// of sequence", so it is classified by its message; status() keeps what the daemon sent.
class VersionConflict : public Conflict {
public:
    using Conflict::Conflict;
};

namespace detail {

// Is this the daemon's word for a stale version index? (swarmkit's errSequence, passed
// through as gRPC Unknown, whatever status the engine wraps it in).
inline bool is_stale_version_message(const std::string& message) {
    return message.find("update out of sequence") != std::string::npos;
}

}  // namespace detail

}  // namespace docker
