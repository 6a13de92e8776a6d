#pragma once
/// @file
/// The byte-stream seam: what the HTTP layer needs from a connection. Sockets implement it;
/// tests plug in scripted streams.

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>

#include "docker/detail/compiled_mode.hpp"
#include "docker/error.hpp"

namespace docker::transport {

/// A timeout of zero means "wait as long as it takes" (follow-mode streams).
using Timeout = std::chrono::milliseconds;
/// No limit: wait as long as it takes.
inline constexpr Timeout no_timeout{0};

/// A bidirectional byte stream to the daemon (a socket, a TLS session, an ssh process); the
/// HTTP layer reads and writes through it. Implement it to plug in another transport.
class Stream {
public:
    virtual ~Stream() = default;  ///< closes the connection

    /// Reads at most `size` bytes. Returns 0 when the peer closed its side. Throws
    /// TimeoutError when nothing arrived within `timeout`, ConnectionError on a reset.
    virtual std::size_t read_some(char* buffer, std::size_t size, Timeout timeout) = 0;

    /// Writes every byte or throws; `timeout` bounds each wait for the peer to make room.
    virtual void write_all(const char* data, std::size_t size, Timeout timeout) = 0;

    /// Half-close: the peer sees end-of-input while we can still read its answer.
    virtual void shutdown_write() = 0;

    /// Shuts both directions down. Unlike closing, it is safe while another thread is blocked
    /// in read_some or write_all on this stream, and wakes it (cancellation).
    DOCKER_CPP_INLINE virtual void shutdown_both() noexcept;

    /// For an idle pooled connection: has the peer closed it, or sent bytes nobody asked
    /// for? Either way it must not carry another request.
    virtual bool unusable_while_idle() = 0;

    /// The endpoint, for error messages.
    virtual std::string describe() const = 0;

    // ---- for event loops (epoll, Asio, libuv, Qt): no thread needs to block ------------

    /// The file descriptor to watch for readability, or -1 when there is none.
    virtual int native_handle() const noexcept { return -1; }

    /// Bytes the stream already holds that the descriptor will not announce again (a TLS
    /// stream's decrypted record, say): a loop must read these before it waits on the fd.
    virtual std::size_t pending() const noexcept { return 0; }

    /// Reads what is there without waiting: bytes read, 0 when the peer closed its side, or
    /// nullopt when nothing is there yet (wait for the fd to be readable, then try again).
    DOCKER_CPP_INLINE virtual std::optional<std::size_t> try_read_some(char* buffer, std::size_t size);
};

#if DOCKER_CPP_BODIES
DOCKER_CPP_INLINE void Stream::shutdown_both() noexcept {
    try {
        shutdown_write();
    } catch (...) {
    }
}

DOCKER_CPP_INLINE std::optional<std::size_t> Stream::try_read_some(char* buffer, std::size_t size) {
    (void)buffer;
    (void)size;
    throw UsageError("the stream to " + describe() + " cannot be read without blocking");
}
#endif

}  // namespace docker::transport
