#include "docker/http/response_parser.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "docker/http/request.hpp"  // append_chunk_header, to build large inputs
#include "support/catch.hpp"
#include "support/split.hpp"

// A namespace per test file: test files are compiled in batches (unity build).
namespace http_response_parser_test {
// Conformance of the incremental parser, table-driven: every case is parsed whole, byte by
// byte, at every split point (and every pair of points when short), and at random points;
// all deliveries must agree, and the agreed outcome must be the expected one.

using namespace std::string_literals;
using docker::http::BodyFraming;
using docker::http::ParserLimits;
using docker::http::ResponseParser;
using docker::test::FieldList;
using docker::test::ParseOptions;
using docker::test::ParseOutcome;

namespace {

struct Case {
    std::string name;
    std::string raw;
    ParseOptions options;
    bool ok = true;
    std::string error;  // a substring of the expected message
    std::optional<int> status;
    std::optional<std::string> reason;
    std::optional<FieldList> headers;
    std::optional<std::string> body;  // for ok cases unset means empty
    std::optional<FieldList> trailers;
    std::optional<bool> keep_alive;
    std::optional<BodyFraming> framing;
    std::optional<std::size_t> consumed;  // for ok cases unset means all of raw
    bool upgraded = false;

    Case& with_status(int s) { status = s; return *this; }
    Case& with_reason(std::string r) { reason = std::move(r); return *this; }
    Case& with_headers(FieldList h) { headers = std::move(h); return *this; }
    Case& with_body(std::string b) { body = std::move(b); return *this; }
    Case& with_trailers(FieldList t) { trailers = std::move(t); return *this; }
    Case& alive(bool k) { keep_alive = k; return *this; }
    Case& framed(BodyFraming f) { framing = f; return *this; }
    Case& consuming(std::size_t n) { consumed = n; return *this; }
    Case& leaving(std::size_t n) { consumed = raw.size() - n; return *this; }  // n bytes unconsumed
    Case& consuming_head() { consumed = raw.find("\r\n\r\n") + 4; return *this; }
    Case& head_request() { options.expect_no_body = true; return *this; }
    Case& limited(ParserLimits l) { options.limits = l; return *this; }
    Case& upgrade() { upgraded = true; return *this; }
};

Case good(std::string name, std::string raw) {
    Case c;
    c.name = std::move(name);
    c.raw = std::move(raw);
    return c;
}

Case bad(std::string name, std::string raw, std::string error) {
    Case c = good(std::move(name), std::move(raw));
    c.ok = false;
    c.error = std::move(error);
    return c;
}

ParserLimits limits(std::size_t head, std::size_t count, std::size_t chunk_line) {
    ParserLimits l;
    l.max_head_bytes = head;
    l.max_header_count = count;
    l.max_chunk_line_bytes = chunk_line;
    return l;
}

const std::string ok_head = "HTTP/1.1 200 OK\r\n";
const std::string chunked = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
constexpr auto CL = BodyFraming::content_length;
constexpr auto CHUNKED = BodyFraming::chunked;
constexpr auto CLOSE = BodyFraming::until_close;
constexpr auto NONE = BodyFraming::none;

// A head exactly `size` bytes long (status line + one padding header + blank line).
std::string head_of_size(std::size_t size) {
    std::string start = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nX-Pad: ";
    std::string end = "\r\n\r\n";
    return start + std::string(size - start.size() - end.size(), 'p') + end;
}

std::vector<Case> status_line_cases() {
    return {
        good("reason present", ok_head + "Content-Length: 5\r\n\r\nhello")
            .with_status(200).with_reason("OK").with_body("hello").alive(true).framed(CL)
            .with_headers({{"Content-Length", "5"}}),
        good("multi-word reason", "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n")
            .with_status(404).with_reason("Not Found").alive(true),
        good("empty reason after the space", "HTTP/1.1 200 \r\nContent-Length: 0\r\n\r\n")
            .with_status(200).with_reason("").alive(true).framed(CL),
        good("no reason and no space", "HTTP/1.1 200\r\nContent-Length: 0\r\n\r\n")
            .with_status(200).with_reason("").alive(true),
        good("status 599", "HTTP/1.1 599 Odd\r\nContent-Length: 0\r\n\r\n").with_status(599),
        good("HTTP/1.0 with a length", "HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nhi")
            .with_status(200).with_body("hi").alive(false).framed(CL),
        bad("HTTP/2.0", "HTTP/2.0 200 OK\r\n\r\n", "unsupported HTTP version 'HTTP/2.0'"),
        bad("HTTP/0.9", "HTTP/0.9 200 OK\r\n\r\n", "unsupported HTTP version"),
        bad("garbage", "hello world, this is not HTTP\r\n\r\n", "bad status line"),
        bad("lowercase protocol name", "http/1.1 200 OK\r\n\r\n", "bad status line"),
        bad("version not digits", "HTTP/x.1 200 OK\r\n\r\n", "bad HTTP version"),
        bad("two-digit status", "HTTP/1.1 20 OK\r\n\r\n", "bad status code"),
        bad("four-digit status", "HTTP/1.1 2000 OK\r\n\r\n", "bad status line"),
        bad("letter in status", "HTTP/1.1 2x0 OK\r\n\r\n", "bad status code"),
        bad("status below 100", "HTTP/1.1 099 Low\r\n\r\n", "status code outside 100-599"),
        bad("status 000", "HTTP/1.1 000 Zero\r\n\r\n", "status code outside 100-599"),
        bad("no space after version", "HTTP/1.1-200 OK\r\n\r\n", "bad status line"),
        bad("two spaces before status", "HTTP/1.1  200 OK\r\n\r\n", "bad status code"),
        bad("tab instead of space after status", "HTTP/1.1 200\tOK\r\n\r\n", "bad status line"),
        bad("bare CR in reason", "HTTP/1.1 200 O\rK\r\nContent-Length: 0\r\n\r\n", "control character in the reason"),
        bad("NUL in reason", "HTTP/1.1 200 O\0K\r\nContent-Length: 0\r\n\r\n"s, "control character in the reason"),
        bad("status line too short", "HTTP/1.1\r\n\r\n", "bad status line"),
    };
}

std::vector<Case> line_ending_cases() {
    return {
        good("bare LF line endings in the head", "HTTP/1.1 200 OK\nContent-Length: 2\nX-A: b\n\nhi")
            .with_status(200).with_body("hi").with_headers({{"Content-Length", "2"}, {"X-A", "b"}}).alive(true),
        good("mixed CRLF and LF", "HTTP/1.1 200 OK\r\nContent-Length: 2\n\r\nhi").with_status(200).with_body("hi"),
        good("leading CRLFs before the status line", "\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nx")
            .with_status(200).with_body("x"),
        good("leading LFs before the status line", "\n\nHTTP/1.1 204 No Content\r\n\r\n").with_status(204),
    };
}

std::vector<Case> header_cases() {
    return {
        bad("whitespace before the colon", ok_head + "Content-Length : 5\r\n\r\nhello", "whitespace before the colon"),
        bad("tab before the colon", ok_head + "X-A\t: b\r\n\r\n", "whitespace before the colon"),
        bad("NUL in a header value", ok_head + "X-A: a\0b\r\nContent-Length: 0\r\n\r\n"s, "NUL in a header field"),
        bad("NUL in a header name", ok_head + "X-\0A: b\r\nContent-Length: 0\r\n\r\n"s, "NUL in a header field"),
        bad("bare CR in a header value", ok_head + "X-A: a\rb\r\nContent-Length: 0\r\n\r\n", "bare CR in a header field"),
        bad("bare CR as a header line", ok_head + "\r\r\nContent-Length: 0\r\n\r\n", "bare CR in a header field"),
        good("obs-fold joined with one space", ok_head + "X-Long: first\r\n   second\r\n\tthird  \r\nContent-Length: 0\r\n\r\n")
            .with_headers({{"X-Long", "first second third"}, {"Content-Length", "0"}}),
        good("obs-fold onto an empty value", ok_head + "X-Empty:\r\n value\r\nContent-Length: 0\r\n\r\n")
            .with_headers({{"X-Empty", "value"}, {"Content-Length", "0"}}),
        bad("header section starts with whitespace", ok_head + " X-A: b\r\nContent-Length: 0\r\n\r\n",
            "header section starts with whitespace"),
        bad("parenthesis in a name", ok_head + "X(A): b\r\n\r\n", "invalid character in header name"),
        bad("slash in a name", ok_head + "X/A: b\r\n\r\n", "invalid character in header name"),
        bad("non-ASCII byte in a name", ok_head + "X-\xc3\xa4: b\r\n\r\n", "invalid character in header name"),
        bad("missing colon", ok_head + "NoColonHere\r\nContent-Length: 0\r\n\r\n", "header line without a colon"),
        bad("empty name", ok_head + ": value\r\n\r\n", "empty header name"),
        good("value whitespace trimmed, empty value kept", ok_head + "X-A:   v  \t\r\nX-B:\r\nContent-Length: 0\r\n\r\n")
            .with_headers({{"X-A", "v"}, {"X-B", ""}, {"Content-Length", "0"}}),
        good("repeated fields kept in order", ok_head + "Set-Cookie: a=1\r\nSet-Cookie: b=2\r\nContent-Length: 0\r\n\r\n")
            .with_headers({{"Set-Cookie", "a=1"}, {"Set-Cookie", "b=2"}, {"Content-Length", "0"}}),
        good("token characters in a name", ok_head + "X!#$%&'*+-.^_`|~9: ok\r\nContent-Length: 0\r\n\r\n")
            .with_headers({{"X!#$%&'*+-.^_`|~9", "ok"}, {"Content-Length", "0"}}),
        good("colon inside the value", ok_head + "Location: http://x:1/a\r\nContent-Length: 0\r\n\r\n")
            .with_headers({{"Location", "http://x:1/a"}, {"Content-Length", "0"}}),
    };
}

std::vector<Case> content_length_cases() {
    return {
        good("Content-Length", ok_head + "Content-Length: 11\r\n\r\nhello world").with_body("hello world").framed(CL).alive(true),
        good("Content-Length 0", ok_head + "Content-Length: 0\r\n\r\n").with_body("").framed(CL).alive(true),
        good("leading zeros", ok_head + "Content-Length: 005\r\n\r\nhello").with_body("hello"),
        good("lower-case field name", ok_head + "content-length: 3\r\n\r\nabc").with_body("abc").framed(CL),
        bad("plus sign", ok_head + "Content-Length: +5\r\n\r\nhello", "Content-Length '+5' is not a number"),
        bad("negative", ok_head + "Content-Length: -1\r\n\r\n", "Content-Length '-1' is not a number"),
        bad("hexadecimal", ok_head + "Content-Length: 0x5\r\n\r\nhello", "is not a number"),
        bad("space inside", ok_head + "Content-Length: 5 5\r\n\r\nhello", "is not a number"),
        bad("empty", ok_head + "Content-Length: \r\n\r\n", "empty Content-Length"),
        bad("empty list element", ok_head + "Content-Length: 5,\r\n\r\nhello", "empty Content-Length"),
        good("equal values in two fields", ok_head + "Content-Length: 5\r\nContent-Length: 5\r\n\r\nhello").with_body("hello"),
        good("equal values in one list", ok_head + "Content-Length: 5, 5\r\n\r\nhello").with_body("hello"),
        bad("different values in two fields", ok_head + "Content-Length: 5\r\nContent-Length: 6\r\n\r\nhello!",
            "conflicting Content-Length values"),
        bad("different values in one list", ok_head + "Content-Length: 5, 6\r\n\r\nhello!", "conflicting Content-Length"),
        bad("20-digit overflow", ok_head + "Content-Length: 99999999999999999999\r\n\r\n", "overflows"),
        bad("truncated Content-Length body", ok_head + "Content-Length: 10\r\n\r\nhello",
            "connection closed with 5 of 10 body bytes missing")
            .with_status(200).with_body("hello").framed(CL),
        bad("no body bytes at all", ok_head + "Content-Length: 3\r\n\r\n", "with 3 of 3 body bytes missing")
            .with_status(200).with_body(""),
        good("bytes after the body are not consumed", ok_head + "Content-Length: 2\r\n\r\nhiEXTRA")
            .with_body("hi").leaving(5).alive(true),
        good("a second response is not consumed",
             ok_head + "Content-Length: 1\r\n\r\nAHTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nB")
            .with_body("A").leaving(39),
    };
}

std::vector<Case> chunked_cases() {
    return {
        good("one chunk", chunked + "5\r\nhello\r\n0\r\n\r\n").with_body("hello").framed(CHUNKED).alive(true)
            .with_trailers({}),
        good("many chunks", chunked + "1\r\na\r\n2\r\nbc\r\n3\r\ndef\r\n4\r\nghij\r\n0\r\n\r\n").with_body("abcdefghij"),
        good("uppercase and mixed-case hex", chunked + "A\r\n0123456789\r\n1a\r\n" + std::string(26, 'z') + "\r\n0\r\n\r\n")
            .with_body("0123456789" + std::string(26, 'z')),
        good("16 hex digits with leading zeros", chunked + "0000000000000003\r\nabc\r\n0\r\n\r\n").with_body("abc"),
        good("chunk extensions", chunked + "5;a=b;c\r\nhello\r\n6 ;name=\"quoted\"\r\n world\r\n0;last\r\n\r\n")
            .with_body("hello world"),
        good("trailers kept apart from the headers",
             chunked + "3\r\nabc\r\n0\r\nX-Checksum: 123\r\nX-Other:  two \r\n\r\n")
            .with_body("abc").with_trailers({{"X-Checksum", "123"}, {"X-Other", "two"}})
            .with_headers({{"Transfer-Encoding", "chunked"}}),
        good("case-insensitive coding name", "HTTP/1.1 200 OK\r\nTransfer-Encoding: Chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n")
            .with_body("ok").framed(CHUNKED),
        good("empty chunked body", chunked + "0\r\n\r\n").with_body("").framed(CHUNKED).alive(true),
        good("bytes after the last chunk are not consumed", chunked + "2\r\nhi\r\n0\r\n\r\nNEXT")
            .with_body("hi").leaving(4),
        bad("chunked not final", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, gzip\r\n\r\n",
            "unsupported transfer coding 'gzip'"),
        bad("gzip alone", "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n", "unsupported transfer coding 'gzip'"),
        bad("gzip before chunked", "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n",
            "unsupported transfer coding"),
        bad("chunked twice in a list", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, chunked\r\n\r\n",
            "chunked transfer coding applied more than once"),
        bad("chunked twice in two fields",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n", "more than once"),
        bad("empty Transfer-Encoding", "HTTP/1.1 200 OK\r\nTransfer-Encoding: \r\n\r\n", "empty Transfer-Encoding"),
        good("Transfer-Encoding and Content-Length: chunked wins, connection not reused",
             "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n")
            .with_body("hello").framed(CHUNKED).alive(false),
        bad("chunk size overflow (17 hex digits)", chunked + "10000000000000000\r\n", "chunk size overflows")
            .with_status(200).framed(CHUNKED),
        bad("garbage chunk size", chunked + "zz\r\nhello\r\n", "chunk size is not hexadecimal"),
        bad("empty chunk size", chunked + "\r\nhello\r\n", "chunk size is not hexadecimal"),
        bad("negative chunk size", chunked + "-5\r\nhello\r\n", "chunk size is not hexadecimal"),
        bad("garbage after chunk size", chunked + "5x\r\nhello\r\n0\r\n\r\n", "garbage after chunk size"),
        bad("NUL in a chunk extension", chunked + "5;a=\0\r\nhello\r\n0\r\n\r\n"s, "control character in a chunk extension"),
        bad("chunk data longer than its size", chunked + "5\r\nhelloXX\r\n0\r\n\r\n",
            "chunk data not followed by CRLF")
            .with_body("hello"),
        bad("chunk data followed by a bare LF", chunked + "5\r\nhello\n0\r\n\r\n", "chunk data not followed by CRLF")
            .with_body("hello"),
        bad("chunk-size line with a bare LF", chunked + "5\nhello\r\n0\r\n\r\n", "chunk-size line not ended by CRLF"),
        bad("last-chunk line with a bare LF", chunked + "5\r\nhello\r\n0\n\r\n", "chunk-size line not ended by CRLF")
            .with_body("hello"),
        bad("trailer without a colon", chunked + "0\r\nBroken\r\n\r\n", "header line without a colon"),
        bad("trailer with NUL", chunked + "0\r\nX-A: \0\r\n\r\n"s, "NUL in a header field"),
        bad("cut inside chunk data", chunked + "5\r\nhel", "connection closed in the middle of a chunked body")
            .with_body("hel").framed(CHUNKED),
        bad("cut inside a chunk-size line", chunked + "5\r\nhello\r\n1", "in the middle of a chunked body")
            .with_body("hello"),
        bad("cut before the CRLF after data", chunked + "5\r\nhello\r", "in the middle of a chunked body")
            .with_body("hello"),
        bad("cut in the trailer section", chunked + "5\r\nhello\r\n0\r\n",
            "connection closed in the trailer section of a chunked body")
            .with_body("hello"),
        bad("cut right after the head", chunked, "in the middle of a chunked body").with_status(200),
    };
}

std::vector<Case> framing_cases() {
    return {
        good("close-delimited body", ok_head + "X-A: b\r\n\r\nall of this until the end")
            .with_body("all of this until the end").framed(CLOSE).alive(false),
        good("close-delimited empty body", ok_head + "\r\n").with_body("").framed(CLOSE).alive(false),
        good("HTTP/1.0 close-delimited", "HTTP/1.0 200 OK\r\n\r\nold").with_body("old").framed(CLOSE).alive(false),
        good("100 Continue before the final response",
             "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
            .with_status(200).with_reason("OK").with_body("ok").with_headers({{"Content-Length", "2"}}).alive(true),
        good("102 and 103 with headers, then 200",
             "HTTP/1.1 102 Processing\r\nX-Progress: 1\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n"
             "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\ndone")
            .with_status(200).with_body("done").with_headers({{"Content-Length", "4"}}),
        bad("only an interim response", "HTTP/1.1 100 Continue\r\n\r\n", "in the middle of the response head"),
        good("101 Switching Protocols leaves the rest unconsumed",
             "HTTP/1.1 101 UPGRADED\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n\x01\0\0\0\0\0\0\x02hi"s)
            .with_status(101).upgrade().framed(NONE).alive(false).leaving(10),
        good("101 with nothing after it", "HTTP/1.1 101 Switching Protocols\r\nUpgrade: tcp\r\n\r\n")
            .with_status(101).upgrade().framed(NONE),
        good("204 ignores Content-Length", "HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\nhello")
            .with_status(204).with_body("").framed(NONE).alive(true).leaving(5),
        good("304 ignores Content-Length", "HTTP/1.1 304 Not Modified\r\nContent-Length: 5\r\n\r\nhello")
            .with_status(304).with_body("").framed(NONE).leaving(5),
        good("HEAD answer ignores Content-Length", ok_head + "Content-Length: 5\r\n\r\nhello")
            .head_request().with_body("").framed(NONE).alive(true).consuming_head(),
        good("HEAD answer ignores chunked", chunked + "5\r\nhello\r\n0\r\n\r\n")
            .head_request().with_body("").framed(NONE).consuming_head(),
        good("HEAD answer without framing is not close-delimited", ok_head + "\r\n")
            .head_request().framed(NONE).alive(true),
        good("Connection: close", ok_head + "Connection: close\r\nContent-Length: 1\r\n\r\nx").with_body("x").alive(false),
        good("Connection: close in a list, any case", ok_head + "Connection: Keep-Alive, CLOSE\r\nContent-Length: 0\r\n\r\n")
            .alive(false),
        good("Connection close in a second field", ok_head + "Connection: te\r\nConnection: close\r\nContent-Length: 0\r\n\r\n")
            .alive(false),
        good("Connection token that only contains 'close'", ok_head + "Connection: closed\r\nContent-Length: 0\r\n\r\n")
            .alive(true),
        good("chunked with Connection: close", chunked.substr(0, chunked.size() - 2) + "Connection: close\r\n\r\n0\r\n\r\n")
            .framed(CHUNKED).alive(false),
        good("HTTP/1.0 closes by default", "HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n").alive(false),
        good("HTTP/1.0 keep-alive opt-in", "HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n")
            .alive(true),
        good("HTTP/1.0 keep-alive and close: close wins", "HTTP/1.0 200 OK\r\nConnection: keep-alive, close\r\nContent-Length: 0\r\n\r\n")
            .alive(false),
        // RFC 9112 §6.1: Transfer-Encoding in an HTTP/1.0 message means faulty framing; the
        // connection must be closed after the message, whatever Connection says.
        good("HTTP/1.0 chunked is never kept alive",
             "HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n")
            .with_body("ok").framed(CHUNKED).alive(false),
        bad("empty input", "", "connection closed before any response").with_status(0),
        bad("head cut midway", ok_head + "Content-Le", "connection closed in the middle of the response head"),
        bad("head cut before the blank line", ok_head + "Content-Length: 0\r\n", "in the middle of the response head"),
    };
}

std::vector<Case> limit_cases() {
    std::string big_head = head_of_size(100);
    return {
        good("head exactly at max_head_bytes", big_head).limited(limits(100, 10, 100)).framed(CL),
        bad("head one byte over max_head_bytes", head_of_size(101), "response head larger than 100 bytes")
            .limited(limits(100, 10, 100)),
        bad("status line alone over max_head_bytes", "HTTP/1.1 200 " + std::string(200, 'r') + "\r\n\r\n",
            "response head larger than 64 bytes")
            .limited(limits(64, 10, 100)),
        good("max_header_count fields", ok_head + "A: 1\r\nB: 2\r\nContent-Length: 0\r\n\r\n").limited(limits(1000, 3, 100)),
        bad("more than max_header_count fields", ok_head + "A: 1\r\nB: 2\r\nC: 3\r\nContent-Length: 0\r\n\r\n",
            "more than 3 header fields")
            .limited(limits(1000, 3, 100)),
        good("chunk line at max_chunk_line_bytes", chunked + "5;abcdefghij\r\nhello\r\n0\r\n\r\n")  // 14 bytes
            .with_body("hello").limited(limits(1000, 10, 14)),
        bad("chunk line longer than max_chunk_line_bytes", chunked + "5;abcdefghijk\r\nhello\r\n0\r\n\r\n",
            "chunk-size line longer than 14 bytes")
            .limited(limits(1000, 10, 14)),
        bad("endless chunk line", chunked + "5" + std::string(100, ' '), "chunk-size line longer than 16 bytes")
            .limited(limits(1000, 10, 16)),
        bad("more trailers than max_header_count", chunked + "0\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n", "more than 2 header fields")
            .limited(limits(1000, 2, 100)),
        bad("trailer section over max_head_bytes", chunked + "0\r\nX-Big: " + std::string(100, 'b') + "\r\n\r\n",
            "trailer section larger than 100 bytes")
            .limited(limits(100, 10, 100)),
    };
}

std::string has_substring_message(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos ? "" : "'" + text + "' lacks '" + part + "'";
}

void run_case(const Case& c) {
    INFO("case: " << c.name);
    ParseOutcome got = docker::test::parse_every_way(c.raw, c.options);
    INFO("outcome: " << docker::test::describe(got));
    CHECK(got.ok == c.ok);
    if (c.ok) {
        CHECK(got.error.empty());
        CHECK(got.complete);
        CHECK(got.body == c.body.value_or(""));
        CHECK(got.bytes_consumed_total == c.consumed.value_or(c.raw.size()));
    } else {
        CHECK(has_substring_message(got.error, c.error).empty());
        CHECK_FALSE(got.complete);
        if (c.body) CHECK(got.body == *c.body);
    }
    if (c.status) CHECK(got.status == *c.status);
    if (c.reason) CHECK(got.reason == *c.reason);
    if (c.headers) CHECK(got.headers == *c.headers);
    if (c.trailers) CHECK(got.trailers == *c.trailers);
    if (c.keep_alive) CHECK(got.keep_alive == *c.keep_alive);
    if (c.framing) CHECK(docker::test::framing_name(got.framing) == std::string(docker::test::framing_name(*c.framing)));
    CHECK(got.upgraded == c.upgraded);
}

// A head that arrives whole is parsed in place in one pass; anything unusual in it goes to the
// line-by-line path. Each case runs whole and split, so both must agree on these.
std::vector<Case> in_place_cases() {
    const std::string ping =
        "HTTP/1.1 200 OK\r\nApi-Version: 1.41\r\nCache-Control: no-cache, no-store, must-revalidate\r\n"
        "Content-Length: 2\r\nContent-Type: text/plain; charset=utf-8\r\nDocker-Experimental: false\r\n"
        "Ostype: linux\r\nPragma: no-cache\r\nServer: Docker/20.10.24+dfsg1 (linux)\r\n"
        "Date: Mon, 30 Nov 2026 23:00:00 GMT\r\n\r\nOK";
    return {
        good("a daemon's /_ping answer", ping).with_status(200).with_reason("OK").with_body("OK").alive(true).framed(CL)
            .with_headers({{"Api-Version", "1.41"}, {"Cache-Control", "no-cache, no-store, must-revalidate"},
                           {"Content-Length", "2"}, {"Content-Type", "text/plain; charset=utf-8"},
                           {"Docker-Experimental", "false"}, {"Ostype", "linux"}, {"Pragma", "no-cache"},
                           {"Server", "Docker/20.10.24+dfsg1 (linux)"}, {"Date", "Mon, 30 Nov 2026 23:00:00 GMT"}}),
        good("framing names in any case", ok_head + "CONTENT-LENGTH: 3\r\ncOnNeCtIoN: CLOSE\r\n\r\nabc")
            .with_body("abc").alive(false).framed(CL),
        good("TRANSFER-ENCODING in capitals", "HTTP/1.1 200 OK\r\nTRANSFER-ENCODING: chunked\r\n\r\n1\r\nx\r\n0\r\n\r\n")
            .with_body("x").alive(true).framed(CHUNKED),
        good("names that only look like framing fields", ok_head + "Content-Lengtx: 3\r\nConnectioN-: close\r\n"
                                                          "Transfer-Encodinx: chunked\r\nContent-Length: 1\r\n\r\nz")
            .with_body("z").alive(true).framed(CL),
        good("two agreeing Content-Length fields", ok_head + "Content-Length: 2\r\nX: y\r\nContent-Length: 2\r\n\r\nhi")
            .with_body("hi").framed(CL),
        bad("two conflicting Content-Length fields", ok_head + "Content-Length: 2\r\nContent-Length: 3\r\n\r\nhi",
            "conflicting Content-Length"),
        good("Content-Length as a list", ok_head + "Content-Length: 2, 2\r\n\r\nhi").with_body("hi").framed(CL),
        bad("Content-Length with a sign", ok_head + "Content-Length: +2\r\n\r\nhi", "is not a number"),
        good("long names and token characters", ok_head + "X-A-Very-Long-Header-Name_With.Odd~Chars!: v\r\n"
                                                  "abcdefghijklmnopqrstuvwxyz0123456789: w\r\nContent-Length: 0\r\n\r\n")
            .with_headers({{"X-A-Very-Long-Header-Name_With.Odd~Chars!", "v"}, {"abcdefghijklmnopqrstuvwxyz0123456789", "w"},
                           {"Content-Length", "0"}}),
        good("values trimmed of spaces and tabs", ok_head + "A:\t  x y \t\r\nB:\r\nC:   \r\nContent-Length: 0\r\n\r\n")
            .with_headers({{"A", "x y"}, {"B", ""}, {"C", ""}, {"Content-Length", "0"}}),
        good("a bare LF line end among CRLFs", ok_head + "A: 1\nB: 2\r\nContent-Length: 0\r\n\r\n")
            .with_headers({{"A", "1"}, {"B", "2"}, {"Content-Length", "0"}}),
        good("a folded line", ok_head + "A: 1\r\n 2\r\nContent-Length: 0\r\n\r\n")
            .with_headers({{"A", "1 2"}, {"Content-Length", "0"}}),
        bad("a bare CR inside a long value", ok_head + "A: 0123456789abcdef0123\r456789\r\n\r\n", "bare CR"),
        bad("a NUL inside a long value", ok_head + "A: 0123456789abcdef0123"s + '\0' + "456789\r\n\r\n", "NUL"),
        bad("a space inside a long name", ok_head + "Abcdefghij klmnopqrstuv: x\r\n\r\n", "whitespace before the colon"),
        bad("a byte above 0x7f in a long name", ok_head + "Abcdefghij\xc3\xa9klmnopqrstuv: x\r\n\r\n",
            "invalid character in header name"),
        good("exactly the field limit", ok_head + "A: 1\r\nB: 2\r\nContent-Length: 0\r\n\r\n").limited(limits(64 * 1024, 3, 4096)),
        bad("one field over the limit", ok_head + "A: 1\r\nB: 2\r\nC: 3\r\nContent-Length: 0\r\n\r\n",
            "more than 3 header fields").limited(limits(64 * 1024, 3, 4096)),
        good("an interim 100 before the answer", "HTTP/1.1 100 Continue\r\nX: 1\r\n\r\n" + ping)
            .with_status(200).with_body("OK").framed(CL),
    };
}

void run_cases(const std::vector<Case>& cases) {
    for (const Case& c : cases) run_case(c);
}

}  // namespace

TEST_CASE("response parser: status line", "[http][parser]") { run_cases(status_line_cases()); }
TEST_CASE("response parser: line endings", "[http][parser]") { run_cases(line_ending_cases()); }
TEST_CASE("response parser: header syntax", "[http][parser]") { run_cases(header_cases()); }
TEST_CASE("response parser: Content-Length", "[http][parser]") { run_cases(content_length_cases()); }
TEST_CASE("response parser: chunked", "[http][parser]") { run_cases(chunked_cases()); }
TEST_CASE("response parser: framing, interim responses, connection reuse", "[http][parser]") {
    run_cases(framing_cases());
}
TEST_CASE("response parser: limits", "[http][parser]") { run_cases(limit_cases()); }
TEST_CASE("response parser: heads parsed in place agree with the line-by-line parse", "[http][parser]") {
    run_cases(in_place_cases());
}

TEST_CASE("response parser: errors are sticky", "[http][parser]") {
    ResponseParser parser;
    const std::string bad_head = "HTTP/1.1 200 OK\r\nBad Name: x\r\n\r\n";
    std::string first;
    try {
        parser.parse(bad_head);
        FAIL("no error");
    } catch (const docker::ProtocolError& e) {
        first = e.what();
    }
    CHECK(first.find("whitespace before the colon") != std::string::npos);
    // A valid response afterwards does not revive it, nor does the end of input.
    try {
        parser.parse("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
        FAIL("no error on the second call");
    } catch (const docker::ProtocolError& e) {
        CHECK(std::string(e.what()) == first);
    }
    CHECK_THROWS_AS(parser.parse(""), docker::ProtocolError);
    CHECK_THROWS_AS(parser.finish(), docker::ProtocolError);
    CHECK_FALSE(parser.complete());

    // reset() is the way back (a new response on a new connection).
    parser.reset();
    auto step = parser.parse("HTTP/1.1 204 No Content\r\n\r\n");
    CHECK(step.event == ResponseParser::Event::head);
    CHECK(parser.head().status == 204);
}

TEST_CASE("response parser: a truncation error stays too", "[http][parser]") {
    ResponseParser parser;
    parser.parse("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n");
    CHECK_THROWS_AS(parser.finish(), docker::ProtocolError);
    CHECK_THROWS_AS(parser.parse("hello"), docker::ProtocolError);
}

TEST_CASE("response parser: finish() right after the last Content-Length byte completes", "[http][parser]") {
    // A caller may see the peer close before it calls parse() on an empty rest; the body
    // is whole by then, so this is no truncation.
    ResponseParser parser;
    std::string input = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello";
    auto head = parser.parse(input);
    REQUIRE(head.event == ResponseParser::Event::head);
    auto body = parser.parse(std::string_view(input).substr(head.consumed));
    REQUIRE(body.event == ResponseParser::Event::body);
    CHECK(body.body == "hello");
    auto end = parser.finish();
    CHECK(end.event == ResponseParser::Event::done);
    CHECK(parser.complete());
}

TEST_CASE("response parser: state accessors", "[http][parser]") {
    ResponseParser parser;
    CHECK_FALSE(parser.started());
    CHECK_FALSE(parser.head_complete());
    auto step = parser.parse("HTTP/1.1 200 OK\r\nContent-");
    CHECK(step.event == ResponseParser::Event::need_more);
    CHECK(parser.started());
    CHECK_FALSE(parser.head_complete());
    step = parser.parse("Length: 3\r\n\r\nab");
    CHECK(step.event == ResponseParser::Event::head);
    CHECK(parser.head_complete());
    REQUIRE(parser.content_length());
    CHECK(*parser.content_length() == 3);
    CHECK(parser.head().version_minor == 1);
    CHECK(parser.head().headers.get("content-length") == "3");
    step = parser.parse("ab");
    CHECK(step.event == ResponseParser::Event::body);
    CHECK(step.body == "ab");
    CHECK_FALSE(parser.complete());
    step = parser.parse("c");
    CHECK(step.body == "c");
    step = parser.parse("");
    CHECK(step.event == ResponseParser::Event::done);
    CHECK(parser.complete());
    // After done, further input is left alone.
    step = parser.parse("more");
    CHECK(step.event == ResponseParser::Event::done);
    CHECK(step.consumed == 0);
}

TEST_CASE("response parser: body pieces are views into the input", "[http][parser]") {
    ResponseParser parser;
    std::string input = "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nbody";
    auto head = parser.parse(input);
    auto body = parser.parse(std::string_view(input).substr(head.consumed));
    REQUIRE(body.event == ResponseParser::Event::body);
    CHECK(body.body.data() == input.data() + head.consumed);  // no copy
}

TEST_CASE("response parser: 1 MiB chunked body in 16 KiB chunks", "[http][parser]") {
    std::string payload(1024 * 1024, '\0');
    for (std::size_t i = 0; i < payload.size(); ++i)
        payload[i] = static_cast<char>((i * 131 + i / 7) & 0xff);  // every byte value, no period of 16 KiB
    std::string raw = chunked;
    for (std::size_t at = 0; at < payload.size(); at += 16 * 1024) {
        docker::http::append_chunk_header(raw, 16 * 1024);
        raw.append(payload, at, 16 * 1024);
        raw += "\r\n";
    }
    raw += "0\r\n\r\n";

    auto check = [&](const ParseOutcome& o) {
        REQUIRE(o.ok);
        CHECK(o.complete);
        CHECK(o.body.size() == payload.size());
        CHECK(o.body == payload);
        CHECK(o.bytes_consumed_total == raw.size());
    };
    check(docker::test::parse_whole(raw));
    for (std::size_t piece : {1u, 7u, 4096u, 16 * 1024u + 3u, 65536u}) {
        INFO("pieces of " << piece);
        check(docker::test::parse_in_pieces_of(raw, piece));
    }
    for (std::uint32_t seed = 1; seed <= 8; ++seed) {
        INFO("seed " << seed);
        check(docker::test::parse_random_splits(raw, 200, seed));
    }
}

TEST_CASE("response parser: the block of headers that are gone carries the next response's fields", "[http][parser]") {
    // A thread keeps one spare block: a dying list leaves it behind, the next head parsed in
    // place takes it when it is large enough, and allocates afresh when it is not.
    ResponseParser parser;
    auto head_of = [&parser](const std::string& raw) {
        parser.reset();
        REQUIRE(parser.parse(raw).event == ResponseParser::Event::head);
        return parser.take_headers();
    };
    std::string big = "HTTP/1.1 200 OK\r\n";
    for (int i = 0; i < 60; ++i) big += "Big-" + std::to_string(i) + ": " + std::string(20, 'a' + i % 26) + "\r\n";
    big += "Content-Length: 0\r\n\r\n";
    {
        docker::http::Headers first = head_of("HTTP/1.1 200 OK\r\nA: 1\r\nContent-Length: 0\r\n\r\n");
        CHECK(first.get("a") == "1");
    }  // its block is the spare now
    docker::http::Headers small = head_of("HTTP/1.1 200 OK\r\nB: 22\r\nContent-Length: 0\r\n\r\n");
    docker::http::Headers large = head_of(big);  // larger than any spare: its own block
    {
        docker::http::Headers gone = head_of("HTTP/1.1 200 OK\r\nC: 333\r\n\r\n");
        CHECK(gone.get("c") == "333");
    }
    docker::http::Headers again = head_of("HTTP/1.1 200 OK\r\nD: 4444\r\nE: 5\r\n\r\n");
    CHECK(small.size() == 2);
    CHECK(small.get("b") == "22");
    CHECK(small.get("content-length") == "0");
    REQUIRE(large.size() == 61);
    for (int i = 0; i < 60; ++i) CHECK(large.at(static_cast<std::size_t>(i)).second == std::string(20, 'a' + i % 26));
    CHECK(again.size() == 2);
    CHECK(again.get("d") == "4444");
    CHECK(again.get("e") == "5");
    docker::http::Headers moved = std::move(again);  // a moved-from list leaves no block behind
    CHECK(moved.get("d") == "4444");
}

TEST_CASE("response parser: a head parsed in place hands over a header list that stands on its own", "[http][parser]") {
    // The fast path builds the index in room the parser keeps and copies it with the field
    // lines into the list: the list taken must outlive the next response, grow, copy and move.
    ResponseParser parser;
    std::string raw = "HTTP/1.1 200 OK\r\n";
    for (int i = 0; i < 40; ++i) raw += "Field-" + std::to_string(i) + ":  value " + std::to_string(i) + " \r\n";
    raw += "Content-Length: 0\r\n\r\n";
    REQUIRE(parser.parse(raw).event == ResponseParser::Event::head);
    docker::http::Headers first = parser.take_headers();
    CHECK(parser.head().headers.empty());
    REQUIRE(first.size() == 41);

    parser.reset();
    REQUIRE(parser.parse("HTTP/1.1 204 No Content\r\n\r\n").event == ResponseParser::Event::head);
    CHECK(parser.take_headers().empty());
    parser.reset();
    REQUIRE(parser.parse("HTTP/1.1 200 OK\r\nA: 1\r\nContent-Length: 0\r\n\r\n").event == ResponseParser::Event::head);
    docker::http::Headers second = parser.take_headers();

    CHECK(first.get("field-0") == "value 0");
    CHECK(first.get("FIELD-39") == "value 39");
    CHECK(first.get("content-length") == "0");
    first.add("Added", "by hand");  // grows the index in front of the adopted lines
    first.add(first.at(3).first, first.at(5).second);  // from the list itself
    CHECK(first.size() == 43);
    CHECK(first.get("added") == "by hand");
    CHECK(first.back().first == "Field-3");
    CHECK(first.back().second == "value 5");
    CHECK(first.at(39).second == "value 39");

    docker::http::Headers copy = first;
    first.set("Field-0", "changed");
    CHECK(copy.get("Field-0") == "value 0");
    docker::http::Headers moved = std::move(copy);
    CHECK(copy.empty());  // NOLINT(bugprone-use-after-move): a moved-from list is empty
    CHECK(moved.size() == 43);
    CHECK(second.size() == 2);
    CHECK(second.get("a") == "1");
}

TEST_CASE("split driver: helpers cut inputs as described", "[http][parser][support]") {
    CHECK(docker::test::cut("abcdef", {2, 5}) == std::vector<std::string_view>{"ab", "cde", "f"});
    auto offsets = docker::test::random_offsets(100, 10, 42);
    CHECK(offsets.size() == 10);
    CHECK(std::is_sorted(offsets.begin(), offsets.end()));
    CHECK(offsets == docker::test::random_offsets(100, 10, 42));  // fixed seed: reproducible
    CHECK(docker::test::random_offsets(3, 10, 1).size() == 2);
    CHECK(docker::test::parse_two_way_splits("abc").size() == 2);
}

}  // namespace http_response_parser_test
