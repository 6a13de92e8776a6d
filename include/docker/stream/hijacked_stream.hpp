#pragma once
/// @file
/// The raw bytes of a hijacked connection, both ways, for protocols the library does not
/// speak itself (POST /session hands the connection to HTTP/2 and gRPC). Nothing is framed
/// or interpreted: read() returns what arrived, write() sends what it is given.

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "docker/detail/compiled_mode.hpp"
#include "docker/error.hpp"
#include "docker/transport/stream.hpp"

namespace docker {

/// Owns its connection: destroying it (or close()) closes the connection.
///
/// Threads: read() in one thread and write() in another is fine; cancel() from any thread.
class HijackedStream {
public:
    /// Takes over `stream` with `early_bytes` (what arrived with the 101 answer, read first);
    /// `read_timeout` bounds each read(). UsageError without a stream.
    DOCKER_CPP_INLINE HijackedStream(std::unique_ptr<transport::Stream> stream, std::string early_bytes,
                                     transport::Timeout read_timeout = transport::no_timeout);

    /// The next bytes (valid until the next read), the ones that came with the 101 answer
    /// first; empty once the peer closed its side. A read timeout throws TimeoutError.
    DOCKER_CPP_INLINE std::string_view read();

    /// Sends all of `data`, or throws (UsageError once closed; TimeoutError past the write
    /// timeout; ConnectionError when the connection broke).
    DOCKER_CPP_INLINE void write(std::string_view data);

    /// Half-close: the peer sees the end of our bytes; its bytes still arrive.
    void shutdown_write() {
        if (stream_) stream_->shutdown_write();
    }

    /// Wakes a read() or write() blocked in another thread.
    void cancel() noexcept {
        if (stream_) stream_->shutdown_both();
    }

    void close() noexcept { stream_.reset(); }  ///< closes the connection now
    bool is_open() const noexcept { return stream_ != nullptr; }  ///< false once closed

    /// Longest silence read() tolerates; no_timeout: as long as it takes.
    void set_read_timeout(transport::Timeout timeout) noexcept { read_timeout_ = timeout; }
    /// Longest wait of write() for the peer to take bytes; no_timeout (the default): as long
    /// as it takes.
    void set_write_timeout(transport::Timeout timeout) noexcept { write_timeout_ = timeout; }

private:
    std::unique_ptr<transport::Stream> stream_;
    std::string early_;
    bool early_delivered_ = false;
    std::vector<char> buffer_ = std::vector<char>(64 * 1024);
    transport::Timeout read_timeout_;
    transport::Timeout write_timeout_ = transport::no_timeout;
};

#if DOCKER_CPP_BODIES
DOCKER_CPP_INLINE HijackedStream::HijackedStream(std::unique_ptr<transport::Stream> stream, std::string early_bytes,
                                                 transport::Timeout read_timeout)
    : stream_(std::move(stream)), early_(std::move(early_bytes)), read_timeout_(read_timeout) {
    if (!stream_) throw UsageError("HijackedStream needs a connection");
}

DOCKER_CPP_INLINE std::string_view HijackedStream::read() {
    if (!early_delivered_) {
        early_delivered_ = true;
        if (!early_.empty()) return early_;
    }
    if (!stream_) return {};
    std::size_t n = stream_->read_some(buffer_.data(), buffer_.size(), read_timeout_);
    return {buffer_.data(), n};
}

DOCKER_CPP_INLINE void HijackedStream::write(std::string_view data) {
    if (!stream_) throw UsageError("write to a closed hijacked stream");
    stream_->write_all(data.data(), data.size(), write_timeout_);
}
#endif

}  // namespace docker
