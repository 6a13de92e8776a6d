#include "docker/transport/socket.hpp"

#include <grp.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <exception>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "support/catch.hpp"
#include "support/fake_daemon.hpp"
#include "support/text.hpp"

// A namespace per test file: test files are compiled in batches (unity build).
namespace transport_socket_test {
using docker::Endpoint;
using docker::transport::Socket;
using docker::test::FakeDaemon;
using docker::test::TempDir;
using namespace std::chrono_literals;

namespace {

constexpr docker::transport::Timeout timeout = 2000ms;

Endpoint unix_endpoint(const std::string& path) { return Endpoint::parse("unix://" + path); }

using test_support::contains;

// The what() of whatever `f` throws (Catch2 v2 and v3 name their string matchers differently).
template <class F>
std::string error_text(F&& f) {
    try {
        f();
    } catch (const std::exception& e) {
        return e.what();
    }
    return "(no exception)";
}

// A unix socket bound at `path`; listening only if asked. Closed on destruction.
struct BoundSocket {
    int fd = -1;
    BoundSocket(const std::string& path, bool listening, int backlog = 4) {
        fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        REQUIRE(fd >= 0);
        sockaddr_un address{};
        address.sun_family = AF_UNIX;
        std::memcpy(address.sun_path, path.c_str(), path.size() + 1);
        REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
        if (listening) REQUIRE(::listen(fd, backlog) == 0);
    }
    ~BoundSocket() { ::close(fd); }
    BoundSocket(const BoundSocket&) = delete;
    BoundSocket& operator=(const BoundSocket&) = delete;
};

// Exit codes of the unprivileged child in the permission test.
enum ChildResult { child_ok = 0, child_wrong_type = 1, child_no_error = 2, child_bad_message = 3, child_cannot_drop = 77 };

int try_connect_expecting_permission_denied(const Endpoint& endpoint) {
    try {
        Socket::connect(endpoint, timeout);
        return child_no_error;
    } catch (const docker::PermissionDenied& e) {
        std::string text = e.what();
        return contains(text, "permission denied") && contains(text, "'docker' group") &&
                       contains(text, endpoint.to_string())
                   ? child_ok
                   : child_bad_message;
    } catch (...) {
        return child_wrong_type;
    }
}

}  // namespace

TEST_CASE("socket: connecting to a missing socket names it and says so", "[transport][socket]") {
    TempDir dir;
    Endpoint endpoint = unix_endpoint(dir.file("missing.sock"));
    try {
        Socket::connect(endpoint, timeout);
        FAIL("connected to nothing");
    } catch (const docker::ConnectionError& e) {
        std::string text = e.what();
        CHECK(contains(text, "unix://" + dir.file("missing.sock")));
        CHECK(contains(text, "no such socket"));
        CHECK(e.endpoint() == endpoint.to_string());
        CHECK(dynamic_cast<const docker::TimeoutError*>(&e) == nullptr);
        CHECK(dynamic_cast<const docker::PermissionDenied*>(&e) == nullptr);
    }
}

TEST_CASE("socket: a socket file nobody listens on is 'connection refused'", "[transport][socket]") {
    TempDir dir;
    SECTION("bound, never listening") {
        BoundSocket bound(dir.file("bound.sock"), false);
        try {
            Socket::connect(unix_endpoint(dir.file("bound.sock")), timeout);
            FAIL("connected");
        } catch (const docker::ConnectionError& e) {
            CHECK(contains(e.what(), "connection refused"));
            CHECK(contains(e.what(), dir.file("bound.sock")));
        }
    }
    SECTION("the listener is gone, the file stays") {
        { BoundSocket gone(dir.file("stale.sock"), true); }
        CHECK(contains(error_text([&] { Socket::connect(unix_endpoint(dir.file("stale.sock")), timeout); }),
                       "connection refused"));
    }
}

TEST_CASE("socket: no permission on the socket is PermissionDenied naming the docker group", "[transport][socket]") {
    TempDir dir;
    BoundSocket listening(dir.file("docker.sock"), true);
    REQUIRE(::chmod(dir.path().c_str(), 0) == 0);
    Endpoint endpoint = unix_endpoint(dir.file("docker.sock"));
    if (::geteuid() != 0) {
        CHECK(try_connect_expecting_permission_denied(endpoint) == child_ok);
    } else {
        // Root bypasses permission checks, so try as 'nobody' in a child process.
        pid_t pid = ::fork();
        REQUIRE(pid >= 0);
        if (pid == 0) {
            if (::setgroups(0, nullptr) != 0 || ::setgid(65534) != 0 || ::setuid(65534) != 0) ::_exit(child_cannot_drop);
            ::_exit(try_connect_expecting_permission_denied(endpoint));  // no atexit handlers in the child
        }
        int status = 0;
        REQUIRE(::waitpid(pid, &status, 0) == pid);
        REQUIRE(WIFEXITED(status));
        int code = WEXITSTATUS(status);
        if (code == child_cannot_drop) {
            WARN("cannot drop privileges here; permission test skipped");
        } else {
            INFO("child exit code " << code << " (1 wrong exception, 2 no error, 3 message)");
            CHECK(code == child_ok);
        }
    }
    ::chmod(dir.path().c_str(), 0700);
}

TEST_CASE("socket: a path too long for sockaddr_un", "[transport][socket]") {
    Endpoint endpoint = unix_endpoint("/tmp/" + std::string(200, 'x'));
    CHECK(contains(error_text([&] { Socket::connect(endpoint, timeout); }), "socket path longer than"));
}

TEST_CASE("socket: connect, write, read, describe", "[transport][socket]") {
    FakeDaemon daemon({{FakeDaemon::read_request(), FakeDaemon::respond(200, "pong")}});
    auto socket = Socket::connect(unix_endpoint(daemon.path()), timeout);
    CHECK(socket->describe() == daemon.host());
    CHECK(socket->native_handle() >= 0);
    std::string request = "GET /_ping HTTP/1.1\r\nHost: localhost\r\n\r\n";
    socket->write_all(request.data(), request.size(), timeout);
    std::string got;
    char buffer[256];
    while (got.find("pong") == std::string::npos) {
        std::size_t n = socket->read_some(buffer, sizeof buffer, timeout);
        REQUIRE(n > 0);
        got.append(buffer, n);
    }
    CHECK(got == docker::test::http_response(200, "pong"));
    REQUIRE(daemon.requests().size() == 1);
    CHECK(daemon.requests()[0].target == "/_ping");
}

TEST_CASE("socket: a silent server is a TimeoutError", "[transport][socket]") {
    FakeDaemon daemon({FakeDaemon::Script{}});  // accepts, never writes
    auto socket = Socket::connect(unix_endpoint(daemon.path()), timeout);
    char buffer[16];
    auto start = std::chrono::steady_clock::now();
    try {
        socket->read_some(buffer, sizeof buffer, 100ms);
        FAIL("read returned");
    } catch (const docker::TimeoutError& e) {
        CHECK(contains(e.what(), "timed out after 100 ms"));
        CHECK(contains(e.what(), daemon.host()));
    }
    auto elapsed = std::chrono::steady_clock::now() - start;
    CHECK(elapsed >= 90ms);
    CHECK(elapsed < 2s);
}

TEST_CASE("socket: reading after the peer reset is a ConnectionError", "[transport][socket]") {
    // On a unix socket a close with our bytes still unread is what resets the connection.
    FakeDaemon daemon({{FakeDaemon::wait_for_data(2000ms), FakeDaemon::reset()}});
    auto socket = Socket::connect(unix_endpoint(daemon.path()), timeout);
    socket->write_all("unread", 6, timeout);
    REQUIRE(daemon.wait_closed(1));
    char buffer[16];
    try {
        socket->read_some(buffer, sizeof buffer, timeout);
        FAIL("read returned");
    } catch (const docker::TimeoutError&) {
        FAIL("a reset is not a timeout");
    } catch (const docker::ConnectionError& e) {
        CHECK(contains(e.what(), "read from " + daemon.host() + " failed"));
        CHECK(contains(e.what(), std::strerror(ECONNRESET)));
    }
}

TEST_CASE("socket: an orderly close reads as 0", "[transport][socket]") {
    FakeDaemon daemon({{FakeDaemon::send("bye"), FakeDaemon::close()}});
    auto socket = Socket::connect(unix_endpoint(daemon.path()), timeout);
    char buffer[16];
    std::string got;
    for (std::size_t n; (n = socket->read_some(buffer, sizeof buffer, timeout)) > 0;) got.append(buffer, n);
    CHECK(got == "bye");
    CHECK(socket->read_some(buffer, sizeof buffer, timeout) == 0);  // and stays so
}

TEST_CASE("socket: writing to a closed peer raises ConnectionError, not SIGPIPE", "[transport][socket]") {
    // Make sure SIGPIPE would kill us if it were raised: the test proves it is not.
    struct sigaction previous {};
    struct sigaction default_action {};
    default_action.sa_handler = SIG_DFL;
    ::sigemptyset(&default_action.sa_mask);
    ::sigaction(SIGPIPE, &default_action, &previous);

    FakeDaemon daemon({{FakeDaemon::close()}});
    auto socket = Socket::connect(unix_endpoint(daemon.path()), timeout);
    char buffer[16];
    CHECK(socket->read_some(buffer, sizeof buffer, timeout) == 0);  // the peer is gone
    std::string data(64 * 1024, 'w');
    try {
        socket->write_all(data.data(), data.size(), timeout);
        FAIL("write succeeded");
    } catch (const docker::ConnectionError& e) {
        CHECK(contains(e.what(), "write to " + daemon.host() + " failed"));
        CHECK(contains(e.what(), std::strerror(EPIPE)));
    }
    ::sigaction(SIGPIPE, &previous, nullptr);
}

TEST_CASE("socket: shutdown_write lets the peer see the end while we still read", "[transport][socket]") {
    // The script's implicit hold ends when it reads EOF; then it closes, which we read as 0.
    FakeDaemon daemon({{FakeDaemon::send("hello")}});
    auto socket = Socket::connect(unix_endpoint(daemon.path()), timeout);
    socket->shutdown_write();
    REQUIRE(daemon.wait_closed(1));
    char buffer[16];
    std::string got;
    for (std::size_t n; (n = socket->read_some(buffer, sizeof buffer, timeout)) > 0;) got.append(buffer, n);
    CHECK(got == "hello");
}

TEST_CASE("socket: unusable_while_idle notices stray bytes and a closed peer", "[transport][socket]") {
    FakeDaemon daemon({{FakeDaemon::wait_for_data(2000ms), FakeDaemon::send("stray")}, {FakeDaemon::close()}});
    auto wait_unusable = [](Socket& s) {
        auto deadline = std::chrono::steady_clock::now() + 2s;
        while (!s.unusable_while_idle()) {
            if (std::chrono::steady_clock::now() > deadline) return false;
            std::this_thread::sleep_for(2ms);
        }
        return true;
    };
    auto quiet = Socket::connect(unix_endpoint(daemon.path()), timeout);
    CHECK_FALSE(quiet->unusable_while_idle());  // the server waits for us: nothing arrived
    quiet->write_all("x", 1, timeout);
    CHECK(wait_unusable(*quiet));
    // Peeking must not have eaten the bytes.
    char buffer[16];
    CHECK(std::string(buffer, quiet->read_some(buffer, sizeof buffer, timeout)) == "stray");

    auto closed = Socket::connect(unix_endpoint(daemon.path()), timeout);
    CHECK(wait_unusable(*closed));
}

TEST_CASE("socket: TCP on the loopback", "[transport][socket][tcp]") {
    // A port that is bound but not listening refuses connections: no race with other users.
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    REQUIRE(fd >= 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
        ::close(fd);
        WARN("no IPv4 loopback here; TCP test skipped");
        return;
    }
    socklen_t length = sizeof address;
    REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0);
    int port = ntohs(address.sin_port);
    Endpoint endpoint = Endpoint::parse("tcp://127.0.0.1:" + std::to_string(port));
    try {
        Socket::connect(endpoint, timeout);
        FAIL("connected to a port nobody listens on");
    } catch (const docker::ConnectionError& e) {
        CHECK(contains(e.what(), "connection refused"));
        CHECK(contains(e.what(), "tcp://127.0.0.1:" + std::to_string(port)));
    }

    REQUIRE(::listen(fd, 4) == 0);
    auto socket = Socket::connect(endpoint, timeout);
    CHECK(socket->describe() == "tcp://127.0.0.1:" + std::to_string(port));
    int peer = ::accept(fd, nullptr, nullptr);
    REQUIRE(peer >= 0);
    CHECK(::send(peer, "tcp", 3, MSG_NOSIGNAL) == 3);
    char buffer[8];
    CHECK(std::string(buffer, socket->read_some(buffer, sizeof buffer, timeout)) == "tcp");
    // SO_LINGER 0 makes close send a reset.
    linger l{1, 0};
    ::setsockopt(peer, SOL_SOCKET, SO_LINGER, &l, sizeof l);
    ::close(peer);
    CHECK_THROWS_AS(socket->read_some(buffer, sizeof buffer, timeout), docker::ConnectionError);
    ::close(fd);
}

TEST_CASE("socket: an unresolvable host name", "[transport][socket][tcp]") {
    auto endpoint = Endpoint::parse("tcp://no-such-host.invalid:2375");
    CHECK(contains(error_text([&] { Socket::connect(endpoint, timeout); }), "cannot resolve no-such-host.invalid"));
}

// On a unix socket, connect() fails with EAGAIN when the daemon's listen queue is full; that
// must not be taken for a connection (poll() would call the socket writable at once).
TEST_CASE("socket: a full listen queue is not reported as connected", "[transport][socket]") {
    TempDir dir;
    BoundSocket busy(dir.file("busy.sock"), true, 0);  // never accepts
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::string path = dir.file("busy.sock");
    std::memcpy(address.sun_path, path.c_str(), path.size() + 1);
    std::vector<int> fillers;
    bool full = false;
    for (int i = 0; i < 1000 && !full; ++i) {
        int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        REQUIRE(fd >= 0);
        fillers.push_back(fd);
        full = ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 && errno == EAGAIN;
    }
    REQUIRE(full);
    CHECK_THROWS_AS(Socket::connect(unix_endpoint(path), 200ms), docker::ConnectionError);
    for (int fd : fillers) ::close(fd);
}

TEST_CASE("errno_text is strerror's text, from the thread-safe strerror_r", "[transport][socket]") {
    CHECK(docker::detail::errno_text(ENOENT) == std::strerror(ENOENT));
    CHECK(docker::detail::errno_text(ECONNRESET) == std::strerror(ECONNRESET));
    CHECK_FALSE(docker::detail::errno_text(123456).empty());  // unknown numbers still say something
}

}  // namespace transport_socket_test
