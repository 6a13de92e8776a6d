#pragma once
// The byte-stream seam: what the HTTP layer needs from a connection. Sockets implement it;
// tests plug in scripted streams.

#include <chrono>
#include <cstddef>
#include <string>

namespace docker::transport {

// A timeout of zero means "wait as long as it takes" (follow-mode streams).
using Timeout = std::chrono::milliseconds;
inline constexpr Timeout no_timeout{0};

class Stream {
public:
    virtual ~Stream() = default;

    // Reads at most `size` bytes. Returns 0 when the peer closed its side. Throws
    // TimeoutError when nothing arrived within `timeout`, ConnectionError on a reset.
    virtual std::size_t read_some(char* buffer, std::size_t size, Timeout timeout) = 0;

    // Writes every byte or throws; `timeout` bounds each wait for the peer to make room.
    virtual void write_all(const char* data, std::size_t size, Timeout timeout) = 0;

    // Half-close: the peer sees end-of-input while we can still read its answer.
    virtual void shutdown_write() = 0;

    // Shuts both directions down. Unlike closing, it is safe while another thread is blocked
    // in read_some or write_all on this stream, and wakes it (cancellation).
    virtual void shutdown_both() noexcept {
        try {
            shutdown_write();
        } catch (...) {
        }
    }

    // For an idle pooled connection: has the peer closed it, or sent bytes nobody asked
    // for? Either way it must not carry another request.
    virtual bool unusable_while_idle() = 0;

    // The endpoint, for error messages.
    virtual std::string describe() const = 0;
};

}  // namespace docker::transport
