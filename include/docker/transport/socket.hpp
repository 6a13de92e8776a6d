#pragma once
/// @file
/// POSIX sockets (AF_UNIX and TCP): blocking reads bounded by SO_RCVTIMEO, non-blocking
/// writes bounded by poll, and a non-blocking read for event loops.

#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <memory>
#include <optional>
#include <string>

#include "docker/detail/compiled_mode.hpp"
#include "docker/detail/system_error.hpp"
#include "docker/error.hpp"
#include "docker/transport/endpoint.hpp"
#include "docker/transport/stream.hpp"

namespace docker::transport {

namespace detail {

using docker::detail::errno_text;  // shared with the stream layer's filesystem code

// Waits for `events` on fd. Returns false on timeout. EINTR restarts the wait with the
// full timeout: a signal storm can stretch a wait, never cut it short with a false error.
DOCKER_CPP_INLINE bool wait_for(int fd, short events, Timeout timeout);

#if DOCKER_CPP_BODIES
DOCKER_CPP_INLINE bool wait_for(int fd, short events, Timeout timeout) {
    pollfd p{fd, events, 0};
    int ms = timeout.count() <= 0 ? -1 : static_cast<int>(timeout.count());
    for (;;) {
        int r = ::poll(&p, 1, ms);
        if (r > 0) return true;
        if (r == 0) return false;
        if (errno != EINTR) return true;  // let the following call report the real error
    }
}
#endif

}  // namespace detail

/// A connected AF_UNIX or TCP socket as a Stream.
class Socket final : public Stream {
public:
    /// Takes ownership of the connected socket `fd` (closed with this object); `description`
    /// names the endpoint in errors.
    Socket(int fd, std::string description) : fd_(fd), description_(std::move(description)) {}
    DOCKER_CPP_INLINE ~Socket() override;
    Socket(const Socket&) = delete;
    Socket& operator=(const Socket&) = delete;

    /// Connects to a unix or tcp `endpoint` within `timeout` (tcp: each address the name
    /// resolves to in turn). ConnectionError when it fails; PermissionDenied for EACCES/EPERM;
    /// TimeoutError when the time runs out.
    DOCKER_CPP_INLINE static std::unique_ptr<Socket> connect(const Endpoint& endpoint, Timeout timeout);

    /// A blocking recv bounded by SO_RCVTIMEO: when the answer is whole in one segment, a
    /// request costs exactly one send and one recv. The option is set only when the timeout
    /// changes, so a kept-alive connection pays for it once. A cancel (shutdown_both from
    /// another thread) wakes the recv at once.
    DOCKER_CPP_INLINE std::size_t read_some(char* buffer, std::size_t size, Timeout timeout) override;

    DOCKER_CPP_INLINE std::optional<std::size_t> try_read_some(char* buffer, std::size_t size) override;

    DOCKER_CPP_INLINE void write_all(const char* data, std::size_t size, Timeout timeout) override;

    DOCKER_CPP_INLINE void shutdown_write() override;
    DOCKER_CPP_INLINE void shutdown_both() noexcept override;

    /// One non-blocking peek: nothing waiting means still good.
    DOCKER_CPP_INLINE bool unusable_while_idle() override;

    std::string describe() const override { return description_; }
    int native_handle() const noexcept override { return fd_; }

private:
    /// Connected: reads block (bounded by SO_RCVTIMEO), writes say MSG_DONTWAIT and poll.
    DOCKER_CPP_INLINE void make_blocking();

    DOCKER_CPP_INLINE void set_receive_timeout(Timeout timeout);

    DOCKER_CPP_INLINE static int open_socket(int family, const std::string& description);

    /// Finishes a non-blocking connect. Returns 0 or the errno that ended it.
    DOCKER_CPP_INLINE static int finish_connect(int fd, int result, Timeout timeout, bool& timed_out);

    [[noreturn]] DOCKER_CPP_INLINE static void throw_connect_error(const Endpoint& endpoint, int err, bool timed_out,
                                                                   Timeout timeout);

    DOCKER_CPP_INLINE static std::unique_ptr<Socket> connect_unix(const Endpoint& endpoint, Timeout timeout);

    DOCKER_CPP_INLINE static std::unique_ptr<Socket> connect_tcp(const Endpoint& endpoint, Timeout timeout);

    int fd_;
    std::string description_;
    /// SO_RCVTIMEO as last set (the kernel starts at 0: no limit). Only reads touch it.
    Timeout receive_timeout_ = no_timeout;
};

#if DOCKER_CPP_BODIES
DOCKER_CPP_INLINE Socket::~Socket() {
    if (fd_ >= 0) ::close(fd_);
}

DOCKER_CPP_INLINE std::unique_ptr<Socket> Socket::connect(const Endpoint& endpoint, Timeout timeout) {
    return endpoint.kind == Endpoint::Kind::unix_socket ? connect_unix(endpoint, timeout)
                                                        : connect_tcp(endpoint, timeout);
}

DOCKER_CPP_INLINE std::size_t Socket::read_some(char* buffer, std::size_t size, Timeout timeout) {
    set_receive_timeout(timeout);
    for (;;) {
        ssize_t n = ::recv(fd_, buffer, size, 0);
        if (n >= 0) return static_cast<std::size_t>(n);
        if (errno == EINTR) continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK)
            throw TimeoutError(description_, "read from " + description_ + " timed out after " +
                                                 std::to_string(timeout.count()) + " ms");
        int err = errno;
        throw ConnectionError(description_, "read from " + description_ + " failed: " + detail::errno_text(err));
    }
}

DOCKER_CPP_INLINE std::optional<std::size_t> Socket::try_read_some(char* buffer, std::size_t size) {
    for (;;) {
        ssize_t n = ::recv(fd_, buffer, size, MSG_DONTWAIT);
        if (n >= 0) return static_cast<std::size_t>(n);
        if (errno == EINTR) continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK) return std::nullopt;
        int err = errno;
        throw ConnectionError(description_, "read from " + description_ + " failed: " + detail::errno_text(err));
    }
}

DOCKER_CPP_INLINE void Socket::write_all(const char* data, std::size_t size, Timeout timeout) {
    while (size > 0) {
        // MSG_NOSIGNAL: a closed peer must surface as EPIPE here, not kill the process.
        ssize_t n = ::send(fd_, data, size, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n > 0) {
            data += n;
            size -= static_cast<std::size_t>(n);
            continue;
        }
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            if (!detail::wait_for(fd_, POLLOUT, timeout))
                throw TimeoutError(description_, "write to " + description_ + " timed out after " +
                                                     std::to_string(timeout.count()) + " ms");
            continue;
        }
        int err = n < 0 ? errno : EPIPE;
        throw ConnectionError(description_, "write to " + description_ + " failed: " + detail::errno_text(err));
    }
}

DOCKER_CPP_INLINE void Socket::shutdown_write() { ::shutdown(fd_, SHUT_WR); }

DOCKER_CPP_INLINE void Socket::shutdown_both() noexcept { ::shutdown(fd_, SHUT_RDWR); }

DOCKER_CPP_INLINE bool Socket::unusable_while_idle() {
    char byte;
    ssize_t n = ::recv(fd_, &byte, 1, MSG_PEEK | MSG_DONTWAIT);
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) return false;
    return true;  // EOF, stray bytes, or an error
}

DOCKER_CPP_INLINE void Socket::make_blocking() {
    int flags = ::fcntl(fd_, F_GETFL, 0);
    if (flags >= 0) ::fcntl(fd_, F_SETFL, flags & ~O_NONBLOCK);
}

DOCKER_CPP_INLINE void Socket::set_receive_timeout(Timeout timeout) {
    if (timeout == receive_timeout_) return;
    timeval tv{};
    if (timeout.count() > 0) {
        tv.tv_sec = static_cast<time_t>(timeout.count() / 1000);
        tv.tv_usec = static_cast<suseconds_t>((timeout.count() % 1000) * 1000);
    }
    if (::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) < 0) {
        int err = errno;
        throw ConnectionError(description_, "cannot set a read timeout on " + description_ + ": " + detail::errno_text(err));
    }
    receive_timeout_ = timeout;
}

DOCKER_CPP_INLINE int Socket::open_socket(int family, const std::string& description) {
    int fd = ::socket(family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0) {
        int err = errno;
        throw ConnectionError(description, "cannot create a socket for " + description + ": " + detail::errno_text(err));
    }
    return fd;
}

DOCKER_CPP_INLINE int Socket::finish_connect(int fd, int result, Timeout timeout, bool& timed_out) {
    timed_out = false;
    if (result == 0) return 0;
    if (errno != EINPROGRESS && errno != EAGAIN && errno != EINTR) return errno;
    if (!detail::wait_for(fd, POLLOUT, timeout)) {
        timed_out = true;
        return ETIMEDOUT;
    }
    int err = 0;
    socklen_t len = sizeof err;
    if (::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0) return errno;
    return err;
}

DOCKER_CPP_INLINE void Socket::throw_connect_error(const Endpoint& endpoint, int err, bool timed_out, Timeout timeout) {
    std::string where = endpoint.to_string();
    std::string head = "cannot connect to the Docker daemon at " + where + ": ";
    if (timed_out)
        throw TimeoutError(where, head + "connect timed out after " + std::to_string(timeout.count()) + " ms");
    switch (err) {
    case ENOENT:
        throw ConnectionError(where, head + "no such socket (is the daemon running?)");
    case ECONNREFUSED:
        throw ConnectionError(where, head + "connection refused (is the daemon running?)");
    case EACCES:
    case EPERM:
        throw PermissionDenied(where, head + "permission denied (run as root, or add your user to the 'docker' group)");
    default:
        throw ConnectionError(where, head + detail::errno_text(err));
    }
}

DOCKER_CPP_INLINE std::unique_ptr<Socket> Socket::connect_unix(const Endpoint& endpoint, Timeout timeout) {
    std::string where = endpoint.to_string();
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    if (endpoint.path.size() >= sizeof address.sun_path)
        throw ConnectionError(where, "cannot connect to " + where + ": socket path longer than " +
                                         std::to_string(sizeof address.sun_path - 1) + " bytes");
    std::memcpy(address.sun_path, endpoint.path.c_str(), endpoint.path.size() + 1);
    auto socket = std::make_unique<Socket>(open_socket(AF_UNIX, where), where);
    // A unix connect completes at once or fails. EAGAIN means the daemon's listen queue
    // is full: try again until the timeout rather than take the socket for connected.
    auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        if (::connect(socket->fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0) {
            socket->make_blocking();
            return socket;
        }
        int err = errno;
        if (err == EINTR) continue;
        if (err == EAGAIN) {
            if (timeout.count() > 0 && std::chrono::steady_clock::now() >= deadline)
                throw_connect_error(endpoint, ETIMEDOUT, true, timeout);
            ::poll(nullptr, 0, 10);
            continue;
        }
        throw_connect_error(endpoint, err, false, timeout);
    }
}

DOCKER_CPP_INLINE std::unique_ptr<Socket> Socket::connect_tcp(const Endpoint& endpoint, Timeout timeout) {
    std::string where = endpoint.to_string();
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    std::string port = std::to_string(endpoint.port);
    int gai = ::getaddrinfo(endpoint.host.c_str(), port.c_str(), &hints, &found);
    if (gai != 0)
        throw ConnectionError(where, "cannot resolve " + endpoint.host + ": " + ::gai_strerror(gai));
    std::unique_ptr<addrinfo, decltype(&::freeaddrinfo)> guard(found, &::freeaddrinfo);
    int last_error = ECONNREFUSED;
    bool timed_out = false;
    for (addrinfo* a = found; a != nullptr; a = a->ai_next) {
        auto socket = std::make_unique<Socket>(open_socket(a->ai_family, where), where);
        int r = ::connect(socket->fd_, a->ai_addr, a->ai_addrlen);
        last_error = finish_connect(socket->fd_, r, timeout, timed_out);
        if (last_error == 0) {
            int one = 1;  // requests are written whole; don't let Nagle hold the last segment
            ::setsockopt(socket->fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
            socket->make_blocking();
            return socket;
        }
    }
    throw_connect_error(endpoint, last_error, timed_out, timeout);
}
#endif

}  // namespace docker::transport
