// Every class of malformed input raises a ProtocolError of its own kind(), whether the
// bytes arrive whole or one at a time.
#include "docker/http/response_parser.hpp"

#include <string>
#include <vector>

#include "support/catch.hpp"

// A namespace per test file: test files are compiled in batches (unity build).
namespace http_protocol_error_kind_test {
using docker::ProtocolError;
using docker::ProtocolErrorKind;
using docker::http::ParserLimits;
using docker::http::ResponseParser;

namespace {

struct KindCase {
    const char* name;
    std::string raw;
    ProtocolErrorKind kind;
    ParserLimits limits{};
    bool close_at_end = false;  // call finish() after the bytes (the peer closed)
};

// Feeds `raw` in pieces of `piece` bytes (0: whole); returns the kind raised, or `other`
// with `raised` false when nothing was.
ProtocolErrorKind kind_of(const KindCase& c, std::size_t piece, bool& raised) {
    ResponseParser parser(c.limits);
    raised = true;
    try {
        std::string_view rest(c.raw);
        while (!rest.empty()) {
            std::string_view input = piece == 0 ? rest : rest.substr(0, piece);
            std::size_t offset = 0;
            for (;;) {
                auto step = parser.parse(input.substr(offset));
                offset += step.consumed;
                if (step.event == ResponseParser::Event::done) break;
                if (step.event == ResponseParser::Event::need_more) break;
            }
            rest.remove_prefix(input.size());
        }
        if (c.close_at_end) parser.finish();
    } catch (const ProtocolError& e) {
        return e.kind();
    }
    raised = false;
    return ProtocolErrorKind::other;
}

ParserLimits fields_limit(std::size_t n) {
    ParserLimits l;
    l.max_header_count = n;
    return l;
}

ParserLimits head_limit(std::size_t n) {
    ParserLimits l;
    l.max_head_bytes = n;
    return l;
}

const std::string chunked = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";

std::vector<KindCase> cases() {
    using K = ProtocolErrorKind;
    return {
        {"garbage status line", "SSH-2.0-OpenSSH\r\n\r\n", K::malformed_status_line},
        {"status 600", "HTTP/1.1 600 Beyond\r\n\r\n", K::malformed_status_line},
        {"status 999", "HTTP/1.1 999 Beyond\r\n\r\n", K::malformed_status_line},
        {"status 099", "HTTP/1.1 099 Low\r\n\r\n", K::malformed_status_line},
        {"letters in status", "HTTP/1.1 2x0 OK\r\n\r\n", K::malformed_status_line},
        {"HTTP/2", "HTTP/2.0 200 OK\r\n\r\n", K::unsupported_version},
        {"field without colon", "HTTP/1.1 200 OK\r\nNoColon\r\n\r\n", K::malformed_header},
        {"space before colon", "HTTP/1.1 200 OK\r\nName : v\r\n\r\n", K::malformed_header},
        {"NUL in field", std::string("HTTP/1.1 200 OK\r\nA: b\0c\r\n\r\n", 27), K::malformed_header},
        {"head too large", "HTTP/1.1 200 OK\r\nX: " + std::string(200, 'a') + "\r\n\r\n", K::head_too_large,
         head_limit(100)},
        {"too many fields", "HTTP/1.1 200 OK\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n", K::too_many_fields, fields_limit(2)},
        {"gzip coding", "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", K::bad_transfer_encoding},
        {"chunked twice", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, chunked\r\n\r\n", K::bad_transfer_encoding},
        {"Content-Length not a number", "HTTP/1.1 200 OK\r\nContent-Length: 1x\r\n\r\n", K::invalid_content_length},
        {"Content-Length overflows", "HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999999\r\n\r\n",
         K::invalid_content_length},
        {"conflicting Content-Length", "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
         K::conflicting_length},
        {"chunk size not hex", chunked + "zz\r\n", K::bad_chunk_size},
        {"garbage after chunk size", chunked + "5x\r\nhello\r\n", K::bad_chunk_size},
        {"chunk longer than its size", chunked + "2\r\nhello\r\n", K::malformed_chunk},
        {"closed inside the head", "HTTP/1.1 200 OK\r\nA: 1\r\n", K::truncated, {}, true},
        {"closed inside a sized body", "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc", K::truncated, {}, true},
        {"closed inside a chunked body", chunked + "5\r\nhel", K::truncated, {}, true},
        {"closed before any byte", "", K::truncated, {}, true},
    };
}

}  // namespace

TEST_CASE("protocol errors: every malformed-input class has its kind", "[http][parser][errors]") {
    for (const KindCase& c : cases()) {
        for (std::size_t piece : {std::size_t{0}, std::size_t{1}, std::size_t{7}}) {
            INFO("case: " << c.name << ", pieces of " << piece);
            bool raised = false;
            ProtocolErrorKind kind = kind_of(c, piece, raised);
            CHECK(raised);
            CHECK(std::string(docker::to_string(kind)) == docker::to_string(c.kind));
        }
    }
}

TEST_CASE("protocol errors: the field-count limit trips as the fields arrive", "[http][parser][errors]") {
    // No blank line ever comes: the limit must not wait for it.
    ResponseParser parser(fields_limit(3));
    std::string head = "HTTP/1.1 200 OK\r\n";
    for (int i = 0; i < 3; ++i) head += "F" + std::to_string(i) + ": x\r\n";
    CHECK(parser.parse(head).event == ResponseParser::Event::need_more);
    try {
        parser.parse("F3: x\r\n");
        FAIL("a fourth field was accepted");
    } catch (const ProtocolError& e) {
        CHECK(e.kind() == ProtocolErrorKind::too_many_fields);
    }
    // Sticky, with the same kind.
    try {
        parser.parse("\r\n");
        FAIL("parsing went on after the error");
    } catch (const ProtocolError& e) {
        CHECK(e.kind() == ProtocolErrorKind::too_many_fields);
    }
}

TEST_CASE("protocol errors: status codes 100-599 are accepted, others are not", "[http][parser][errors]") {
    for (int status : {100, 101, 199, 200, 404, 599}) {
        ResponseParser parser;
        std::string raw = "HTTP/1.1 " + std::to_string(status) + " X\r\nContent-Length: 0\r\n\r\n";
        INFO("status " << status);
        CHECK_NOTHROW(parser.parse(raw));
    }
    for (int status : {600, 700, 999}) {
        ResponseParser parser;
        std::string raw = "HTTP/1.1 " + std::to_string(status) + " X\r\nContent-Length: 0\r\n\r\n";
        INFO("status " << status);
        CHECK_THROWS_AS(parser.parse(raw), ProtocolError);
    }
}

}  // namespace http_protocol_error_kind_test
