#pragma once
// Every exception the library throws. One hierarchy, rooted at docker::Error, so callers can
// catch as broadly or as narrowly as they need.

#include <stdexcept>
#include <string>
#include <utility>

namespace docker {

// Root of everything the library throws.
class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The daemon could not be reached or the connection broke (socket-level failure).
class ConnectionError : public Error {
public:
    ConnectionError(std::string endpoint, const std::string& message)
        : Error(message), endpoint_(std::move(endpoint)) {}
    const std::string& endpoint() const noexcept { return endpoint_; }

private:
    std::string endpoint_;
};

// Connecting was refused for lack of rights on the socket (EACCES/EPERM).
class PermissionDenied : public ConnectionError {
public:
    using ConnectionError::ConnectionError;
};

// A connect, read or write did not finish within its timeout.
class TimeoutError : public ConnectionError {
public:
    using ConnectionError::ConnectionError;
};

// The peer sent bytes that are not valid HTTP/1.1 (or closed in the middle of a message).
class ProtocolError : public Error {
public:
    using Error::Error;
};

// The daemon answered with an error status. Carries what was asked and what it said.
class ApiError : public Error {
public:
    ApiError(int status, std::string method, std::string path, std::string message)
        : Error(describe(status, method, path, message)),
          status_(status),
          method_(std::move(method)),
          path_(std::move(path)),
          message_(std::move(message)) {}

    int status() const noexcept { return status_; }
    const std::string& method() const noexcept { return method_; }
    const std::string& path() const noexcept { return path_; }
    // The daemon's own words (its JSON "message"), or the raw body when it sent no JSON.
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

class BadRequest : public ApiError { public: using ApiError::ApiError; };          // 400
class Unauthorized : public ApiError { public: using ApiError::ApiError; };        // 401
class Forbidden : public ApiError { public: using ApiError::ApiError; };           // 403
class NotFound : public ApiError { public: using ApiError::ApiError; };            // 404
class NotAcceptable : public ApiError { public: using ApiError::ApiError; };       // 406
class Conflict : public ApiError { public: using ApiError::ApiError; };            // 409
class ServerError : public ApiError { public: using ApiError::ApiError; };         // 500 and other 5xx
class ServiceUnavailable : public ServerError { public: using ServerError::ServerError; };  // 503

// The daemon answered 200 and then reported a failure inside the streamed body
// (an "error"/"errorDetail" line of a pull, push, build or load).
class StreamError : public Error {
public:
    explicit StreamError(const std::string& message, int code = 0)
        : Error(message), code_(code) {}
    int code() const noexcept { return code_; }

private:
    int code_;
};

// A call was used wrongly (an invalid argument caught before anything was sent).
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
