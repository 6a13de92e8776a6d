#pragma once
// A fake Docker daemon: an HTTP/1.1 server on a unix socket in a private temporary
// directory, run by a background thread and scripted per connection. The i-th accepted
// connection plays the i-th script (a list of actions: read a request, send bytes, sleep,
// close, ...); the requests it reads are recorded for the test to inspect.
//
// Nothing here blocks forever: every wait is a poll() with a short slice that also checks
// for shutdown, bounded by a deadline; the destructor stops and joins every thread and
// removes the socket and its directory. No Catch2 macros are used off the test's thread
// (Catch2 is not thread-safe); failures show up as recorded notes and missing requests.

#include <fcntl.h>
#include <ftw.h>
#include <poll.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "support/temp_dir.hpp"

namespace docker::test {

using Milliseconds = std::chrono::milliseconds;

using FieldList = std::vector<std::pair<std::string, std::string>>;

// An HTTP/1.1 response with a Content-Length (unless the headers bring their own framing).
inline std::string http_response(int status, const std::string& body = {}, const FieldList& headers = {},
                                 const std::string& reason = "X") {
    std::string out = "HTTP/1.1 " + std::to_string(status) + " " + reason + "\r\n";
    bool framed = false;
    for (const auto& [name, value] : headers) {
        out += name + ": " + value + "\r\n";
        if (name == "Content-Length" || name == "Transfer-Encoding") framed = true;
    }
    if (!framed) out += "Content-Length: " + std::to_string(body.size()) + "\r\n";
    return out + "\r\n" + body;
}

struct ReceivedRequest {
    std::size_t connection = 0;  // index of the accepted connection, from 0
    std::string method;
    std::string target;
    std::string version;
    FieldList headers;
    std::string body;  // de-chunked if it came chunked
    bool chunked = false;

    // First value of a header, case-insensitively; empty when absent.
    std::string header(std::string_view name) const {
        for (const auto& [n, v] : headers)
            if (n.size() == name.size() && ::strncasecmp(n.data(), name.data(), n.size()) == 0) return v;
        return {};
    }
    bool has_header(std::string_view name) const {
        for (const auto& field : headers)
            if (field.first.size() == name.size() && ::strncasecmp(field.first.data(), name.data(), name.size()) == 0)
                return true;
        return false;
    }
};

class FakeDaemon {
public:
    struct Action {
        enum class Kind { read_request, send, sleep, close, shutdown_write, reset, wait_for_data, hold, read_head, read_bytes };
        Kind kind;
        std::string bytes;
        Milliseconds duration{0};
    };
    using Script = std::vector<Action>;

    // Reads one request: the head, then a body by Content-Length or chunked framing. If the
    // peer closes (or nothing comes within the I/O timeout) the script ends there.
    static Action read_request() { return {Action::Kind::read_request, {}, {}}; }
    // Reads and records only a request's head (its body stays unread, but for what arrived
    // in the same read); the recorded body is empty.
    static Action read_head() { return {Action::Kind::read_head, {}, {}}; }
    // Reads exactly `n` raw bytes (after an upgrade, say) and records them; see raw_reads().
    // (The count travels as the length of `bytes`.)
    static Action read_bytes(std::size_t n) { return {Action::Kind::read_bytes, std::string(n, '\0'), {}}; }
    static Action send(std::string bytes) { return {Action::Kind::send, std::move(bytes), {}}; }
    static Action respond(int status, const std::string& body = {}, const FieldList& headers = {}) {
        return send(http_response(status, body, headers));
    }
    static Action sleep(Milliseconds ms) { return {Action::Kind::sleep, {}, ms}; }
    static Action close() { return {Action::Kind::close, {}, {}}; }
    static Action shutdown_write() { return {Action::Kind::shutdown_write, {}, {}}; }
    // SO_LINGER 0, then close: a TCP peer sees a reset. A unix-socket peer sees ECONNRESET
    // only if bytes it sent are still unread here — pair it with wait_for_data().
    static Action reset() { return {Action::Kind::reset, {}, {}}; }
    // Waits (up to `ms`) until the peer's bytes are waiting, without reading them.
    static Action wait_for_data(Milliseconds ms) { return {Action::Kind::wait_for_data, {}, ms}; }
    // Keeps the connection open, reading and discarding, until the peer closes (or `ms`).
    // Every script ends with an implicit hold unless it closed or reset.
    static Action hold(Milliseconds ms) { return {Action::Kind::hold, {}, ms}; }

    // Connections beyond the scripts given are closed at once. `socket_path` (absolute, not
    // yet existing) replaces the private one: a new daemon can listen where an old one did.
    explicit FakeDaemon(std::vector<Script> scripts, Milliseconds io_timeout = Milliseconds(5000),
                        std::string socket_path = {})
        : scripts_(std::move(scripts)), io_timeout_(io_timeout) {
        socket_path_ = socket_path.empty() ? dir_.file("docker.sock") : std::move(socket_path);
        listen_fd_ = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
        if (listen_fd_ < 0) throw std::runtime_error(std::string("socket: ") + std::strerror(errno));
        sockaddr_un address{};
        address.sun_family = AF_UNIX;
        if (socket_path_.size() >= sizeof address.sun_path) {
            ::close(listen_fd_);
            throw std::runtime_error("socket path too long: " + socket_path_);
        }
        std::memcpy(address.sun_path, socket_path_.c_str(), socket_path_.size() + 1);
        if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
            ::listen(listen_fd_, 16) != 0) {
            int err = errno;
            ::close(listen_fd_);
            throw std::runtime_error(std::string("bind/listen: ") + std::strerror(err));
        }
        acceptor_ = std::thread([this] { accept_loop(); });
    }

    ~FakeDaemon() {
        stop_ = true;
        acceptor_.join();
        for (auto& t : handlers_) t.join();  // the acceptor is gone: no more are added
        ::close(listen_fd_);
        ::unlink(socket_path_.c_str());
    }

    FakeDaemon(const FakeDaemon&) = delete;
    FakeDaemon& operator=(const FakeDaemon&) = delete;

    const std::string& path() const noexcept { return socket_path_; }
    std::string host() const { return "unix://" + socket_path_; }

    // Connections accepted so far.
    std::size_t connections() const { return accepted_.load(); }

    std::vector<ReceivedRequest> requests() const {
        std::lock_guard<std::mutex> lock(mutex_);
        return requests_;
    }

    // What went differently from the scripts (a peer that closed early, a timeout...).
    // What each read_bytes action received, in order.
    std::vector<std::string> raw_reads() const {
        std::lock_guard<std::mutex> lock(mutex_);
        return raw_reads_;
    }

    std::vector<std::string> notes() const {
        std::lock_guard<std::mutex> lock(mutex_);
        return notes_;
    }

    // Waits until `n` connections were closed on this side. False on timeout.
    bool wait_closed(std::size_t n, Milliseconds timeout = Milliseconds(3000)) const {
        std::unique_lock<std::mutex> lock(mutex_);
        return changed_.wait_for(lock, timeout, [&] { return closed_ >= n; });
    }

    // Waits until `n` requests were read. False on timeout.
    bool wait_requests(std::size_t n, Milliseconds timeout = Milliseconds(3000)) const {
        std::unique_lock<std::mutex> lock(mutex_);
        return changed_.wait_for(lock, timeout, [&] { return requests_.size() >= n; });
    }

private:
    static constexpr Milliseconds slice{20};  // how often a wait looks at stop_

    void note(const std::string& text) {
        std::lock_guard<std::mutex> lock(mutex_);
        notes_.push_back(text);
    }

    void accept_loop() {
        while (!stop_) {
            pollfd p{listen_fd_, POLLIN, 0};
            if (::poll(&p, 1, static_cast<int>(slice.count())) <= 0) continue;
            int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK);
            if (fd < 0) continue;
            std::size_t index = accepted_++;
            Script script = index < scripts_.size() ? scripts_[index] : Script{close()};
            handlers_.emplace_back([this, fd, index, script] { run(fd, index, script); });
        }
    }

    // Polls fd for `events` until ready (true) or the deadline, a stop, or an error (false).
    bool wait(int fd, short events, Milliseconds limit) const {
        auto deadline = std::chrono::steady_clock::now() + limit;
        while (!stop_) {
            pollfd p{fd, events, 0};
            int r = ::poll(&p, 1, static_cast<int>(slice.count()));
            if (r > 0) return true;  // ready, or HUP/ERR: the next call tells which
            if (r < 0 && errno != EINTR) return false;
            if (std::chrono::steady_clock::now() >= deadline) return false;
        }
        return false;
    }

    struct Conn {
        int fd;
        std::size_t index;
        std::string inbox;  // read but not yet parsed
    };

    // Reads more into the inbox: >0 bytes, 0 at EOF, -1 on error, timeout or stop.
    long read_more(Conn& c) const {
        char buffer[65536];
        for (;;) {
            if (!wait(c.fd, POLLIN, io_timeout_)) return -1;
            ssize_t n = ::recv(c.fd, buffer, sizeof buffer, 0);
            if (n > 0) c.inbox.append(buffer, static_cast<std::size_t>(n));
            if (n >= 0) return static_cast<long>(n);
            if (errno != EINTR && errno != EAGAIN && errno != EWOULDBLOCK) return -1;
        }
    }

    // Makes sure the inbox holds `needle`; returns where it starts, or npos.
    std::size_t fill_until(Conn& c, std::string_view needle) const {
        for (;;) {
            auto at = c.inbox.find(needle);
            if (at != std::string::npos) return at;
            if (c.inbox.size() > 16 * 1024 * 1024 || read_more(c) <= 0) return std::string::npos;
        }
    }

    bool fill_bytes(Conn& c, std::size_t n) const {
        while (c.inbox.size() < n)
            if (read_more(c) <= 0) return false;
        return true;
    }

    static std::string trim(std::string s) {
        while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.erase(0, 1);
        while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.pop_back();
        return s;
    }

    bool read_request(Conn& c, bool head_only = false) {
        auto end = fill_until(c, "\r\n\r\n");
        if (end == std::string::npos) {
            note("connection " + std::to_string(c.index) +
                 (c.inbox.empty() ? ": no request (peer closed or timed out)" : ": incomplete request head"));
            return false;
        }
        ReceivedRequest r;
        r.connection = c.index;
        std::string head = c.inbox.substr(0, end);
        c.inbox.erase(0, end + 4);
        std::size_t line_end = head.find("\r\n");
        std::string line = head.substr(0, line_end);
        auto sp1 = line.find(' '), sp2 = line.rfind(' ');
        if (sp1 == std::string::npos || sp2 == sp1) {
            note("connection " + std::to_string(c.index) + ": bad request line '" + line + "'");
            return false;
        }
        r.method = line.substr(0, sp1);
        r.target = line.substr(sp1 + 1, sp2 - sp1 - 1);
        r.version = line.substr(sp2 + 1);
        std::size_t at = line_end == std::string::npos ? head.size() : line_end + 2;
        while (at < head.size()) {
            std::size_t next = head.find("\r\n", at);
            if (next == std::string::npos) next = head.size();
            std::string field = head.substr(at, next - at);
            auto colon = field.find(':');
            if (colon != std::string::npos) r.headers.emplace_back(field.substr(0, colon), trim(field.substr(colon + 1)));
            at = next + 2;
        }
        if (head_only) {
            // The body stays where it is.
        } else if (r.header("Transfer-Encoding").find("chunked") != std::string::npos) {
            r.chunked = true;
            for (;;) {
                auto eol = fill_until(c, "\r\n");
                if (eol == std::string::npos) return false;
                std::size_t size = std::strtoul(c.inbox.substr(0, eol).c_str(), nullptr, 16);
                c.inbox.erase(0, eol + 2);
                if (size == 0) {
                    // Trailers, up to the blank line.
                    for (;;) {
                        auto t = fill_until(c, "\r\n");
                        if (t == std::string::npos) return false;
                        c.inbox.erase(0, t + 2);
                        if (t == 0) break;
                    }
                    break;
                }
                if (!fill_bytes(c, size + 2)) return false;
                r.body.append(c.inbox, 0, size);
                c.inbox.erase(0, size + 2);
            }
        } else if (r.has_header("Content-Length")) {
            std::size_t length = std::strtoul(r.header("Content-Length").c_str(), nullptr, 10);
            if (!fill_bytes(c, length)) {
                note("connection " + std::to_string(c.index) + ": request body cut short");
                return false;
            }
            r.body = c.inbox.substr(0, length);
            c.inbox.erase(0, length);
        }
        {
            std::lock_guard<std::mutex> lock(mutex_);
            requests_.push_back(std::move(r));
        }
        changed_.notify_all();
        return true;
    }

    bool send_all(Conn& c, const std::string& bytes) {
        std::size_t sent = 0;
        while (sent < bytes.size()) {
            ssize_t n = ::send(c.fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
            if (n > 0) {
                sent += static_cast<std::size_t>(n);
                continue;
            }
            if (n < 0 && errno == EINTR) continue;
            if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) && wait(c.fd, POLLOUT, io_timeout_)) continue;
            note("connection " + std::to_string(c.index) + ": send failed");
            return false;
        }
        return true;
    }

    void pause(Milliseconds ms) const {
        auto deadline = std::chrono::steady_clock::now() + ms;
        while (!stop_ && std::chrono::steady_clock::now() < deadline)
            std::this_thread::sleep_for(std::min<Milliseconds>(slice, std::chrono::duration_cast<Milliseconds>(
                                                                          deadline - std::chrono::steady_clock::now())));
    }

    // Reads and discards until the peer closes or `limit` passes.
    void drain(Conn& c, Milliseconds limit) const {
        auto deadline = std::chrono::steady_clock::now() + limit;
        while (!stop_ && std::chrono::steady_clock::now() < deadline) {
            if (!wait(c.fd, POLLIN, slice)) continue;
            char buffer[4096];
            ssize_t n = ::recv(c.fd, buffer, sizeof buffer, 0);
            if (n == 0) return;
            if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) return;
        }
    }

    void run(int fd, std::size_t index, const Script& script) {
        Conn c{fd, index, {}};
        bool open = true;
        for (const Action& a : script) {
            if (stop_) break;
            bool ok = true;
            switch (a.kind) {
            case Action::Kind::read_request: ok = read_request(c); break;
            case Action::Kind::read_head: ok = read_request(c, true); break;
            case Action::Kind::read_bytes:
                ok = fill_bytes(c, a.bytes.size());
                if (ok) {
                    std::lock_guard<std::mutex> lock(mutex_);
                    raw_reads_.push_back(c.inbox.substr(0, a.bytes.size()));
                    c.inbox.erase(0, a.bytes.size());
                } else {
                    note("connection " + std::to_string(c.index) + ": fewer raw bytes than expected");
                }
                break;
            case Action::Kind::send: ok = send_all(c, a.bytes); break;
            case Action::Kind::sleep: pause(a.duration); break;
            case Action::Kind::shutdown_write: ::shutdown(fd, SHUT_WR); break;
            case Action::Kind::wait_for_data: ok = wait(fd, POLLIN, a.duration); break;
            case Action::Kind::hold: drain(c, a.duration); break;
            case Action::Kind::close: open = false; break;
            case Action::Kind::reset: {
                linger l{1, 0};
                ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
                open = false;
                break;
            }
            }
            if (!ok) open = false;  // the script cannot go on as written
            if (!open) break;
        }
        if (open && !stop_) drain(c, Milliseconds(10000));  // the implicit hold
        ::close(fd);
        {
            std::lock_guard<std::mutex> lock(mutex_);
            ++closed_;
        }
        changed_.notify_all();
    }

    TempDir dir_;
    std::string socket_path_;
    std::vector<Script> scripts_;
    Milliseconds io_timeout_;
    int listen_fd_ = -1;
    std::atomic<bool> stop_{false};
    std::atomic<std::size_t> accepted_{0};
    std::thread acceptor_;
    std::vector<std::thread> handlers_;  // touched by the acceptor only, until it is joined

    mutable std::mutex mutex_;
    mutable std::condition_variable changed_;
    std::vector<ReceivedRequest> requests_;
    std::vector<std::string> raw_reads_;
    std::vector<std::string> notes_;
    std::size_t closed_ = 0;
};

}  // namespace docker::test
