#pragma once
/// @file
/// Reads a body of newline-separated JSON documents (events, stats) as a sequence of typed
/// values, one per line, for as long as the daemon keeps sending. The reader owns its byte
/// source; when that source is a ResponseStream, destroying the reader closes the connection,
/// which is how a follow-mode stream is cancelled.

#include <cstddef>
#include <deque>
#include <exception>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include <nlohmann/json.hpp>

#include "docker/error.hpp"
#include "docker/models/json_fields.hpp"
#include "docker/stream/input_iterator.hpp"
#include "docker/stream/json_lines.hpp"
#include "docker/stream/poll.hpp"

namespace docker::stream {

/// `Source` has `std::string_view read()`, empty at the end. `T` is read from each line with
/// nlohmann's from_json; a line of another shape raises ProtocolError.
template <class T, class Source>
class JsonStream {
public:
    /// Reads from `source`; `what` names a value in error messages ("an event"); lines may be
    /// at most `max_line_bytes` long (else ProtocolError).
    explicit JsonStream(Source source, const char* what = "a stream value",
                        std::size_t max_line_bytes = 16 * 1024 * 1024)
        : source_(std::move(source)), what_(what), decoder_(max_line_bytes) {}

    /// The next value, or false once the stream has ended. Values that arrived before a
    /// broken line are all handed out before its error is raised (and then raised again).
    bool next(T& value) {
        while (ready_.empty()) {
            if (error_) std::rethrow_exception(error_);
            if (ended_) return false;
            take(source_.read());
        }
        pop(value);
        return true;
    }

    /// The same without blocking (the source must have try_read(), as ResponseStream does):
    /// ready with a value, would_block when the source has nothing yet, ended at the end.
    PollResult try_next(T& value) {
        while (ready_.empty()) {
            if (error_) std::rethrow_exception(error_);
            if (ended_) return PollResult::ended;
            std::optional<std::string_view> piece = source_.try_read();
            if (!piece) return PollResult::would_block;
            take(*piece);
        }
        pop(value);
        return PollResult::ready;
    }

    /// The byte source, e.g. to close() the connection early.
    Source& source() noexcept { return source_; }

    /// Input iteration: for (const auto& value : stream).
    using iterator = detail::NextIterator<JsonStream, T>;

    iterator begin() { return iterator(this); }  ///< reads the first value
    iterator end() { return iterator(); }        ///< the iterator past the last value

private:
    /// Decodes a piece from the source (empty: the end) into ready_.
    void take(std::string_view piece) {
        auto keep = [this](const nlohmann::json& line) { ready_.push_back(line); };
        try {
            if (piece.empty()) {
                ended_ = true;
                decoder_.finish(keep);
            } else {
                decoder_.feed(piece, keep);
            }
        } catch (const ProtocolError&) {
            error_ = std::current_exception();
            ended_ = true;
        }
    }

    void pop(T& value) {
        nlohmann::json line = std::move(ready_.front());
        ready_.pop_front();
        // Through nlohmann's get, not detail::parse_model: T may be a caller's own type, read
        // by its adl_serializer or a from_json that takes more than objects.
        detail::convert_or_refuse(what_, [&] { value = line.get<T>(); });
    }

    Source source_;
    const char* what_;
    JsonLinesDecoder decoder_;
    std::deque<nlohmann::json> ready_;  ///< lines of one piece not yet handed out: bounded by the piece
    std::exception_ptr error_;
    bool ended_ = false;
};

}  // namespace docker::stream
