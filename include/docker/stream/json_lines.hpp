#pragma once
/// @file
/// Decodes a body of newline-separated JSON documents (pull/push progress, build output,
/// events) as the bytes arrive. Memory is bounded by the longest line, not the stream.

#include <cstddef>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "docker/detail/json_text.hpp"
#include "docker/error.hpp"

namespace docker::stream {

/// Splits bytes into lines and parses each as JSON; blank lines are skipped. A line longer
/// than the limit, or one that is not JSON, is a ProtocolError (malformed_stream).
class JsonLinesDecoder {
public:
    /// A decoder refusing lines longer than `max_line_bytes`.
    explicit JsonLinesDecoder(std::size_t max_line_bytes = 16 * 1024 * 1024) : max_line_bytes_(max_line_bytes) {}

    /// Calls on_value(const nlohmann::json&) for every complete line in `input`.
    template <class OnValue>
    void feed(std::string_view input, OnValue&& on_value) {
        while (!input.empty()) {
            std::size_t nl = input.find('\n');
            if (nl == std::string_view::npos) {
                if (pending_.size() + input.size() > max_line_bytes_)
                    throw ProtocolError(ProtocolErrorKind::malformed_stream, "JSON stream line longer than " + std::to_string(max_line_bytes_) + " bytes");
                pending_.append(input);
                return;
            }
            if (pending_.empty()) {
                // The same limit as for a buffered line, so the outcome never depends on
                // where the reads were cut.
                if (nl > max_line_bytes_)
                    throw ProtocolError(ProtocolErrorKind::malformed_stream, "JSON stream line longer than " + std::to_string(max_line_bytes_) + " bytes");
                emit(input.substr(0, nl), on_value);  // whole line in the input: no copy
            } else {
                if (pending_.size() + nl > max_line_bytes_)
                    throw ProtocolError(ProtocolErrorKind::malformed_stream, "JSON stream line longer than " + std::to_string(max_line_bytes_) + " bytes");
                pending_.append(input.substr(0, nl));
                emit(pending_, on_value);
                pending_.clear();
            }
            input.remove_prefix(nl + 1);
        }
    }

    /// End of the stream: a last line without a newline still counts.
    template <class OnValue>
    void finish(OnValue&& on_value) {
        if (!pending_.empty()) {
            std::string last;
            last.swap(pending_);
            emit(last, on_value);
        }
    }

private:
    template <class OnValue>
    static void emit(std::string_view line, OnValue& on_value) {
        while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
        while (!line.empty() && (line.front() == ' ' || line.front() == '\t' || line.front() == '\r')) line.remove_prefix(1);
        if (line.empty()) return;
        nlohmann::json value = detail::parse_json_or_discarded(line);
        if (value.is_discarded())
            throw ProtocolError(ProtocolErrorKind::malformed_stream, "invalid JSON in stream: '" + std::string(line.substr(0, 200)) + "'");
        on_value(value);
    }

    std::size_t max_line_bytes_;
    std::string pending_;
};

}  // namespace docker::stream
