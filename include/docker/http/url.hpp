#pragma once
/// @file
/// Percent-encoding of path segments and query strings (RFC 3986).

#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "docker/detail/compiled_mode.hpp"

namespace docker::http {

namespace detail {

DOCKER_CPP_INLINE bool is_unreserved(unsigned char c);

DOCKER_CPP_INLINE std::string percent_encode(std::string_view text, std::string_view also_allowed);

#if DOCKER_CPP_BODIES
DOCKER_CPP_INLINE bool is_unreserved(unsigned char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
           c == '_' || c == '~';
}

DOCKER_CPP_INLINE std::string percent_encode(std::string_view text, std::string_view also_allowed) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(text.size());
    for (unsigned char c : text) {
        if (is_unreserved(c) || also_allowed.find(static_cast<char>(c)) != std::string_view::npos) {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}
#endif

}  // namespace detail

/// One path segment: '/' is encoded too, so an id or name can never step into another path.
/// ':' and '@' stay, since image references like "busybox:latest" and digests use them.
inline std::string encode_path_segment(std::string_view segment) {
    return detail::percent_encode(segment, "!$&'()*+,;=:@");
}

/// A path of several segments, e.g. an image name "127.0.0.1:5000/team/app": '/' kept.
inline std::string encode_path(std::string_view path) { return detail::percent_encode(path, "!$&'()*+,;=:@/"); }

/// A query key or value: everything outside the unreserved set is encoded.
inline std::string encode_query_component(std::string_view text) { return detail::percent_encode(text, ""); }

/// Builds "?a=1&b=2"; empty when nothing was added.
class Query {
public:
    /// Appends key=value, both percent-encoded; a key may repeat.
    DOCKER_CPP_INLINE Query& add(std::string_view key, std::string_view value);
    /// The same for a C string (not nullptr).
    Query& add(std::string_view key, const char* value) { return add(key, std::string_view(value)); }
    /// The same for a std::string.
    Query& add(std::string_view key, const std::string& value) { return add(key, std::string_view(value)); }
    /// A flag, sent as "1" or "0" (what the daemon's boolean parameters read).
    Query& add(std::string_view key, bool value) { return add(key, value ? "1" : "0"); }
    /// An integer in decimal.
    template <class Integer, class = std::enable_if_t<std::is_integral_v<Integer> && !std::is_same_v<Integer, bool>>>
    Query& add(std::string_view key, Integer value) {
        return add(key, std::to_string(value));
    }
    /// "?a=1&b=2", or empty when nothing was added: append it to the path.
    const std::string& str() const noexcept { return text_; }

private:
    std::string text_;
};

#if DOCKER_CPP_BODIES
DOCKER_CPP_INLINE Query& Query::add(std::string_view key, std::string_view value) {
    text_ += text_.empty() ? '?' : '&';
    text_ += encode_query_component(key);
    text_ += '=';
    text_ += encode_query_component(value);
    return *this;
}
#endif

}  // namespace docker::http
