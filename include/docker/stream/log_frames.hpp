#pragma once
/// @file
/// Demultiplexes Docker's log/attach stream format: each frame is an 8-byte header — stream
/// type (0 stdin, 1 stdout, 2 stderr, 3 system error), three zero bytes, a big-endian 32-bit
/// payload length — followed by the payload.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "docker/detail/compiled_mode.hpp"
#include "docker/error.hpp"
#include "docker/stream/input_iterator.hpp"
#include "docker/stream/poll.hpp"

namespace docker {

/// Which stream a frame belongs to: the first byte of its header.
enum class StreamType : std::uint8_t {
    stdin_stream = 0,   ///< stdin (part of the format; output comes as stdout and stderr)
    stdout_stream = 1,  ///< stdout; all output of a container with a TTY
    stderr_stream = 2,  ///< stderr
    system_error = 3    ///< an error of the daemon's own, sent in the stream
};

}  // namespace docker

namespace docker::detail {

// A frame header (8 bytes, big-endian) as one number: the stream type in the top byte, the
// payload size in the low four. Spelled out, not a loop: compilers make it one load and a
// byte swap. The type may be 0 to 3 and the three bytes after it must be zero.
// Out of line and cold: the throw must not weigh on the loops that read headers.
// (GCC refuses noinline on an inline function declared apart from its body, so where bodies
// are seen these two are defined at their one declaration.)
#if DOCKER_CPP_BODIES
[[noreturn, gnu::cold, gnu::noinline]] DOCKER_CPP_INLINE void throw_bad_frame_header() {
    throw ProtocolError(ProtocolErrorKind::malformed_stream, "not a multiplexed log stream: bad frame header");
}
#else
[[noreturn, gnu::cold]] void throw_bad_frame_header();
#endif

inline std::uint64_t read_frame_header(const unsigned char* bytes) {
    std::uint64_t header = (std::uint64_t{bytes[0]} << 56) | (std::uint64_t{bytes[1]} << 48) |
                           (std::uint64_t{bytes[2]} << 40) | (std::uint64_t{bytes[3]} << 32) |
                           (std::uint64_t{bytes[4]} << 24) | (std::uint64_t{bytes[5]} << 16) |
                           (std::uint64_t{bytes[6]} << 8) | std::uint64_t{bytes[7]};
    if ((header >> 32) & 0xfcffffffu) throw_bad_frame_header();
    return header;
}

// The stream ended inside a frame: in its header, or `missing` bytes into its payload.
#if DOCKER_CPP_BODIES
[[noreturn, gnu::cold, gnu::noinline]] DOCKER_CPP_INLINE void throw_truncated_frame(bool in_header,
                                                                                    std::uint32_t missing) {
    throw ProtocolError(ProtocolErrorKind::truncated,
                        "log stream ended in the middle of a frame (" +
                            (in_header ? std::string("header") : std::to_string(missing) + " bytes missing") + ")");
}
#else
[[noreturn, gnu::cold]] void throw_truncated_frame(bool in_header, std::uint32_t missing);
#endif

}  // namespace docker::detail

namespace docker::stream {

/// The frame format's decoder, fed bytes as they arrive (FrameReader wraps it for a source).
class LogFrameDecoder {
public:
    /// Frames longer than this are delivered in pieces of at most this size, so memory stays
    /// bounded whatever a peer claims in a header.
    explicit LogFrameDecoder(std::size_t max_piece_bytes = 1024 * 1024)
        : max_piece_bytes_(max_piece_bytes > 0 ? max_piece_bytes : 1) {}

    /// Calls on_frame(StreamType, std::string_view payload) per frame (or per piece of a
    /// frame larger than the piece limit).
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

    /// End of the stream. Ending inside a frame means data was lost: that is an error.
    DOCKER_CPP_INLINE void finish() const;

    /// Inside a frame (its header or payload only partly read)?
    bool in_frame() const noexcept { return header_used_ != 0; }

private:
    DOCKER_CPP_INLINE void start_frame();

    std::size_t max_piece_bytes_;
    unsigned char header_[8] = {};
    std::size_t header_used_ = 0;
    std::uint32_t remaining_ = 0;
    StreamType type_ = StreamType::stdout_stream;
    std::string pending_;
};

#if DOCKER_CPP_BODIES
DOCKER_CPP_INLINE void LogFrameDecoder::finish() const {
    if (header_used_ != 0) detail::throw_truncated_frame(header_used_ < 8, remaining_);
}

DOCKER_CPP_INLINE void LogFrameDecoder::start_frame() {
    std::uint64_t header = detail::read_frame_header(header_);
    type_ = static_cast<StreamType>(header >> 56);
    remaining_ = static_cast<std::uint32_t>(header);
}
#endif

}  // namespace docker::stream

namespace docker {

/// One piece of a container's output: what it wrote on one stream.
struct LogFrame {
    StreamType stream = StreamType::stdout_stream;  ///< where it was written
    std::string data;                               ///< the bytes, as written (not one line)

    bool is_stdout() const noexcept { return stream == StreamType::stdout_stream; }  ///< written to stdout
    bool is_stderr() const noexcept { return stream == StreamType::stderr_stream; }  ///< written to stderr
    const std::string& text() const noexcept { return data; }                        ///< the bytes
};

}  // namespace docker

namespace docker {

/// A piece of one frame, in place: a view into the stream's buffer, valid until the next call
/// on the reader. A frame that arrived in parts (the daemon's chunks do not follow frames)
/// comes as several pieces; the last has frame_end set.
struct LogPiece {
    StreamType stream = StreamType::stdout_stream;  ///< where it was written
    std::string_view data;                          ///< the bytes, valid until the next read
    bool frame_end = true;                          ///< the last piece of its frame

    bool is_stdout() const noexcept { return stream == StreamType::stdout_stream; }  ///< written to stdout
    bool is_stderr() const noexcept { return stream == StreamType::stderr_stream; }  ///< written to stderr
};

}  // namespace docker

namespace docker::stream {

/// Turns a byte source into log output: demultiplexed when the stream is multiplexed, else
/// (a TTY) every piece is stdout. `Source` has `std::string_view read()`, empty at the end.
///
/// Two ways to read: next_piece() hands out views into the source's buffer and copies
/// nothing; next() (and iteration) gathers whole frames into a LogFrame, one copy, reusing
/// the frame's capacity. Frames longer than `max_frame_bytes` come in pieces of that size, so
/// memory stays bounded whatever a header claims.
template <class Source>
class FrameReader {
public:
    /// Reads from `source`; `multiplexed`: the bytes are framed (no TTY), else raw stdout.
    FrameReader(Source source, bool multiplexed, std::size_t max_frame_bytes = 1024 * 1024)
        : source_(std::move(source)), multiplexed_(multiplexed), max_frame_bytes_(max_frame_bytes ? max_frame_bytes : 1) {}

    /// The next piece of output, or false at the end of the stream. No copy, no allocation.
    [[gnu::always_inline]] bool next_piece(LogPiece& piece) { return next_piece_upto(piece, static_cast<std::size_t>(-1)); }

    /// The same without blocking (the source must have try_read(), as ResponseStream does):
    /// ready with a piece, would_block when the source has nothing yet, ended at the end.
    PollResult try_next_piece(LogPiece& piece) { return step<true>(piece, static_cast<std::size_t>(-1)); }

    /// The next whole frame (or a max_frame_bytes piece of a longer one), or false at the end.
    bool next(LogFrame& frame) {
        LogPiece piece;
        if (!next_piece_upto(piece, max_frame_bytes_)) return false;
        frame.stream = piece.stream;
        // clear() and append() rather than assign(): assign must allow for the source lying
        // inside the string, and costs about twice as much per frame for it.
        frame.data.clear();
        frame.data.append(piece.data.data(), piece.data.size());
        while (!piece.frame_end && frame.data.size() < max_frame_bytes_) {
            if (!next_piece_upto(piece, max_frame_bytes_ - frame.data.size())) break;
            frame.data.append(piece.data);
        }
        return true;
    }

    bool multiplexed() const noexcept { return multiplexed_; }  ///< framed (no TTY)?
    Source& source() noexcept { return source_; }  ///< the byte source, e.g. to close() it early
    /// Inside a frame (its header or payload only partly read)? Never so without multiplexing.
    bool in_frame() const noexcept { return multiplexed_ && (header_used_ != 0 || remaining_ != 0); }

    /// Input iteration: for (const LogFrame& frame : reader).
    using iterator = detail::NextIterator<FrameReader, LogFrame>;

    iterator begin() { return iterator(this); }  ///< reads the first frame
    iterator end() { return iterator(); }        ///< the iterator past the last frame

private:
    [[gnu::always_inline]] bool next_piece_upto(LogPiece& piece, std::size_t limit) { return step<false>(piece, limit) == PollResult::ready; }

    // One piece per call. Usually the piece lies in what the source already gave, with its
    // header whole if it starts one: taken with no call at all. Everything else (an empty
    // input, a header split between two reads) goes to refill(), kept out of line and away
    // from `piece`, so that the common path, inlined into the caller's loop, needs no stack
    // frame and the piece can stay in registers.
    template <bool NonBlocking>
    [[gnu::always_inline]] PollResult step(LogPiece& piece, std::size_t limit) {
        for (;;) {
            if (take_buffered(piece, limit)) return PollResult::ready;
            PollResult more = refill<NonBlocking>();
            if (more != PollResult::ready) return more;
        }
    }

    /// Reads more input when it ran out, and gathers a header split between two reads.
    /// ready: take_buffered() may go on.
    // The usual call (a new chunk of input) keeps only `this` across the read: the rare
    // cases are functions of their own, so this one saves and restores one register.
    template <bool NonBlocking>
    [[gnu::noinline]] PollResult refill() {
        if (next_ == end_) {
            if (ended_) return PollResult::ended;
            std::string_view got;
            if constexpr (NonBlocking) {
                std::optional<std::string_view> ready = source_.try_read();
                if (!ready) return PollResult::would_block;
                got = *ready;
            } else {
                got = source_.read();
            }
            next_ = got.data();
            end_ = got.data() + got.size();
            if (got.empty()) return end_of_input();
            // Without multiplexing (a TTY) each input is one frame of stdout, so that
            // take_buffered() hands it out as more of a frame, with no test of its own.
            if (!multiplexed_) remaining_ = got.size();
        }
        std::size_t size = static_cast<std::size_t>(end_ - next_);
        if (remaining_ != 0 || (header_used_ == 0 && size >= 8)) return PollResult::ready;
        gather_header();
        return PollResult::ready;
    }

    // A header split between two reads: its bytes gathered into header_ (at most 8). When
    // the input runs out first, take_buffered() finds it empty and refill() reads on.
    [[gnu::noinline]] void gather_header() {
        std::size_t n = std::min<std::size_t>(8 - header_used_, static_cast<std::size_t>(end_ - next_));
        std::memcpy(header_ + header_used_, next_, n);
        header_used_ += n;
        next_ += n;
        if (header_used_ < 8) return;
        header_used_ = 0;
        std::uint64_t header = detail::read_frame_header(header_);
        type_ = static_cast<StreamType>(header >> 56);
        remaining_ = static_cast<std::uint32_t>(header);
    }

    // The source said end of stream: fine between frames, truncation inside one.
    [[gnu::noinline]] PollResult end_of_input() {
        ended_ = true;
        if (in_frame()) detail::throw_truncated_frame(header_used_ != 0, static_cast<std::uint32_t>(remaining_));
        return PollResult::ended;
    }

    /// A piece from the input alone when it lies there (with its header whole, if it starts
    /// one); false otherwise, with nothing lost: the slow path goes on from there.
    [[gnu::always_inline]] bool take_buffered(LogPiece& piece, std::size_t limit) {
        // Worked on in locals and stored back once: `piece` could alias this reader as far
        // as the compiler knows, so every member would be reloaded after each store to it.
        const char* data = next_;
        std::size_t size = static_cast<std::size_t>(end_ - data);
        if (size == 0) return false;
        std::size_t remaining = remaining_;
        if (remaining != 0) {  // more of a frame's payload, or of a TTY's input
            std::size_t take = std::min(remaining, size);
            if (take > limit) take = limit;
            remaining -= take;
            remaining_ = remaining;
            next_ = data + take;
            piece.stream = type_;
            piece.data = std::string_view(data, take);
            piece.frame_end = remaining == 0;
            return true;
        }
        // At a frame header; never so without multiplexing. (No half-gathered header to look
        // at: the slow path gathers one only from the last bytes of an input, so while the
        // input holds bytes, header_used_ is 0.)
        if (size < 8) return false;
        std::uint64_t header = detail::read_frame_header(reinterpret_cast<const unsigned char*>(data));
        data += 8;
        size -= 8;
        StreamType type = static_cast<StreamType>(header >> 56);
        remaining = static_cast<std::uint32_t>(header);
        if (remaining == 0) {  // an empty frame (rare): the slow path comes back here for the next
            next_ = data;
            return false;
        }
        std::size_t take = std::min(remaining, size);
        if (take > limit) take = limit;
        next_ = data + take;
        if (take < remaining) {  // the frame goes on past this piece: keep its state
            remaining_ = remaining - take;
            type_ = type;
            if (take == 0) return false;  // the header ended the input; its payload is still to come
        }
        piece.stream = type;
        piece.data = std::string_view(data, take);
        piece.frame_end = take == remaining;
        return true;
    }

    /// The 8 header bytes as one big-endian number (type, three zero bytes, length), checked.

    Source source_;
    bool multiplexed_;
    std::size_t max_frame_bytes_;
    bool ended_ = false;
    const char* next_ = nullptr;  ///< the rest of the source's last piece: from here
    const char* end_ = nullptr;   ///< to here
    unsigned char header_[8] = {};  ///< a header split between two reads, while gathered
    std::size_t header_used_ = 0;   ///< bytes of it gathered so far
    std::size_t remaining_ = 0;     ///< payload bytes of the current frame (or TTY input) still to come
    StreamType type_ = StreamType::stdout_stream;
};

}  // namespace docker::stream
