#include "docker/http/request.hpp"

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>

#include "support/catch.hpp"

// A namespace per test file: test files are compiled in batches (unity build).
namespace http_request_test {
using docker::http::Request;
using docker::http::serialize_head;

namespace {

Request make(std::string method, std::string target) {
    Request r;
    r.method = std::move(method);
    r.target = std::move(target);
    return r;
}

std::size_t count(const std::string& text, const std::string& part) {
    std::size_t n = 0;
    for (std::size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
    return n;
}

}  // namespace

TEST_CASE("serialize_head: request line, Host, blank line", "[http][request]") {
    CHECK(serialize_head(make("GET", "/v1.43/containers/json?all=1"), "localhost") ==
          "GET /v1.43/containers/json?all=1 HTTP/1.1\r\nHost: localhost\r\n\r\n");
    CHECK(serialize_head(make("GET", "/_ping"), "[::1]:2375") == "GET /_ping HTTP/1.1\r\nHost: [::1]:2375\r\n\r\n");
}

TEST_CASE("serialize_head: Content-Length follows the body", "[http][request]") {
    Request r = make("POST", "/containers/create");
    r.body = R"({"Image":"busybox"})";
    CHECK(serialize_head(r, "localhost") ==
          "POST /containers/create HTTP/1.1\r\nHost: localhost\r\nContent-Length: 19\r\n\r\n");

    // Any method with a body says how long it is.
    Request g = make("GET", "/x");
    g.body = "abc";
    CHECK(count(serialize_head(g, "h"), "Content-Length: 3\r\n") == 1);
}

TEST_CASE("serialize_head: POST and PUT without a body say Content-Length: 0", "[http][request]") {
    CHECK(serialize_head(make("POST", "/containers/x/start"), "localhost") ==
          "POST /containers/x/start HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n\r\n");
    CHECK(count(serialize_head(make("PUT", "/x"), "h"), "Content-Length: 0\r\n") == 1);
    // Methods that never carry one get no framing header at all.
    for (const char* method : {"GET", "HEAD", "DELETE"}) {
        INFO(method);
        std::string head = serialize_head(make(method, "/x"), "h");
        CHECK(head.find("Content-Length") == std::string::npos);
        CHECK(head.find("Transfer-Encoding") == std::string::npos);
    }
}

TEST_CASE("serialize_head: streamed bodies", "[http][request]") {
    Request r = make("POST", "/build");
    r.body_source = [](char*, std::size_t) -> std::size_t { return 0; };
    std::string head = serialize_head(r, "localhost");
    CHECK(head == "POST /build HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n");
    CHECK(head.find("Content-Length") == std::string::npos);

    r.body_length = 123456789012ull;  // a known length: no chunking
    head = serialize_head(r, "localhost");
    CHECK(head == "POST /build HTTP/1.1\r\nHost: localhost\r\nContent-Length: 123456789012\r\n\r\n");

    r.body_length = 0;
    CHECK(count(serialize_head(r, "h"), "Content-Length: 0\r\n") == 1);

    // The source wins over a body string: only one framing header, from the source.
    r.body = "ignored";
    r.body_length.reset();
    head = serialize_head(r, "h");
    CHECK(count(head, "Transfer-Encoding: chunked\r\n") == 1);
    CHECK(head.find("Content-Length") == std::string::npos);
}

TEST_CASE("serialize_head: user headers kept, framing and Host ours", "[http][request]") {
    Request r = make("POST", "/images/create");
    r.headers.add("User-Agent", "docker-cpp/test");
    r.headers.add("X-Registry-Auth", "e30=");
    r.headers.add("host", "evil.example");
    r.headers.add("CONTENT-LENGTH", "999");
    r.headers.add("Transfer-Encoding", "chunked");
    r.headers.add("Content-Type", "application/json");
    r.body = "{}";
    CHECK(serialize_head(r, "localhost") ==
          "POST /images/create HTTP/1.1\r\n"
          "Host: localhost\r\n"
          "User-Agent: docker-cpp/test\r\n"
          "X-Registry-Auth: e30=\r\n"
          "Content-Type: application/json\r\n"
          "Content-Length: 2\r\n"
          "\r\n");
}

TEST_CASE("serialize_head: control characters are a UsageError", "[http][request]") {
    auto with_header = [](std::string name, std::string value) {
        Request r = make("GET", "/x");
        r.headers.add(std::move(name), std::move(value));
        return r;
    };
    // Header injection: a CR or LF would let a value start a header (or a request) of its own.
    CHECK_THROWS_AS(serialize_head(with_header("X-A", "a\r\nX-Injected: 1"), "h"), docker::UsageError);
    CHECK_THROWS_AS(serialize_head(with_header("X-A", "a\nb"), "h"), docker::UsageError);
    CHECK_THROWS_AS(serialize_head(with_header("X-A", "a\rb"), "h"), docker::UsageError);
    CHECK_THROWS_AS(serialize_head(with_header("X-A", std::string("a\0b", 3)), "h"), docker::UsageError);
    CHECK_THROWS_AS(serialize_head(with_header("X-A\r\nX-B", "v"), "h"), docker::UsageError);
    CHECK_THROWS_AS(serialize_head(make("GET\r\n", "/x"), "h"), docker::UsageError);
    CHECK_THROWS_AS(serialize_head(make("GET", "/x\r\nX: y"), "h"), docker::UsageError);
    CHECK_THROWS_AS(serialize_head(make("GET", "/a b"), "h"), docker::UsageError);
    CHECK_THROWS_AS(serialize_head(make("GET", ""), "h"), docker::UsageError);
    CHECK_THROWS_AS(serialize_head(make("GET /a", "/x"), "h"), docker::UsageError);  // would shift the request line
    CHECK_THROWS_AS(serialize_head(make("G\tT", "/x"), "h"), docker::UsageError);
    CHECK_THROWS_AS(serialize_head(make("", "/x"), "h"), docker::UsageError);
    try {
        serialize_head(with_header("X-A", "a\r\nb"), "h");
    } catch (const docker::UsageError& e) {
        CHECK(std::string(e.what()).find("header value") != std::string::npos);
    }
}

TEST_CASE("append_chunk_header: lower-case hex size and CRLF", "[http][request]") {
    auto header = [](std::size_t size) {
        std::string out = "prefix:";
        docker::http::append_chunk_header(out, size);
        return out;
    };
    CHECK(header(0) == "prefix:0\r\n");
    CHECK(header(5) == "prefix:5\r\n");
    CHECK(header(10) == "prefix:a\r\n");
    CHECK(header(16) == "prefix:10\r\n");
    CHECK(header(255) == "prefix:ff\r\n");
    CHECK(header(0x10000) == "prefix:10000\r\n");
    CHECK(header(0xdeadbeef) == "prefix:deadbeef\r\n");
    if (sizeof(std::size_t) == 8) CHECK(header(std::numeric_limits<std::size_t>::max()) == "prefix:ffffffffffffffff\r\n");
}

TEST_CASE("Request: idempotent methods and has_body", "[http][request]") {
    for (const char* m : {"GET", "HEAD", "PUT", "DELETE", "OPTIONS"}) CHECK(make(m, "/").idempotent());
    for (const char* m : {"POST", "PATCH", "get"}) CHECK_FALSE(make(m, "/").idempotent());
    Request r;
    CHECK_FALSE(r.has_body());
    r.body = "x";
    CHECK(r.has_body());
    Request s;
    s.body_source = [](char*, std::size_t) -> std::size_t { return 0; };
    CHECK(s.has_body());
}

}  // namespace http_request_test
