#pragma once
// Demultiplexes Docker's log/attach stream format: each frame is an 8-byte header — stream
// type (0 stdin, 1 stdout, 2 stderr, 3 system error), three zero bytes, a big-endian 32-bit
// payload length — followed by the payload.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "docker/error.hpp"
#include "docker/stream/input_iterator.hpp"
#include "docker/stream/poll.hpp"

namespace docker {

enum class StreamType : std::uint8_t { stdin_stream = 0, stdout_stream = 1, stderr_stream = 2, system_error = 3 };

}  // namespace docker

namespace docker::stream {

class LogFrameDecoder {
public:
    // Frames longer than this are delivered in pieces of at most this size, so memory stays
    // bounded whatever a peer claims in a header.
    explicit LogFrameDecoder(std::size_t max_piece_bytes = 1024 * 1024)
        : max_piece_bytes_(max_piece_bytes > 0 ? max_piece_bytes : 1) {}

    // Calls on_frame(StreamType, std::string_view payload) per frame (or per piece of a
    // frame larger than the piece limit).
    template <class OnFrame>
    void feed(std::string_view input, OnFrame&& on_frame) {
        while (!input.empty()) {
            if (header_used_ < 8) {
                std::size_t n = std::min<std::size_t>(8 - header_used_, input.size());
                for (std::size_t i = 0; i < n; ++i) header_[header_used_ + i] = static_cast<unsigned char>(input[i]);
                header_used_ += n;
                input.remove_prefix(n);
                if (header_used_ < 8) return;
                start_frame();
                if (remaining_ == 0) {
                    header_used_ = 0;  // an empty frame carries nothing
                    continue;
                }
            }
            // Never more than a piece's worth at once, however much arrived.
            std::size_t take = std::min<std::size_t>({remaining_, input.size(), max_piece_bytes_ - pending_.size()});
            std::string_view part = input.substr(0, take);
            input.remove_prefix(take);
            remaining_ -= static_cast<std::uint32_t>(take);
            if (pending_.empty() && (remaining_ == 0 || take == max_piece_bytes_)) {
                on_frame(type_, part);  // a whole frame (or a whole piece) in the input: no copy
            } else {
                pending_.append(part);
                if (remaining_ == 0 || pending_.size() == max_piece_bytes_) {
                    on_frame(type_, std::string_view(pending_));
                    pending_.clear();
                }
            }
            if (remaining_ == 0) header_used_ = 0;
        }
    }

    // End of the stream. Ending inside a frame means data was lost: that is an error.
    void finish() const {
        if (header_used_ != 0)
            throw ProtocolError(ProtocolErrorKind::truncated, "log stream ended in the middle of a frame (" +
                                (header_used_ < 8 ? std::string("header") : std::to_string(remaining_) + " bytes missing") + ")");
    }

    bool in_frame() const noexcept { return header_used_ != 0; }

private:
    void start_frame() {
        if (header_[0] > 3 || header_[1] != 0 || header_[2] != 0 || header_[3] != 0)
            throw ProtocolError(ProtocolErrorKind::malformed_stream, "not a multiplexed log stream: bad frame header");
        type_ = static_cast<StreamType>(header_[0]);
        remaining_ = (std::uint32_t{header_[4]} << 24) | (std::uint32_t{header_[5]} << 16) |
                     (std::uint32_t{header_[6]} << 8) | std::uint32_t{header_[7]};
    }

    std::size_t max_piece_bytes_;
    unsigned char header_[8] = {};
    std::size_t header_used_ = 0;
    std::uint32_t remaining_ = 0;
    StreamType type_ = StreamType::stdout_stream;
    std::string pending_;
};

}  // namespace docker::stream

namespace docker {

// One piece of a container's output: what it wrote on one stream.
struct LogFrame {
    StreamType stream = StreamType::stdout_stream;
    std::string data;

    bool is_stdout() const noexcept { return stream == StreamType::stdout_stream; }
    bool is_stderr() const noexcept { return stream == StreamType::stderr_stream; }
    const std::string& text() const noexcept { return data; }
};

}  // namespace docker

namespace docker {

// A piece of one frame, in place: a view into the stream's buffer, valid until the next call
// on the reader. A frame that arrived in parts (the daemon's chunks do not follow frames)
// comes as several pieces; the last has frame_end set.
struct LogPiece {
    StreamType stream = StreamType::stdout_stream;
    std::string_view data;
    bool frame_end = true;

    bool is_stdout() const noexcept { return stream == StreamType::stdout_stream; }
    bool is_stderr() const noexcept { return stream == StreamType::stderr_stream; }
};

}  // namespace docker

namespace docker::stream {

// Turns a byte source into log output: demultiplexed when the stream is multiplexed, else
// (a TTY) every piece is stdout. `Source` has `std::string_view read()`, empty at the end.
//
// Two ways to read: next_piece() hands out views into the source's buffer and copies
// nothing; next() (and iteration) gathers whole frames into a LogFrame, one copy, reusing
// the frame's capacity. Frames longer than `max_frame_bytes` come in pieces of that size, so
// memory stays bounded whatever a header claims.
template <class Source>
class FrameReader {
public:
    FrameReader(Source source, bool multiplexed, std::size_t max_frame_bytes = 1024 * 1024)
        : source_(std::move(source)), multiplexed_(multiplexed), max_frame_bytes_(max_frame_bytes ? max_frame_bytes : 1) {}

    // The next piece of output, or false at the end of the stream. No copy, no allocation.
    bool next_piece(LogPiece& piece) { return next_piece_upto(piece, static_cast<std::size_t>(-1)); }

    // The same without blocking (the source must have try_read(), as ResponseStream does):
    // ready with a piece, would_block when the source has nothing yet, ended at the end.
    PollResult try_next_piece(LogPiece& piece) { return step<true>(piece, static_cast<std::size_t>(-1)); }

    // The next whole frame (or a max_frame_bytes piece of a longer one), or false at the end.
    bool next(LogFrame& frame) {
        LogPiece piece;
        if (!next_piece_upto(piece, max_frame_bytes_)) return false;
        frame.stream = piece.stream;
        frame.data.assign(piece.data);
        while (!piece.frame_end && frame.data.size() < max_frame_bytes_) {
            if (!next_piece_upto(piece, max_frame_bytes_ - frame.data.size())) break;
            frame.data.append(piece.data);
        }
        return true;
    }

    bool multiplexed() const noexcept { return multiplexed_; }
    Source& source() noexcept { return source_; }
    // Inside a frame (its header or payload only partly read)?
    bool in_frame() const noexcept { return header_used_ != 0; }

    // Input iteration: for (const LogFrame& frame : reader).
    using iterator = detail::NextIterator<FrameReader, LogFrame>;

    iterator begin() { return iterator(this); }
    iterator end() { return iterator(); }

private:
    bool next_piece_upto(LogPiece& piece, std::size_t limit) { return step<false>(piece, limit) == PollResult::ready; }

    template <bool NonBlocking>
    PollResult step(LogPiece& piece, std::size_t limit) {
        for (;;) {
            if (input_.empty()) {
                if (ended_) return PollResult::ended;
                if constexpr (NonBlocking) {
                    std::optional<std::string_view> got = source_.try_read();
                    if (!got) return PollResult::would_block;
                    input_ = *got;
                } else {
                    input_ = source_.read();
                }
                if (input_.empty()) {
                    ended_ = true;
                    if (multiplexed_ && header_used_ != 0)
                        throw ProtocolError(ProtocolErrorKind::truncated,
                                            "log stream ended in the middle of a frame (" +
                                                (header_used_ < 8 ? std::string("header")
                                                                  : std::to_string(remaining_) + " bytes missing") +
                                                ")");
                    return PollResult::ended;
                }
            }
            if (!multiplexed_) {
                std::size_t take = std::min(input_.size(), limit);
                piece = LogPiece{StreamType::stdout_stream, input_.substr(0, take), true};
                input_.remove_prefix(take);
                return PollResult::ready;
            }
            if (header_used_ < 8) {
                std::size_t n = std::min<std::size_t>(8 - header_used_, input_.size());
                std::memcpy(header_ + header_used_, input_.data(), n);
                header_used_ += n;
                input_.remove_prefix(n);
                if (header_used_ < 8) continue;
                if (header_[0] > 3 || header_[1] != 0 || header_[2] != 0 || header_[3] != 0)
                    throw ProtocolError(ProtocolErrorKind::malformed_stream, "not a multiplexed log stream: bad frame header");
                type_ = static_cast<StreamType>(header_[0]);
                remaining_ = (std::uint32_t{header_[4]} << 24) | (std::uint32_t{header_[5]} << 16) |
                             (std::uint32_t{header_[6]} << 8) | std::uint32_t{header_[7]};
                if (remaining_ == 0) {
                    header_used_ = 0;  // an empty frame carries nothing
                    continue;
                }
                if (input_.empty()) continue;
            }
            std::size_t take = std::min<std::size_t>({remaining_, input_.size(), limit});
            remaining_ -= static_cast<std::uint32_t>(take);
            piece = LogPiece{type_, input_.substr(0, take), remaining_ == 0};
            input_.remove_prefix(take);
            if (remaining_ == 0) header_used_ = 0;
            return PollResult::ready;
        }
    }

    Source source_;
    bool multiplexed_;
    std::size_t max_frame_bytes_;
    bool ended_ = false;
    std::string_view input_;  // the rest of the source's last piece
    unsigned char header_[8] = {};
    std::size_t header_used_ = 0;
    std::uint32_t remaining_ = 0;
    StreamType type_ = StreamType::stdout_stream;
};

}  // namespace docker::stream
