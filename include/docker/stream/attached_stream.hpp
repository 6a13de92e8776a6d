#pragma once
/// @file
/// A two-way stream over a hijacked connection (container attach, exec start): the process's
/// output read as LogFrames, its stdin written as bytes. The connection left HTTP after the
/// daemon's 101 (or raw 200), so from here on it is only bytes, in both directions.


#include <atomic>
#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "docker/detail/compiled_mode.hpp"
#include "docker/error.hpp"
#include "docker/stream/input_iterator.hpp"
#include "docker/stream/log_frames.hpp"
#include "docker/transport/cancel.hpp"
#include "docker/transport/stream.hpp"

namespace docker::detail {

// What the reading side, the writing side and cancel() share. Kept on the heap so that its
// address survives moves of the AttachedStream (the frame reader's source points at it).
struct HijackedConnection {
    static constexpr std::size_t buffer_size = 64 * 1024;

    std::unique_ptr<transport::Stream> stream;
    std::string early;  // bytes that arrived with the response head
    bool early_delivered = false;
    std::vector<char> buffer = std::vector<char>(buffer_size);
    transport::Timeout read_timeout = transport::no_timeout;
    transport::Timeout write_timeout = transport::no_timeout;
    bool stdin_closed = false;
    std::atomic<bool> cancelled{false};
    // A CancelToken watching `stream` (after it, so destroyed first), and the call's deadline.
    CancelToken::Registration token;
    std::optional<std::chrono::steady_clock::time_point> deadline;

    // The read timeout, shortened to what is left of the deadline.
    DOCKER_CPP_INLINE transport::Timeout read_bound() const;
};

#if DOCKER_CPP_BODIES
DOCKER_CPP_INLINE transport::Timeout HijackedConnection::read_bound() const {
    if (!deadline) return read_timeout;
    auto left = std::chrono::duration_cast<transport::Timeout>(*deadline - std::chrono::steady_clock::now());
    if (left <= transport::Timeout(0))
        throw TimeoutError(stream->describe(), "the call's deadline passed while reading from " + stream->describe());
    left += transport::Timeout(1);
    return read_timeout == transport::no_timeout || left < read_timeout ? left : read_timeout;
}
#endif

// FrameReader's byte source: the early bytes first, then whatever the connection delivers.
class HijackedSource {
public:
    explicit HijackedSource(HijackedConnection* connection) : c_(connection) {}

    DOCKER_CPP_INLINE std::string_view read();

    // Without blocking: nullopt when nothing is there yet.
    DOCKER_CPP_INLINE std::optional<std::string_view> try_read();

private:
    HijackedConnection* c_;
};

#if DOCKER_CPP_BODIES
DOCKER_CPP_INLINE std::string_view HijackedSource::read() {
    if (!c_->early_delivered) {
        c_->early_delivered = true;
        if (!c_->early.empty()) return c_->early;
    } else if (!c_->early.empty()) {
        std::string().swap(c_->early);  // handed out by the previous call; no longer needed
    }
    if (!c_->stream) return {};
    std::size_t n = 0;
    try {
        n = c_->stream->read_some(c_->buffer.data(), c_->buffer.size(), c_->read_bound());
    } catch (const Error&) {
        if (c_->token.cancelled()) throw Cancelled("cancelled while reading from " + c_->stream->describe());
        if (c_->deadline && std::chrono::steady_clock::now() >= *c_->deadline)
            throw TimeoutError(c_->stream->describe(),
                               "the call's deadline passed while reading from " + c_->stream->describe());
        throw;
    }
    if (n == 0 && c_->token.cancelled()) throw Cancelled("cancelled while reading from " + c_->stream->describe());
    return {c_->buffer.data(), n};
}

DOCKER_CPP_INLINE std::optional<std::string_view> HijackedSource::try_read() {
    if (!c_->early_delivered) {
        c_->early_delivered = true;
        if (!c_->early.empty()) return std::string_view(c_->early);
    } else if (!c_->early.empty()) {
        std::string().swap(c_->early);
    }
    if (!c_->stream) return std::string_view{};
    std::optional<std::size_t> n;
    try {
        n = c_->stream->try_read_some(c_->buffer.data(), c_->buffer.size());
    } catch (const Error&) {
        if (c_->token.cancelled()) throw Cancelled("cancelled while reading from " + c_->stream->describe());
        throw;
    }
    if (!n) return std::nullopt;
    if (*n == 0 && c_->token.cancelled()) throw Cancelled("cancelled while reading from " + c_->stream->describe());
    return std::string_view(c_->buffer.data(), *n);
}
#endif

}  // namespace docker::detail

namespace docker {

/// The process's output frame by frame, and its stdin. Demultiplexed (stdout and stderr
/// told apart) when `multiplexed`; with a TTY the daemon sends raw bytes, all reported as
/// stdout. Owns its connection: destroying it closes the connection, which detaches from
/// the process on the daemon's side.
///
/// Threads: next() (or the iteration) in one thread and write()/close_stdin() in another
/// is fine; cancel() may be called from any thread. close(), moves and destruction need
/// the other threads to be done with the stream.
class AttachedStream {
public:
    /// Takes over `stream`, the connection the daemon switched to raw bytes, with
    /// `early_bytes` (what arrived with its answer, read first). `multiplexed`: frames carry
    /// stdout/stderr headers (no TTY). `read_timeout` bounds each silence of next().
    /// UsageError without a stream. Normally made by ContainersApi::attach() or ExecApi::start().
    DOCKER_CPP_INLINE AttachedStream(std::unique_ptr<transport::Stream> stream, std::string early_bytes,
                                     bool multiplexed, transport::Timeout read_timeout = transport::no_timeout);

    /// Not noexcept: the frame reader's queue (a std::deque) may allocate when moved.
    AttachedStream(AttachedStream&&) = default;
    /// Moves, as the move constructor; the stream assigned over is closed first.
    AttachedStream& operator=(AttachedStream&&) = default;
    AttachedStream(const AttachedStream&) = delete;
    AttachedStream& operator=(const AttachedStream&) = delete;

    /// The next piece of output, or false once the process's output ended (or the stream was
    /// closed or cancelled). A read timeout throws TimeoutError; the stream stays usable.
    DOCKER_CPP_INLINE bool next(LogFrame& frame);

    /// Writes to the process's stdin (all of it, or throws). Without a TTY the bytes reach the
    /// process as they are; with one they pass the terminal (echo, line editing, detach keys).
    /// Input the process never reads can block: once its output ended, the daemon may stop
    /// taking bytes without closing the connection, so such a write returns only at the write
    /// timeout or on cancel().
    DOCKER_CPP_INLINE void write(std::string_view data);

    /// Lets a CancelToken cut the stream from another thread: blocked or later next() and
    /// write() calls then throw docker::Cancelled. `deadline` bounds every read.
    DOCKER_CPP_INLINE void watch(CancelToken::Registration registration,
                                 std::optional<std::chrono::steady_clock::time_point> deadline = std::nullopt);

    /// Ends the process's stdin (a half-close: output still arrives), as `cat` needs to finish.
    /// For an exec without a TTY the process sees end-of-file. With a TTY, or on a container
    /// attach without StdinOnce, dockerd's attach code closes the output along with the input,
    /// so there send ^D ("\x04") instead, or just stop writing.
    DOCKER_CPP_INLINE void close_stdin();

    /// Closes the connection now; later next() calls return false.
    DOCKER_CPP_INLINE void close() noexcept;

    /// Cuts the connection so that a next() or write() blocked in another thread returns
    /// (next() with false, write() with ConnectionError). The owner still closes or destroys
    /// the stream afterwards.
    DOCKER_CPP_INLINE void cancel() noexcept;

    /// False once closed (or moved from).
    bool is_open() const noexcept { return connection_ && connection_->stream; }

    /// For event loops (docker/stream/poll.hpp): the output piece by piece, copy-free,
    /// without blocking. PollResult::would_block means: wait for native_handle() to be
    /// readable (unless pending() is not zero).
    PollResult try_next_piece(LogPiece& piece) {
        if (!is_open()) return PollResult::ended;
        return reader_.try_next_piece(piece);
    }
    /// The output piece by piece, copy-free, blocking.
    bool next_piece(LogPiece& piece) { return is_open() && reader_.next_piece(piece); }
    /// The connection's file descriptor, for poll()/epoll; -1 when closed.
    int native_handle() const noexcept { return is_open() ? connection_->stream->native_handle() : -1; }
    /// Bytes received already (buffered here or by TLS) that the fd will not announce again.
    DOCKER_CPP_INLINE std::size_t pending() const noexcept;
    /// Whether the output is framed into stdout and stderr (no TTY).
    bool multiplexed() const noexcept { return reader_.multiplexed(); }

    /// Longest silence tolerated by next() / by write() waiting for the daemon to take bytes.
    /// no_timeout (the default for both) waits as long as it takes.
    void set_read_timeout(transport::Timeout timeout) noexcept {
        if (connection_) connection_->read_timeout = timeout;
    }
    /// Longest wait of write() for the daemon to take bytes; no_timeout: as long as it takes.
    void set_write_timeout(transport::Timeout timeout) noexcept {
        if (connection_) connection_->write_timeout = timeout;
    }

    /// Input iteration: for (const LogFrame& frame : attached).
    using iterator = detail::NextIterator<AttachedStream, LogFrame>;

    iterator begin() { return iterator(this); }  ///< reads the first frame
    iterator end() { return iterator(); }        ///< the iterator past the last frame

private:
    /// Declared first: reader_'s source points into it.
    std::unique_ptr<detail::HijackedConnection> connection_;
    stream::FrameReader<detail::HijackedSource> reader_;
};

#if DOCKER_CPP_BODIES
DOCKER_CPP_INLINE AttachedStream::AttachedStream(std::unique_ptr<transport::Stream> stream, std::string early_bytes,
                                                 bool multiplexed, transport::Timeout read_timeout)
    : connection_(std::make_unique<detail::HijackedConnection>()),
      reader_(detail::HijackedSource(connection_.get()), multiplexed) {
    if (!stream) throw UsageError("AttachedStream needs a connection");
    connection_->stream = std::move(stream);
    connection_->early = std::move(early_bytes);
    connection_->read_timeout = read_timeout;
}

DOCKER_CPP_INLINE bool AttachedStream::next(LogFrame& frame) {
    if (!is_open()) return false;
    try {
        return reader_.next(frame);
    } catch (const Cancelled&) {
        throw;
    } catch (const Error&) {
        // A cancel() cuts the stream wherever it is, mid-frame too: that is no error.
        if (connection_->cancelled) return false;
        if (connection_->token.cancelled())
            throw Cancelled("cancelled while reading from " + connection_->stream->describe());
        throw;
    }
}

DOCKER_CPP_INLINE void AttachedStream::write(std::string_view data) {
    if (!is_open()) throw UsageError("write to a closed attached stream");
    if (connection_->stdin_closed) throw UsageError("write to an attached stream after close_stdin()");
    try {
        connection_->stream->write_all(data.data(), data.size(), connection_->write_timeout);
    } catch (const Error&) {
        if (connection_->token.cancelled())
            throw Cancelled("cancelled while writing to " + connection_->stream->describe());
        throw;
    }
}

DOCKER_CPP_INLINE void AttachedStream::watch(CancelToken::Registration registration,
                                             std::optional<std::chrono::steady_clock::time_point> deadline) {
    if (!connection_) return;
    connection_->token = std::move(registration);
    connection_->deadline = deadline;
}

DOCKER_CPP_INLINE void AttachedStream::close_stdin() {
    if (!is_open() || connection_->stdin_closed) return;
    connection_->stdin_closed = true;
    connection_->stream->shutdown_write();
}

DOCKER_CPP_INLINE void AttachedStream::close() noexcept {
    if (!connection_) return;
    connection_->token.reset();  // before the stream it watches goes
    connection_->stream.reset();
}

DOCKER_CPP_INLINE void AttachedStream::cancel() noexcept {
    if (!connection_ || !connection_->stream) return;
    connection_->cancelled = true;
    connection_->stream->shutdown_both();
}

DOCKER_CPP_INLINE std::size_t AttachedStream::pending() const noexcept {
    if (!is_open()) return 0;
    std::size_t early = connection_->early_delivered ? 0 : connection_->early.size();
    return early + connection_->stream->pending();
}
#endif

}  // namespace docker
