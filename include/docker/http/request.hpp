#pragma once
/// @file
/// An HTTP/1.1 request and its serialisation to bytes.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "docker/detail/compiled_mode.hpp"
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
    DOCKER_CPP_INLINE bool idempotent() const;
};

#if DOCKER_CPP_BODIES
DOCKER_CPP_INLINE bool Request::idempotent() const {
    std::string_view m(method);  // compares sizes first, unlike std::string == const char*
    return m == "GET" || m == "HEAD" || m == "PUT" || m == "DELETE" || m == "OPTIONS";
}
#endif

namespace detail {

DOCKER_CPP_INLINE void check_header_text(std::string_view text, const char* what);

// Does the word hold a byte below 0x21 (a control character or a space)? Exact for any bytes
// (the "has less than" trick: a borrow out of such a byte sets its top bit).
DOCKER_CPP_INLINE bool has_byte_below_0x21(std::uint64_t word);

DOCKER_CPP_INLINE std::uint64_t load_u64(const char* p);
DOCKER_CPP_INLINE std::uint32_t load_u32(const char* p);

// Could `text` hold a byte check_header_text refuses (or a space, or be empty)? A cheap first
// look that lets the usual request skip the byte-by-byte checks: eight bytes a step, and a
// short text gathered into one word (loads may overlap; a byte looked at twice is harmless).
DOCKER_CPP_INLINE bool needs_check(std::string_view text);

DOCKER_CPP_INLINE bool is_ours_to_set(std::string_view name);

// Writes into a buffer sized beforehand: one resize rather than an append per piece.
struct HeadWriter {
    char* at;
    DOCKER_CPP_INLINE void put(std::string_view piece);
};

// Has the user agent already been checked for control characters (by whoever keeps it)?
enum class UserAgentCheck { needed, done };

DOCKER_CPP_INLINE bool has_control_character(std::string_view text);

DOCKER_CPP_INLINE void serialize_head(std::string& out, const Request& request, const std::string& host,
                                      const std::string& user_agent, UserAgentCheck check);

}  // namespace detail

/// The request line and header section, ending in the blank line, written over `out` (whose
/// capacity is reused). `host` becomes the Host header; `user_agent`, when not empty, the
/// User-Agent unless the request has its own; framing headers (Content-Length or
/// Transfer-Encoding) follow from the body.
inline void serialize_head_into(std::string& out, const Request& request, const std::string& host,
                                const std::string& user_agent = {}) {
    detail::serialize_head(out, request, host, user_agent, detail::UserAgentCheck::needed);
}

/// The request head (request line and fields, without a User-Agent) as a new string.
DOCKER_CPP_INLINE std::string serialize_head(const Request& request, const std::string& host);

/// Frames one piece of a chunked body: "<hex size>\r\n<data>\r\n". The last chunk is "0\r\n\r\n".
DOCKER_CPP_INLINE void append_chunk_header(std::string& out, std::size_t size);

#if DOCKER_CPP_BODIES
namespace detail {

DOCKER_CPP_INLINE void check_header_text(std::string_view text, const char* what) {
    for (char c : text)
        if (c == '\r' || c == '\n' || c == '\0')
            throw UsageError(std::string("invalid HTTP request: ") + what + " contains a control character");
}

DOCKER_CPP_INLINE bool has_byte_below_0x21(std::uint64_t word) {
    constexpr std::uint64_t ones = 0x0101010101010101ull, tops = 0x8080808080808080ull;
    return ((word - ones * 0x21) & ~word & tops) != 0;
}

DOCKER_CPP_INLINE std::uint64_t load_u64(const char* p) {
    std::uint64_t w;
    std::memcpy(&w, p, sizeof w);
    return w;
}

DOCKER_CPP_INLINE std::uint32_t load_u32(const char* p) {
    std::uint32_t w;
    std::memcpy(&w, p, sizeof w);
    return w;
}

DOCKER_CPP_INLINE bool needs_check(std::string_view text) {
    const char* p = text.data();
    std::size_t n = text.size();
    if (n >= 8) {
        for (std::size_t i = 0; i + 8 < n; i += 8)
            if (has_byte_below_0x21(load_u64(p + i))) return true;
        return has_byte_below_0x21(load_u64(p + n - 8));
    }
    if (n >= 4) return has_byte_below_0x21(load_u32(p) | std::uint64_t{load_u32(p + n - 4)} << 32);
    if (n == 0) return true;
    // One to three bytes: the first, middle and last, the other five bytes harmless ('~').
    std::uint64_t word = 0x7e7e7e7e7e000000ull | static_cast<unsigned char>(p[0]) |
                         std::uint64_t{static_cast<unsigned char>(p[n / 2])} << 8 |
                         std::uint64_t{static_cast<unsigned char>(p[n - 1])} << 16;
    return has_byte_below_0x21(word);
}

DOCKER_CPP_INLINE bool is_ours_to_set(std::string_view name) {
    switch (name.size()) {  // the length first: most fields are none of these
    case 4: return iequals(name, "Host");
    case 14: return iequals(name, "Content-Length");
    case 17: return iequals(name, "Transfer-Encoding");
    default: return false;
    }
}

DOCKER_CPP_INLINE void HeadWriter::put(std::string_view piece) {
    std::memcpy(at, piece.data(), piece.size());
    at += piece.size();
}

DOCKER_CPP_INLINE bool has_control_character(std::string_view text) {
    for (char c : text)
        if (c == '\r' || c == '\n' || c == '\0') return true;
    return false;
}

DOCKER_CPP_INLINE void serialize_head(std::string& out, const Request& request, const std::string& host,
                                      const std::string& user_agent, UserAgentCheck check) {
    const std::string_view method(request.method), target(request.target);
    if (needs_check(method) || needs_check(target)) {
        detail::check_header_text(request.method, "method");
        detail::check_header_text(request.target, "target");
        if (request.target.empty() || request.target.find(' ') != std::string::npos)
            throw UsageError("invalid HTTP request target '" + request.target + "'");
        // A method is one token: a space or tab in it would shift the request line.
        if (request.method.empty() || request.method.find_first_of(" \t") != std::string::npos)
            throw UsageError("invalid HTTP request method '" + request.method + "'");
    }
    // First the checks and the size, then the bytes.
    std::size_t size = method.size() + 1 + target.size() + (sizeof " HTTP/1.1\r\nHost: " - 1) + host.size() + 2;
    for (const auto& [name, value] : request.headers) {
        if (is_ours_to_set(name)) continue;
        detail::check_header_text(name, "header name");
        detail::check_header_text(value, "header value");
        size += name.size() + 2 + value.size() + 2;
    }
    bool add_user_agent = !user_agent.empty() && !request.headers.contains("User-Agent");
    if (add_user_agent) {
        if (check == UserAgentCheck::needed) check_header_text(user_agent, "header value");
        size += (sizeof "User-Agent: " - 1) + user_agent.size() + 2;
    }
    char digits[24];
    std::string_view framing;  // the framing field's value, if one is sent
    bool chunked = false;
    if (request.body_source) {
        if (request.body_length) {
            int n = std::snprintf(digits, sizeof digits, "%llu", static_cast<unsigned long long>(*request.body_length));
            framing = std::string_view(digits, static_cast<std::size_t>(n));
        } else {
            chunked = true;
            framing = "chunked";
        }
    } else if (!request.body.empty() || method == "POST" || method == "PUT") {
        // POST/PUT with no body still say so; some servers wait for a body otherwise.
        int n = std::snprintf(digits, sizeof digits, "%zu", request.body.size());
        framing = std::string_view(digits, static_cast<std::size_t>(n));
    }
    constexpr std::string_view length_name = "Content-Length: ", chunked_name = "Transfer-Encoding: ";
    if (!framing.empty()) size += (chunked ? chunked_name.size() : length_name.size()) + framing.size() + 2;
    size += 2;

    out.resize(size);
    HeadWriter w{&out[0]};
    w.put(method);
    w.put(" ");
    w.put(target);
    w.put(" HTTP/1.1\r\nHost: ");
    w.put(host);
    w.put("\r\n");
    for (const auto& [name, value] : request.headers) {
        if (is_ours_to_set(name)) continue;
        w.put(name);
        w.put(": ");
        w.put(value);
        w.put("\r\n");
    }
    if (add_user_agent) {
        w.put("User-Agent: ");
        w.put(user_agent);
        w.put("\r\n");
    }
    if (!framing.empty()) {
        w.put(chunked ? chunked_name : length_name);
        w.put(framing);
        w.put("\r\n");
    }
    w.put("\r\n");
}

}  // namespace detail

DOCKER_CPP_INLINE std::string serialize_head(const Request& request, const std::string& host) {
    std::string out;
    out.reserve(256);
    serialize_head_into(out, request, host);
    return out;
}

DOCKER_CPP_INLINE void append_chunk_header(std::string& out, std::size_t size) {
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
#endif

}  // namespace docker::http
