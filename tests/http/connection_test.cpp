#include "docker/http/connection.hpp"

#include <chrono>
#include <cstddef>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "support/catch.hpp"
#include "support/fake_stream.hpp"

// A namespace per test file: test files are compiled in batches (unity build).
namespace http_connection_test {
using docker::http::Connection;
using docker::http::Request;
using docker::test::FakeStream;
using namespace std::chrono_literals;
using namespace std::string_literals;

namespace {

constexpr docker::transport::Timeout timeout = 1000ms;

// A connection over a scripted stream; `record` outlives the stream.
struct Fixture {
    std::shared_ptr<const FakeStream::Record> record;
    std::unique_ptr<Connection> connection;

    explicit Fixture(std::unique_ptr<FakeStream> stream, docker::http::ParserLimits limits = {}) {
        record = stream->record();
        connection = std::make_unique<Connection>(std::move(stream), "localhost", limits);
    }
};

std::unique_ptr<FakeStream> script() { return std::make_unique<FakeStream>(); }

Request get(std::string target = "/x") {
    Request r;
    r.target = std::move(target);
    return r;
}

// A body source that hands out the given pieces one per call (cut to the caller's size).
docker::http::BodySource pieces_source(std::vector<std::string> pieces) {
    auto state = std::make_shared<std::pair<std::vector<std::string>, std::size_t>>(std::move(pieces), 0);
    return [state](char* buffer, std::size_t size) -> std::size_t {
        auto& [list, index] = *state;
        if (index == list.size()) return 0;
        std::string& piece = list[index];
        std::size_t n = piece.size() < size ? piece.size() : size;
        std::memcpy(buffer, piece.data(), n);
        piece.erase(0, n);
        if (piece.empty()) ++index;
        return n;
    };
}

// Decodes a chunked body strictly; fails the test on bad framing.
std::string dechunk(std::string_view framed) {
    std::string out;
    for (;;) {
        auto eol = framed.find("\r\n");
        REQUIRE(eol != std::string_view::npos);
        std::size_t size = std::stoul(std::string(framed.substr(0, eol)), nullptr, 16);
        framed.remove_prefix(eol + 2);
        if (size == 0) {
            CHECK(framed == "\r\n");
            return out;
        }
        REQUIRE(framed.size() >= size + 2);
        out.append(framed.substr(0, size));
        CHECK(framed.substr(size, 2) == "\r\n");
        framed.remove_prefix(size + 2);
    }
}

const std::string ok5 = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello";

}  // namespace

TEST_CASE("Connection::send writes exactly the head and the body", "[http][connection]") {
    Fixture f(script());
    Request r;
    r.method = "POST";
    r.target = "/containers/create?name=x";
    r.headers.add("Content-Type", "application/json");
    r.body = R"({"Image":"busybox"})";
    f.connection->send(r, timeout);
    CHECK(f.record->written == docker::http::serialize_head(r, "localhost") + r.body);
    CHECK(f.record->writes.size() == 1);  // a small body goes with the head in one write
    CHECK(f.record->written.rfind("POST /containers/create?name=x HTTP/1.1\r\nHost: localhost\r\n", 0) == 0);
}

TEST_CASE("Connection::send: a large body follows the head in its own write", "[http][connection]") {
    Fixture f(script());
    Request r;
    r.method = "PUT";
    r.target = "/archive";
    r.body.assign(100 * 1024, 'b');
    f.connection->send(r, timeout);
    std::string head = docker::http::serialize_head(r, "localhost");
    CHECK(f.record->written == head + r.body);
    REQUIRE(f.record->writes.size() == 2);
    CHECK(f.record->writes[0] == head);
}

TEST_CASE("Connection::send: chunked upload from a body source", "[http][connection]") {
    Fixture f(script());
    Request r;
    r.method = "POST";
    r.target = "/build";
    r.body_source = pieces_source({"hello", " world", "!"});
    f.connection->send(r, timeout);
    std::string head = docker::http::serialize_head(r, "localhost");
    CHECK(f.record->written == head + "5\r\nhello\r\n6\r\n world\r\n1\r\n!\r\n0\r\n\r\n");
}

TEST_CASE("Connection::send: chunked upload larger than the buffer", "[http][connection]") {
    Fixture f(script());
    std::string data(200 * 1000 + 7, '\0');
    for (std::size_t i = 0; i < data.size(); ++i) data[i] = static_cast<char>(i % 251);
    Request r;
    r.method = "POST";
    r.target = "/images/load";
    r.body_source = pieces_source({data});
    f.connection->send(r, timeout);
    std::string head = docker::http::serialize_head(r, "localhost");
    REQUIRE(f.record->written.rfind(head, 0) == 0);
    std::string framed = f.record->written.substr(head.size());
    CHECK(framed.rfind("10000\r\n", 0) == 0);  // chunks as large as the buffer
    CHECK(dechunk(framed) == data);
}

TEST_CASE("Connection::send: a body source of known length is sent as is", "[http][connection]") {
    Fixture f(script());
    Request r;
    r.method = "PUT";
    r.target = "/containers/x/archive?path=/";
    r.body_source = pieces_source({"abc", "defg"});
    r.body_length = 7;
    f.connection->send(r, timeout);
    CHECK(f.record->written == docker::http::serialize_head(r, "localhost") + "abcdefg");
    CHECK(f.record->written.find("Content-Length: 7\r\n") != std::string::npos);

    Fixture g(script());
    Request short_body = r;
    short_body.body_source = pieces_source({"abc"});
    short_body.body_length = 7;
    CHECK_THROWS_AS(g.connection->send(short_body, timeout), docker::UsageError);
}

TEST_CASE("Connection::send: a write failure is a ConnectionError", "[http][connection]") {
    auto s = script();
    s->fail_writes_after(10);
    Fixture f(std::move(s));
    CHECK_THROWS_AS(f.connection->send(get(), timeout), docker::ConnectionError);
}

TEST_CASE("Connection: head and body over small reads", "[http][connection]") {
    const std::string response =
        "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n"
        "4\r\nWiki\r\n5\r\npedia\r\nE\r\n in\r\n\r\nchunks.\r\n0\r\nX-Trailer: t\r\n\r\n";
    for (std::size_t piece : {1u, 2u, 3u, 7u, 64u, 0u}) {
        INFO("reads of " << piece << " bytes");
        auto s = script();
        s->serve(response, piece);
        Fixture f(std::move(s));
        f.connection->send(get(), timeout);
        const auto& head = f.connection->read_head(timeout);
        CHECK(head.status == 200);
        CHECK(head.headers.get("content-type") == "text/plain");
        std::string body;
        for (std::string_view part = f.connection->read_body(timeout); !part.empty();
             part = f.connection->read_body(timeout)) {
            if (piece != 0) CHECK(part.size() <= piece);  // nothing buffered beyond one read
            body.append(part);
        }
        CHECK(body == "Wikipedia in\r\n\r\nchunks.");
        CHECK(f.connection->parser().trailers().get("X-Trailer") == "t");
        CHECK(f.connection->read_body(timeout).empty());  // stays at the end
        CHECK(f.connection->reusable());
    }
}

TEST_CASE("Connection::read_body_all", "[http][connection]") {
    auto s = script();
    s->serve(ok5.substr(0, 20)).serve(ok5.substr(20), 2);
    Fixture f(std::move(s));
    f.connection->send(get(), timeout);
    CHECK(f.connection->read_head(timeout).status == 200);
    CHECK(f.connection->read_body_all(timeout) == "hello");
    CHECK(f.connection->reusable());
    // No read beyond the end of the message: the script would have thrown.
    for (auto t : f.record->read_timeouts) CHECK(t == timeout);
}

TEST_CASE("Connection::read_body_all refuses more than the limit", "[http][connection]") {
    auto s = script();
    s->serve("HTTP/1.1 200 OK\r\n\r\n").serve(std::string(100, 'x'), 10).eof();
    Fixture f(std::move(s));
    f.connection->send(get(), timeout);
    f.connection->read_head(timeout);
    CHECK_THROWS_AS(f.connection->read_body_all(timeout, 50), docker::ProtocolError);
}

TEST_CASE("Connection::reusable", "[http][connection]") {
    SECTION("complete keep-alive response") {
        auto s = script();
        s->serve(ok5);
        Fixture f(std::move(s));
        f.connection->send(get(), timeout);
        f.connection->read_head(timeout);
        CHECK_FALSE(f.connection->reusable());  // body not read yet
        f.connection->read_body_all(timeout);
        CHECK(f.connection->reusable());
    }
    SECTION("Connection: close") {
        auto s = script();
        s->serve("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
        Fixture f(std::move(s));
        f.connection->send(get(), timeout);
        f.connection->read_head(timeout);
        CHECK(f.connection->read_body_all(timeout).empty());
        CHECK(f.connection->parser().complete());
        CHECK_FALSE(f.connection->reusable());
    }
    SECTION("bytes nobody asked for after the response") {
        auto s = script();
        s->serve(ok5 + "HTTP/1.1 200 OK\r\n");
        Fixture f(std::move(s));
        f.connection->send(get(), timeout);
        f.connection->read_head(timeout);
        CHECK(f.connection->read_body_all(timeout) == "hello");
        CHECK_FALSE(f.connection->reusable());
    }
    SECTION("close-delimited body") {
        auto s = script();
        s->serve("HTTP/1.1 200 OK\r\n\r\nuntil the end").eof();
        Fixture f(std::move(s));
        f.connection->send(get(), timeout);
        f.connection->read_head(timeout);
        CHECK(f.connection->read_body_all(timeout) == "until the end");
        CHECK(f.connection->parser().complete());
        CHECK_FALSE(f.connection->reusable());
    }
    SECTION("error during the body") {
        auto s = script();
        s->serve("HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nabc").fail_read();
        Fixture f(std::move(s));
        f.connection->send(get(), timeout);
        f.connection->read_head(timeout);
        CHECK_THROWS_AS(f.connection->read_body_all(timeout), docker::ConnectionError);
        CHECK_FALSE(f.connection->reusable());
    }
}

TEST_CASE("Connection: two requests in a row on one connection", "[http][connection]") {
    auto s = script();
    s->serve(ok5).serve("HTTP/1.1 404 Not Found\r\nContent-Length: 2\r\n\r\n{}");
    Fixture f(std::move(s));
    f.connection->send(get("/a"), timeout);
    f.connection->read_head(timeout);
    CHECK(f.connection->read_body_all(timeout) == "hello");
    REQUIRE(f.connection->reusable());
    f.connection->send(get("/b"), timeout);
    CHECK_FALSE(f.connection->response_started());
    CHECK(f.connection->read_head(timeout).status == 404);
    CHECK(f.connection->response_started());
    CHECK(f.connection->read_body_all(timeout) == "{}");
    CHECK(f.record->written == "GET /a HTTP/1.1\r\nHost: localhost\r\n\r\nGET /b HTTP/1.1\r\nHost: localhost\r\n\r\n");
}

TEST_CASE("Connection::send: a plain request like the last one sends the same head; any other is written afresh", "[http][connection]") {
    // A request without fields or body keeps its head in the connection; the same method and
    // target again send it as kept. Each write must be exactly the request's own head.
    for (std::string user_agent : {"", "ua/1.0"}) {
        INFO("user agent '" << user_agent << "'");
        auto stream = script();
        auto record = stream->record();
        Connection connection(std::move(stream), "localhost", {}, user_agent);
        std::vector<std::string> expected;
        auto send = [&](const Request& r) {
            connection.send(r, timeout);
            std::string head;
            docker::http::serialize_head_into(head, r, "localhost", user_agent);
            expected.push_back(head + r.body);
        };
        Request with_field = get("/a");
        with_field.headers.add("X-Thing", "1");
        Request post_body = get("/a");
        post_body.method = "POST";
        post_body.body = "{}";
        Request post = get("/a");
        post.method = "POST";
        Request head = get("/a");
        head.method = "HEAD";
        Request versioned = get("/v1.41/a");

        send(get("/a"));
        send(get("/a"));         // the kept head
        send(get("/ab"));        // a longer target with the same start
        send(get("/"));          // a shorter one
        send(get("/a"));
        send(with_field);        // fields: written afresh, and the kept head is gone
        send(get("/a"));
        send(post_body);
        send(post);              // no body: Content-Length: 0, from the method alone
        send(post);
        send(head);              // same target, other method
        send(versioned);
        send(get("/a"));
        CHECK_THROWS_AS(connection.send(get("/a b"), timeout), docker::UsageError);
        send(get("/a"));         // after a refused request: written afresh, not half a head
        send(get("/a"));
        // A method and target that line up with the kept bytes across their spaces are another
        // request, refused as it would be on a fresh connection (the target holds a CRLF).
        Request shifted = get("HTTP/1.1\r\nHost:");
        shifted.method = "GET /a";
        CHECK_THROWS_AS(connection.send(shifted, timeout), docker::UsageError);
        send(get("/a"));
        REQUIRE(record->writes.size() == expected.size());
        for (std::size_t i = 0; i < expected.size(); ++i) {
            INFO("request " << i);
            CHECK(record->writes[i] == expected[i]);
        }
    }
}

TEST_CASE("Connection::send: after another request, a request writes what it writes on a fresh connection", "[http][connection]") {
    // The kept head must never stand in for a request it was not written for. Every pair of
    // requests from a set of valid and invalid ones, sent one after the other on a connection:
    // the second writes the same bytes as on a fresh connection, or is refused as there.
    std::vector<Request> requests;
    for (const char* method : {"GET", "POST", "HEAD", "GET /a", "GE", "GET\r\n", "G T"})
        for (const char* target : {"/a", "/", "/ab", "/a b", "", "HTTP/1.1\r\nHost:", "/v1.41/a", "a /a"}) {
            Request r;
            r.method = method;
            r.target = target;
            requests.push_back(r);
        }
    for (std::size_t i = 0; i < 8; ++i) {  // with a field or a body: never plain
        Request r = requests[i * 7 % requests.size()];
        if (i % 2 == 0) r.headers.add("X-Thing", "1");
        else r.body = "{}";
        requests.push_back(r);
    }
    auto outcome = [](const Request& r, const Request* before) {
        auto stream = script();
        auto record = stream->record();
        Connection connection(std::move(stream), "localhost", {}, "ua/1.0");
        if (before) {
            try {
                connection.send(*before, timeout);
            } catch (const docker::UsageError&) {
            }
        }
        std::size_t writes = record->writes.size();
        try {
            connection.send(r, timeout);
        } catch (const docker::UsageError&) {
            return std::string("refused");
        }
        std::string written;
        for (std::size_t i = writes; i < record->writes.size(); ++i) written += record->writes[i];
        return written;
    };
    std::size_t mismatches = 0;
    for (const Request& second : requests) {
        const std::string alone = outcome(second, nullptr);
        for (const Request& first : requests) {
            if (outcome(second, &first) == alone) continue;
            ++mismatches;
            UNSCOPED_INFO("'" << first.method << "' '" << first.target << "' then '" << second.method << "' '"
                              << second.target << "'");
        }
    }
    CHECK(mismatches == 0);
}

TEST_CASE("Connection: HEAD answers have no body", "[http][connection]") {
    auto s = script();
    s->serve("HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\n");
    Fixture f(std::move(s));
    Request r = get("/images/busybox/json");
    r.method = "HEAD";
    f.connection->send(r, timeout);
    CHECK(f.connection->read_head(timeout).headers.get("Content-Length") == "1234");
    CHECK(f.connection->read_body_all(timeout).empty());
    CHECK(f.connection->reusable());
}

TEST_CASE("Connection: interim responses are skipped by read_head", "[http][connection]") {
    auto s = script();
    s->serve("HTTP/1.1 100 Continue\r\n\r\n").serve(ok5, 4);
    Fixture f(std::move(s));
    f.connection->send(get(), timeout);
    CHECK(f.connection->read_head(timeout).status == 200);
    CHECK(f.connection->read_body_all(timeout) == "hello");
}

TEST_CASE("Connection: 101 release() hands over the stream and the early bytes", "[http][connection]") {
    auto s = script();
    const std::string early = "\x01\0\0\0\0\0\0\x02hi"s;
    s->serve("HTTP/1.1 101 UPGRADED\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n" + early).serve("later");
    FakeStream* raw = s.get();
    Fixture f(std::move(s));
    f.connection->send(get("/containers/x/attach?stream=1"), timeout);
    const auto& head = f.connection->read_head(timeout);
    CHECK(head.status == 101);
    CHECK(f.connection->parser().upgraded());
    CHECK_FALSE(f.connection->reusable());  // it speaks another protocol now
    std::string bytes;
    auto stream = f.connection->release(bytes);
    CHECK(bytes == early);
    REQUIRE(stream);
    CHECK(stream.get() == raw);
    // The rest of the input is the stream's, untouched.
    char buffer[16];
    std::size_t n = stream->read_some(buffer, sizeof buffer, timeout);
    CHECK(std::string(buffer, n) == "later");
}

TEST_CASE("Connection: 101 with nothing after the head", "[http][connection]") {
    auto s = script();
    s->serve("HTTP/1.1 101 UPGRADED\r\nUpgrade: tcp\r\n\r\n");
    Fixture f(std::move(s));
    f.connection->send(get(), timeout);
    CHECK(f.connection->read_head(timeout).status == 101);
    std::string bytes = "stale";
    auto stream = f.connection->release(bytes);
    CHECK(bytes.empty());
    CHECK(stream);
}

TEST_CASE("Connection: a truncated body is a ProtocolError, never a short success", "[http][connection]") {
    SECTION("Content-Length") {
        auto s = script();
        s->serve("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhello").eof();
        Fixture f(std::move(s));
        f.connection->send(get(), timeout);
        f.connection->read_head(timeout);
        try {
            f.connection->read_body_all(timeout);
            FAIL("no error");
        } catch (const docker::ProtocolError& e) {
            CHECK(std::string(e.what()).find("5 of 10 body bytes missing") != std::string::npos);
        }
        CHECK_FALSE(f.connection->reusable());
    }
    SECTION("chunked") {
        auto s = script();
        s->serve("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel").eof();
        Fixture f(std::move(s));
        f.connection->send(get(), timeout);
        f.connection->read_head(timeout);
        CHECK_THROWS_AS(f.connection->read_body_all(timeout), docker::ProtocolError);
    }
    SECTION("head") {
        auto s = script();
        s->serve("HTTP/1.1 200 OK\r\nContent-").eof();
        Fixture f(std::move(s));
        f.connection->send(get(), timeout);
        CHECK_THROWS_AS(f.connection->read_head(timeout), docker::ProtocolError);
        CHECK(f.connection->response_started());
    }
    SECTION("no answer at all") {
        auto s = script();
        s->eof();
        Fixture f(std::move(s));
        f.connection->send(get(), timeout);
        try {
            f.connection->read_head(timeout);
            FAIL("no error");
        } catch (const docker::ProtocolError& e) {
            CHECK(std::string(e.what()).find("before any response") != std::string::npos);
        }
        CHECK_FALSE(f.connection->response_started());  // so an idempotent request may be retried
    }
}

TEST_CASE("Connection: malformed input is a ProtocolError", "[http][connection]") {
    auto s = script();
    s->serve("SSH-2.0-OpenSSH_9.2\r\n\r\n");
    Fixture f(std::move(s));
    f.connection->send(get(), timeout);
    CHECK_THROWS_AS(f.connection->read_head(timeout), docker::ProtocolError);
}

TEST_CASE("Connection: parser limits are applied", "[http][connection]") {
    docker::http::ParserLimits limits;
    limits.max_head_bytes = 32;
    auto s = script();
    s->serve(ok5);
    Fixture f(std::move(s), limits);
    f.connection->send(get(), timeout);
    CHECK_THROWS_AS(f.connection->read_head(timeout), docker::ProtocolError);
}

TEST_CASE("Connection: stream errors and timeouts pass through", "[http][connection]") {
    SECTION("timeout") {
        auto s = script();
        s->serve("HTTP/1.1 200 OK\r\n").time_out();
        Fixture f(std::move(s));
        f.connection->send(get(), timeout);
        CHECK_THROWS_AS(f.connection->read_head(250ms), docker::TimeoutError);
        REQUIRE(f.record->read_timeouts.size() == 2);
        CHECK(f.record->read_timeouts.back() == 250ms);
    }
    SECTION("reset") {
        auto s = script();
        s->fail_read();
        Fixture f(std::move(s));
        f.connection->send(get(), timeout);
        CHECK_THROWS_AS(f.connection->read_head(timeout), docker::ConnectionError);
        CHECK_FALSE(f.connection->response_started());
    }
}

TEST_CASE("Connection: a response larger than the read buffer", "[http][connection]") {
    std::string body(3 * Connection::buffer_size + 123, 'z');
    auto s = script();
    s->serve("HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body);
    Fixture f(std::move(s));
    f.connection->send(get(), timeout);
    f.connection->read_head(timeout);
    std::size_t pieces = 0;
    std::string got;
    for (auto part = f.connection->read_body(timeout); !part.empty(); part = f.connection->read_body(timeout)) {
        CHECK(part.size() <= Connection::buffer_size);  // memory bounded by the buffer
        got.append(part);
        ++pieces;
    }
    CHECK(got == body);
    CHECK(pieces >= 4);
    CHECK(f.connection->reusable());
}

}  // namespace http_connection_test
