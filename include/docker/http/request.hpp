#pragma once
/// @file
/// An HTTP/1.1 request and its serialisation to bytes.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "docker/error.hpp"
#include "docker/http/headers.hpp"

namespace docker::http {

/// Produces a request body piece by piece: fill `buffer` with up to `size` bytes and return
/// how many; 0 means the body is complete.
using BodySource = std::function<std::size_t(char* buffer, std::size_t size)>;

/// One HTTP/1.1 request, as Client::make_request() starts it. Client::request() adds the API
/// version prefix; Host and the framing headers come from serialize_head_into().
struct Request {
    std::string method = "GET";  ///< "GET", "POST", "HEAD", "PUT", "DELETE"
    std::string target = "/";  ///< origin-form: path and query, already percent-encoded
    Headers headers;           ///< extra fields (Content-Type, X-Registry-Auth...)

    std::string body;          ///< sent with Content-Length, unless body_source is set
    BodySource body_source;    ///< streamed; chunked unless body_length is known
    std::optional<std::uint64_t> body_length;  ///< body_source's exact length, sent as Content-Length

    /// Is there a body to send (in memory or streamed)?
    bool has_body() const { return !body.empty() || static_cast<bool>(body_source); }

    /// RFC 9110 §9.2.2: a retry of these cannot change the result.
    bool idempotent() const {
        return method == "GET" || method == "HEAD" || method == "PUT" || method == "DELETE" || method == "OPTIONS";
    }
};

namespace detail {

inline void check_header_text(std::string_view text, const char* what) {
    for (char c : text)
        if (c == '\r' || c == '\n' || c == '\0')
            throw UsageError(std::string("invalid HTTP request: ") + what + " contains a control character");
}

}  // namespace detail

/// The request line and header section, ending in the blank line, written over `out` (whose
/// capacity is reused). `host` becomes the Host header; `user_agent`, when not empty, the
/// User-Agent unless the request has its own; framing headers (Content-Length or
/// Transfer-Encoding) follow from the body.
inline void serialize_head_into(std::string& out, const Request& request, const std::string& host,
                                const std::string& user_agent = {}) {
    detail::check_header_text(request.method, "method");
    detail::check_header_text(request.target, "target");
    if (request.target.empty() || request.target.find(' ') != std::string::npos)
        throw UsageError("invalid HTTP request target '" + request.target + "'");
    out.clear();
    out += request.method;
    out += ' ';
    out += request.target;
    out += " HTTP/1.1\r\nHost: ";
    out += host;
    out += "\r\n";
    for (const auto& [name, value] : request.headers) {
        if (detail::iequals(name, "Host") || detail::iequals(name, "Content-Length") ||
            detail::iequals(name, "Transfer-Encoding"))
            continue;  // ours to set
        detail::check_header_text(name, "header name");
        detail::check_header_text(value, "header value");
        out += name;
        out += ": ";
        out += value;
        out += "\r\n";
    }
    if (!user_agent.empty() && !request.headers.contains("User-Agent")) {
        detail::check_header_text(user_agent, "header value");
        out += "User-Agent: ";
        out += user_agent;
        out += "\r\n";
    }
    if (request.body_source) {
        if (request.body_length) {
            out += "Content-Length: " + std::to_string(*request.body_length) + "\r\n";
        } else {
            out += "Transfer-Encoding: chunked\r\n";
        }
    } else if (!request.body.empty() || request.method == "POST" || request.method == "PUT") {
        // POST/PUT with no body still say so; some servers wait for a body otherwise.
        char digits[24];
        int n = std::snprintf(digits, sizeof digits, "%zu", request.body.size());
        out += "Content-Length: ";
        out.append(digits, static_cast<std::size_t>(n));
        out += "\r\n";
    }
    out += "\r\n";
}

/// The same into a new string, without a User-Agent.
inline std::string serialize_head(const Request& request, const std::string& host) {
    std::string out;
    out.reserve(256);
    serialize_head_into(out, request, host);
    return out;
}

/// Frames one piece of a chunked body: "<hex size>\r\n<data>\r\n". The last chunk is "0\r\n\r\n".
inline void append_chunk_header(std::string& out, std::size_t size) {
    static constexpr char hex[] = "0123456789abcdef";
    char digits[sizeof(std::size_t) * 2];
    int n = 0;
    do {
        digits[n++] = hex[size & 15];
        size >>= 4;
    } while (size != 0);
    while (n > 0) out += digits[--n];
    out += "\r\n";
}

}  // namespace docker::http
