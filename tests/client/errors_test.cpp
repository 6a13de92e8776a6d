// Errors a program can act on: a transport, protocol or timeout error names the request and
// the endpoint; an ApiError keeps the response's headers and (bounded) body; a protocol
// error says its kind.
#include <chrono>
#include <string>

#include "docker/client.hpp"
#include "support/catch.hpp"
#include "support/fake_client.hpp"
#include "support/fake_daemon.hpp"

// A namespace per test file: test files are compiled in batches (unity build).
namespace client_errors_test {
using docker::Client;
using docker::ClientOptions;
using docker::ProtocolErrorKind;
using docker::test::FakeDaemon;
using namespace std::chrono_literals;

namespace {

ClientOptions options_for(const FakeDaemon& daemon, std::chrono::milliseconds read_timeout = 3000ms) {
    return docker::test::pinned_options(daemon, "1.41", read_timeout);
}

bool starts_with(const std::string& text, const std::string& prefix) { return text.rfind(prefix, 0) == 0; }

}  // namespace

TEST_CASE("errors: a protocol error names method, path and endpoint, and says its kind", "[client][errors]") {
    FakeDaemon daemon({{FakeDaemon::read_request(), FakeDaemon::send("HTTP/1.1 200 OK\r\nBroken\r\n\r\n")}});
    Client client(options_for(daemon));
    try {
        client.get("/info");
        FAIL("no error");
    } catch (const docker::ProtocolError& e) {
        CHECK(e.kind() == ProtocolErrorKind::malformed_header);
        CHECK(e.method() == "GET");
        CHECK(e.path() == "/v1.41/info");
        CHECK(e.endpoint() == daemon.host());
        CHECK(starts_with(e.what(), "GET /v1.41/info on " + daemon.host() + ": malformed HTTP response: "));
    }
}

TEST_CASE("errors: a truncated answer is kind truncated and names the request", "[client][errors]") {
    FakeDaemon daemon({{FakeDaemon::read_request(),
                        FakeDaemon::send("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc"), FakeDaemon::close()}});
    Client client(options_for(daemon));
    try {
        client.post("/containers/x/start");
        FAIL("no error");
    } catch (const docker::ProtocolError& e) {
        CHECK(e.kind() == ProtocolErrorKind::truncated);
        CHECK(starts_with(e.what(), "POST /v1.41/containers/x/start on " + daemon.host() + ": "));
    }
}

TEST_CASE("errors: a timeout names method, path and endpoint", "[client][errors]") {
    FakeDaemon daemon({{FakeDaemon::read_request(), FakeDaemon::sleep(1000ms)}});
    Client client(options_for(daemon, 100ms));
    try {
        client.get("/version");
        FAIL("no error");
    } catch (const docker::TimeoutError& e) {
        CHECK(e.method() == "GET");
        CHECK(e.path() == "/v1.41/version");
        CHECK(e.endpoint() == daemon.host());
        // The transport's message names the endpoint already; it is said once.
        CHECK(starts_with(e.what(), "GET /v1.41/version: read from " + daemon.host() + " timed out"));
    }
}

TEST_CASE("errors: a stream's error names the request that opened it", "[client][errors]") {
    FakeDaemon daemon({{FakeDaemon::read_request(),
                        FakeDaemon::send("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\nzz\r\n")}});
    Client client(options_for(daemon));
    auto stream = client.stream(Client::make_request("GET", "/events"));
    try {
        while (!stream.read().empty()) {
        }
        FAIL("no error");
    } catch (const docker::ProtocolError& e) {
        CHECK(e.kind() == ProtocolErrorKind::bad_chunk_size);
        CHECK(starts_with(e.what(), "GET /v1.41/events on " + daemon.host() + ": "));
    }
}

TEST_CASE("errors: an ApiError keeps the response headers and the bounded body", "[client][errors]") {
    SECTION("a small JSON body") {
        std::string body = "{\"message\":\"No such container: x\"}";
        FakeDaemon daemon({{FakeDaemon::read_request(),
                            FakeDaemon::respond(404, body, {{"Content-Type", "application/json"}, {"X-Trace", "t-1"}})}});
        Client client(options_for(daemon));
        try {
            client.get("/containers/x/json");
            FAIL("no error");
        } catch (const docker::NotFound& e) {
            CHECK(e.message() == "No such container: x");
            CHECK(e.body() == body);
            CHECK(e.header("x-trace") == "t-1");
            CHECK(e.header("Content-Type") == "application/json");
            CHECK(e.header("Missing").empty());
            CHECK(e.headers().size() == 3);  // with Content-Length
            CHECK(e.endpoint() == daemon.host());
        }
    }
    SECTION("a body larger than the bound is cut at it") {
        std::string body(docker::ApiError::max_body_bytes + 1000, 'x');
        FakeDaemon daemon({{FakeDaemon::read_request(), FakeDaemon::respond(500, body)}});
        Client client(options_for(daemon));
        try {
            client.get("/info");
            FAIL("no error");
        } catch (const docker::ServerError& e) {
            CHECK(e.body().size() == docker::ApiError::max_body_bytes);
            CHECK(e.status() == 500);
        }
    }
    SECTION("on a streaming call too") {
        FakeDaemon daemon({{FakeDaemon::read_request(),
                            FakeDaemon::respond(400, "{\"message\":\"bad filter\"}", {{"X-Why", "filters"}})}});
        Client client(options_for(daemon));
        try {
            client.stream(Client::make_request("GET", "/events"));
            FAIL("no error");
        } catch (const docker::BadRequest& e) {
            CHECK(e.message() == "bad filter");
            CHECK(e.header("X-Why") == "filters");
            CHECK(e.body() == "{\"message\":\"bad filter\"}");
        }
    }
}

TEST_CASE("errors: a status above 599 is a malformed status line", "[client][errors]") {
    FakeDaemon daemon({{FakeDaemon::read_request(), FakeDaemon::send("HTTP/1.1 700 Odd\r\nContent-Length: 0\r\n\r\n")}});
    Client client(options_for(daemon));
    try {
        client.get("/info");
        FAIL("no error");
    } catch (const docker::ProtocolError& e) {
        CHECK(e.kind() == ProtocolErrorKind::malformed_status_line);
    }
}

TEST_CASE("errors: a framed answer to an upgrade is kind unexpected_upgrade_answer", "[client][errors]") {
    FakeDaemon daemon({{FakeDaemon::read_request(), FakeDaemon::respond(200, "{}")}});
    Client client(options_for(daemon));
    try {
        client.upgrade(Client::make_request("POST", "/containers/x/attach"));
        FAIL("no error");
    } catch (const docker::ProtocolError& e) {
        CHECK(e.kind() == ProtocolErrorKind::unexpected_upgrade_answer);
        CHECK(starts_with(e.what(), "POST /v1.41/containers/x/attach on "));
    }
}

}  // namespace client_errors_test
