// Deadlines and cancellation on the wire, with bytes no real daemon sends: a head dripped a
// byte at a time, a body dripped forever, a daemon that never answers. Every call ends with
// a typed error (TimeoutError, Cancelled), and a connection it used never goes back to the
// pool half-read. The same paths against the real engine: tests/integration/cancel_test.cpp.
#include <atomic>
#include <chrono>
#include <string>
#include <thread>

#include "docker/client.hpp"
#include "docker/stream/attached_stream.hpp"
#include "support/catch.hpp"
#include "support/fake_client.hpp"
#include "support/fake_daemon.hpp"

// A namespace per test file: test files are compiled in batches (unity build).
namespace client_cancel_test {
using docker::CallOptions;
using docker::CancelToken;
using docker::Client;
using docker::ClientOptions;
using docker::test::FakeDaemon;
using namespace std::chrono_literals;

namespace {

using Clock = std::chrono::steady_clock;

ClientOptions options_for(const FakeDaemon& daemon, std::chrono::milliseconds read_timeout = 3000ms) {
    return docker::test::pinned_options(daemon, "1.41", read_timeout);
}

// `bytes` sent one at a time, `gap` apart.
FakeDaemon::Script drip(const std::string& bytes, std::chrono::milliseconds gap) {
    FakeDaemon::Script script{FakeDaemon::read_request()};
    for (char c : bytes) {
        script.push_back(FakeDaemon::send(std::string(1, c)));
        script.push_back(FakeDaemon::sleep(gap));
    }
    return script;
}

// Cancels `token` from another thread after `delay`; joins on destruction.
class CancelLater {
public:
    CancelLater(CancelToken token, std::chrono::milliseconds delay)
        : thread_([token, delay]() mutable {
              std::this_thread::sleep_for(delay);
              token.cancel();
          }) {}
    ~CancelLater() { thread_.join(); }

private:
    std::thread thread_;
};

const std::string long_head = "HTTP/1.1 200 OK\r\nX-Padding: " + std::string(200, 'p') + "\r\nContent-Length: 2\r\n\r\nOK";

}  // namespace

TEST_CASE("deadlines: a head dripped a byte at a time ends at the call's deadline", "[client][deadline]") {
    // 250 bytes, 40 ms apart: every byte comes well within the 300 ms read timeout, so
    // only the bound on the whole call stops this before its 10 s.
    FakeDaemon daemon({drip(long_head, 40ms)});
    ClientOptions options = options_for(daemon, 300ms);
    options.call_timeout = 500ms;
    Client client(options);
    try {
        client.get("/info");
        FAIL("the dripped head was waited for");
    } catch (const docker::TimeoutError& e) {
        CHECK(std::string(e.what()).find("deadline") != std::string::npos);
    }
    CHECK(client.idle_connections() == 0);
}

TEST_CASE("deadlines: a body dripped forever ends at the call's deadline", "[client][deadline]") {
    std::string head = "HTTP/1.1 200 OK\r\nContent-Length: 400\r\n\r\n";
    FakeDaemon::Script script{FakeDaemon::read_request(), FakeDaemon::send(head)};
    for (int i = 0; i < 400; ++i) {
        script.push_back(FakeDaemon::send("x"));
        script.push_back(FakeDaemon::sleep(25ms));
    }
    FakeDaemon daemon({script});
    Client client(options_for(daemon, 1000ms));
    CallOptions call;
    call.call_timeout = 300ms;
    try {
        client.request(Client::make_request("GET", "/info"), call);
        FAIL("the call outlived its deadline");
    } catch (const docker::TimeoutError& e) {
        CHECK(std::string(e.what()).find("deadline") != std::string::npos);
        CHECK(e.path() == "/v1.41/info");
    }
    CHECK(client.idle_connections() == 0);
}

TEST_CASE("deadlines: the client-wide call timeout applies to every call", "[client][deadline]") {
    FakeDaemon daemon({{FakeDaemon::read_request(), FakeDaemon::hold(10000ms)}});
    ClientOptions options = options_for(daemon, docker::no_timeout);
    options.call_timeout = 200ms;
    Client client(options);
    CHECK_THROWS_AS(client.get("/info"), docker::TimeoutError);
}

TEST_CASE("deadlines: an absolute deadline already passed sends nothing", "[client][deadline]") {
    FakeDaemon daemon({{FakeDaemon::read_request(), FakeDaemon::respond(200, "{}")}});
    Client client(options_for(daemon));
    CallOptions call;
    call.deadline = Clock::now() - 1ms;
    CHECK_THROWS_AS(client.request(Client::make_request("GET", "/info"), call), docker::TimeoutError);
    CHECK(daemon.requests().empty());
}

TEST_CASE("cancel: a call waiting on a silent daemon ends with Cancelled", "[client][cancel]") {
    FakeDaemon daemon({{FakeDaemon::read_request(), FakeDaemon::hold(10000ms)},
                       {FakeDaemon::read_request(), FakeDaemon::respond(200, "{}")}});
    Client client(options_for(daemon, docker::no_timeout));
    CancelToken token;
    CallOptions call;
    call.cancel = token;
    auto start = Clock::now();
    {
        CancelLater later(token, 100ms);
        try {
            client.request(Client::make_request("POST", "/containers/x/wait"), call);
            FAIL("no error");
        } catch (const docker::Cancelled& e) {
            CHECK(e.method() == "POST");
            CHECK(e.path() == "/v1.41/containers/x/wait");
        }
    }
    CHECK(Clock::now() - start < 5s);  // the daemon held for 10 s: the cancel ended it
    CHECK(client.idle_connections() == 0);
    // The client goes on with a fresh connection.
    CHECK(client.get("/info").body == "{}");
}

TEST_CASE("cancel: a token cancelled before the call sends nothing", "[client][cancel]") {
    FakeDaemon daemon({{FakeDaemon::read_request(), FakeDaemon::respond(200, "{}")}});
    Client client(options_for(daemon));
    CancelToken token;
    token.cancel();
    CallOptions call;
    call.cancel = token;
    CHECK_THROWS_AS(client.request(Client::make_request("GET", "/info"), call), docker::Cancelled);
    CHECK(daemon.requests().empty());
}

TEST_CASE("cancel: a stream blocked between pieces ends with Cancelled", "[client][cancel]") {
    std::string head = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
    FakeDaemon daemon({{FakeDaemon::read_request(), FakeDaemon::send(head + "3\r\nabc\r\n"), FakeDaemon::hold(10000ms)}});
    Client client(options_for(daemon, docker::no_timeout));
    CancelToken token;
    CallOptions call;
    call.cancel = token;
    auto stream = client.stream(Client::make_request("GET", "/events"), call);
    CHECK(stream.read() == "abc");
    auto start = Clock::now();
    {
        CancelLater later(token, 100ms);
        CHECK_THROWS_AS(stream.read(), docker::Cancelled);
    }
    CHECK(Clock::now() - start < 5s);
    CHECK(client.idle_connections() == 0);
}

TEST_CASE("cancel: a hijacked stream blocked in a read ends with Cancelled", "[client][cancel]") {
    std::string head = "HTTP/1.1 101 UPGRADED\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n";
    FakeDaemon daemon({{FakeDaemon::read_request(), FakeDaemon::send(head), FakeDaemon::hold(10000ms)}});
    Client client(options_for(daemon, docker::no_timeout));
    CancelToken token;
    CallOptions call;
    call.cancel = token;
    auto upgraded = client.upgrade(Client::make_request("POST", "/exec/x/start"), call);
    docker::AttachedStream attached(std::move(upgraded.stream), std::move(upgraded.early_bytes), true);
    attached.watch(std::move(upgraded.cancel), upgraded.deadline);
    docker::LogFrame frame;
    auto start = Clock::now();
    {
        CancelLater later(token, 100ms);
        CHECK_THROWS_AS(attached.next(frame), docker::Cancelled);
    }
    CHECK(Clock::now() - start < 5s);
}

TEST_CASE("cancel: cancelling a finished call's token leaves the pool sound", "[client][cancel]") {
    FakeDaemon daemon({{FakeDaemon::read_request(), FakeDaemon::respond(200, "{}"), FakeDaemon::read_request(),
                        FakeDaemon::respond(200, "{}")}});
    Client client(options_for(daemon));
    CancelToken token;
    CallOptions call;
    call.cancel = token;
    CHECK(client.request(Client::make_request("GET", "/info"), call).body == "{}");
    CHECK(client.idle_connections() == 1);
    token.cancel();  // the call is over: its connection is no longer watched
    CHECK(client.get("/info").body == "{}");
    CHECK(daemon.connections() == 1);
}

}  // namespace client_cancel_test
