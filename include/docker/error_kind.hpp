#pragma once
// What an error means, as Go's errdefs tells it (IsNotFound, IsConflict, IsInvalidParameter,
// ...), rather than only which status the daemon sent. The status decides where it is
// precise; where a daemon is vague — dockerd 20.10 answers several caller mistakes with 500
// and a network in use with 403 — the daemon's message decides:
//
//   catch (const docker::Error& e) {
//       if (docker::is_conflict(e)) ...   // e.g. unpause of a running container (500 on 20.10)
//   }
//
// The exception thrown keeps its status class (ServerError for a 500); this adds the meaning.

#include <array>
#include <cctype>
#include <exception>
#include <string>
#include <string_view>

#include "docker/detail/compiled_mode.hpp"
#include "docker/error.hpp"

namespace docker {

/// What an error means, as Go's errdefs classes tell it; see error_kind().
enum class ErrorKind {
    not_found,          ///< no such object
    conflict,           ///< the object's state forbids it (in use, already paused, stale version)
    invalid_parameter,  ///< the request itself is wrong (bad filter, bad value, bad argument)
    unauthorized,       ///< the credentials were refused
    forbidden,          ///< not allowed, whatever the state
    not_implemented,    ///< the daemon (or its configuration) cannot do it
    unavailable,        ///< not now (e.g. not a swarm manager)
    internal,           ///< the daemon failed
    other,              ///< not an answer of the daemon (connection, protocol, stream, ...)
};

namespace detail {

DOCKER_CPP_INLINE bool contains_text(std::string_view text, std::string_view part);

// Messages of answers whose status says less than they do, lower case. dockerd 20.10's
// words; newer engines send the precise status for the same cases.
DOCKER_CPP_INLINE ErrorKind kind_from_message(std::string_view message, ErrorKind fallback);

#if DOCKER_CPP_BODIES
DOCKER_CPP_INLINE bool contains_text(std::string_view text, std::string_view part) {
    auto lower = [](unsigned char c) { return static_cast<char>(std::tolower(c)); };
    if (part.size() > text.size()) return false;
    for (std::size_t i = 0; i + part.size() <= text.size(); ++i) {
        std::size_t k = 0;
        while (k < part.size() && lower(static_cast<unsigned char>(text[i + k])) == part[k]) ++k;
        if (k == part.size()) return true;
    }
    return false;
}

DOCKER_CPP_INLINE ErrorKind kind_from_message(std::string_view message, ErrorKind fallback) {
    struct Rule {
        std::string_view part;
        ErrorKind kind;
    };
    static constexpr std::array<Rule, 17> rules{{
        {"is not paused", ErrorKind::conflict},             // unpause of a running container: 500
        {"is already paused", ErrorKind::conflict},
        {"update out of sequence", ErrorKind::conflict},    // a stale swarm object version: 500
        {"has active endpoints", ErrorKind::conflict},      // a network in use: 403
        {"is in use", ErrorKind::conflict},
        {"failed with status: 401", ErrorKind::unauthorized},  // /auth with a wrong password: 500
        {"unauthorized", ErrorKind::unauthorized},
        {"incorrect username or password", ErrorKind::unauthorized},
        {"invalid filter", ErrorKind::invalid_parameter},
        {"failed to parse value as time or duration", ErrorKind::invalid_parameter},  // a bad until filter: 500
        {"invalid character", ErrorKind::invalid_parameter},  // JSON that did not parse
        {"cannot unmarshal", ErrorKind::invalid_parameter},   // JSON of the wrong shape: 500
        {"no such container", ErrorKind::not_found},  // e.g. a since filter naming nothing: 500
        {"no such image", ErrorKind::not_found},
        {"no such network", ErrorKind::not_found},
        {"no such volume", ErrorKind::not_found},
        {"no such object", ErrorKind::not_found},
    }};
    for (const Rule& rule : rules)
        if (contains_text(message, rule.part)) return rule.kind;
    return fallback;
}
#endif

}  // namespace detail

/// The meaning of a daemon's error answer: from its status where that is precise, else from
/// its message (dockerd 20.10 answers several caller mistakes with 500).
DOCKER_CPP_INLINE ErrorKind error_kind(const ApiError& e);

/// The meaning of anything the library throws: a daemon's answer as above; a call refused
/// before sending (UsageError) is an invalid parameter; the rest is `other`.
DOCKER_CPP_INLINE ErrorKind error_kind(const std::exception& e);

#if DOCKER_CPP_BODIES
DOCKER_CPP_INLINE ErrorKind error_kind(const ApiError& e) {
    switch (e.status()) {
    case 400: return ErrorKind::invalid_parameter;
    case 401: return ErrorKind::unauthorized;
    case 403: return detail::kind_from_message(e.message(), ErrorKind::forbidden);
    case 404: return ErrorKind::not_found;
    case 409: return ErrorKind::conflict;
    case 501: return ErrorKind::not_implemented;
    case 503: return ErrorKind::unavailable;
    default:
        if (e.status() >= 500) return detail::kind_from_message(e.message(), ErrorKind::internal);
        return detail::kind_from_message(e.message(), ErrorKind::other);
    }
}

DOCKER_CPP_INLINE ErrorKind error_kind(const std::exception& e) {
    if (auto* api = dynamic_cast<const ApiError*>(&e)) return error_kind(*api);
    if (dynamic_cast<const UsageError*>(&e)) return ErrorKind::invalid_parameter;
    return ErrorKind::other;
}
#endif

/// error_kind(e) is ErrorKind::not_found (Go's errdefs.IsNotFound).
inline bool is_not_found(const std::exception& e) { return error_kind(e) == ErrorKind::not_found; }
/// error_kind(e) is ErrorKind::conflict.
inline bool is_conflict(const std::exception& e) { return error_kind(e) == ErrorKind::conflict; }
/// error_kind(e) is ErrorKind::invalid_parameter.
inline bool is_invalid_parameter(const std::exception& e) { return error_kind(e) == ErrorKind::invalid_parameter; }
/// error_kind(e) is ErrorKind::unauthorized.
inline bool is_unauthorized(const std::exception& e) { return error_kind(e) == ErrorKind::unauthorized; }
/// error_kind(e) is ErrorKind::forbidden.
inline bool is_forbidden(const std::exception& e) { return error_kind(e) == ErrorKind::forbidden; }
/// error_kind(e) is ErrorKind::not_implemented.
inline bool is_not_implemented(const std::exception& e) { return error_kind(e) == ErrorKind::not_implemented; }
/// error_kind(e) is ErrorKind::unavailable.
inline bool is_unavailable(const std::exception& e) { return error_kind(e) == ErrorKind::unavailable; }

}  // namespace docker
