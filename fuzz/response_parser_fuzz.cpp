// libFuzzer target for docker::http::ResponseParser. The input is one response as it comes
// off the wire. It is parsed whole, byte by byte, split in two and in random pieces; all
// deliveries must agree on the outcome. A ProtocolError is a legitimate outcome; a crash,
// a sanitizer report or any other exception is a finding.

#include <docker/http/response_parser.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fuzz_support.hpp"

namespace {

using docker::fuzz::finding;
using docker::http::BodyFraming;
using docker::http::Headers;
using docker::http::ParserLimits;
using docker::http::ResponseParser;
using Event = ResponseParser::Event;
using FieldList = std::vector<std::pair<std::string, std::string>>;

struct Outcome {
    bool error = false;
    bool done = false;
    bool head_seen = false;
    int status = 0;
    int version_minor = 0;
    std::string reason;
    FieldList headers;
    std::string body;
    FieldList trailers;
    bool keep_alive = false;
    bool upgraded = false;
    BodyFraming framing = BodyFraming::none;
    std::optional<std::uint64_t> content_length;
    std::size_t consumed = 0;  // bytes of the message (compared only when it completed)

    bool operator==(const Outcome& o) const {
        if (error != o.error || done != o.done || head_seen != o.head_seen || body != o.body) return false;
        if (head_seen && (status != o.status || version_minor != o.version_minor || reason != o.reason ||
                          headers != o.headers || framing != o.framing || content_length != o.content_length))
            return false;
        if (done && (trailers != o.trailers || keep_alive != o.keep_alive || upgraded != o.upgraded ||
                     consumed != o.consumed))
            return false;
        return true;
    }
};

FieldList fields(const Headers& headers) { return FieldList(headers.begin(), headers.end()); }

Outcome run(const docker::fuzz::Pieces& pieces, std::size_t delivery, bool head_request, const ParserLimits& limits) {
    ResponseParser parser(limits);
    parser.expect_no_body(head_request);
    Outcome out;
    // Every step makes progress or asks for more, so this bounds any loop that would not end.
    std::size_t steps_left = 16;
    for (auto piece : pieces) steps_left += 2 * piece.size() + 4;

    auto check_after_done = [&](std::string_view rest) {
        // A complete message stays complete: later bytes belong to the next message.
        auto again = parser.parse(rest);
        if (again.event != Event::done || again.consumed != 0) finding("parse() after done did not say done", delivery);
        if (parser.finish().event != Event::done) finding("finish() after done did not say done", delivery);
        if (!parser.complete()) finding("complete() false after done", delivery);
    };

    try {
        for (std::string_view piece : pieces) {
            if (delivery == 1) {
                // An empty read must change nothing.
                auto idle = parser.parse({});
                if (idle.consumed != 0 || idle.event == Event::body) finding("empty input produced a step", delivery);
                if (idle.event == Event::done) {
                    out.done = true;
                    check_after_done(piece);
                    break;
                }
            }
            std::string_view rest = piece;
            bool need_more = false;
            while (!need_more && !out.done) {
                if (steps_left-- == 0) finding("parser makes no progress", delivery);
                auto step = parser.parse(rest);
                if (step.consumed > rest.size()) finding("consumed more than it was given", delivery);
                std::string_view used = rest.substr(0, step.consumed);
                rest.remove_prefix(step.consumed);
                out.consumed += step.consumed;
                switch (step.event) {
                case Event::need_more:
                    // The connection refills its buffer from the start after need_more:
                    // an unconsumed byte would be lost.
                    if (!rest.empty()) finding("need_more left bytes unconsumed", delivery);
                    need_more = true;
                    break;
                case Event::head:
                    if (out.head_seen) finding("two final heads in one message", delivery);
                    if (!parser.head_complete()) finding("head event without head_complete()", delivery);
                    out.head_seen = true;
                    out.status = parser.head().status;
                    out.version_minor = parser.head().version_minor;
                    out.reason = parser.head().reason;
                    out.headers = fields(parser.head().headers);
                    out.framing = parser.framing();
                    out.content_length = parser.content_length();
                    break;
                case Event::body:
                    if (!out.head_seen) finding("body before the head", delivery);
                    // The connection reads an empty piece as the end of the body.
                    if (step.body.empty()) finding("empty body step", delivery);
                    // The body is a view into the bytes this step consumed.
                    if (step.body.data() < used.data() ||
                        step.body.data() + step.body.size() > used.data() + used.size())
                        finding("body view outside the consumed input", delivery);
                    out.body.append(step.body);
                    break;
                case Event::done:
                    out.done = true;
                    break;
                }
            }
            if (out.done) {
                check_after_done(rest);
                break;
            }
        }
        if (!out.done) {
            auto last = parser.finish();  // end of input; throws if the message is truncated
            if (last.event != Event::done || !parser.complete()) finding("finish() neither done nor error", delivery);
            out.done = true;
        }
        if (!out.head_seen) finding("done without a head", delivery);
        out.trailers = fields(parser.trailers());
        out.keep_alive = parser.keep_alive();
        out.upgraded = parser.upgraded();
    } catch (const docker::ProtocolError&) {
        out.error = true;
        out.done = false;
        // Errors are sticky.
        bool still_failed = false;
        try {
            parser.parse("HTTP/1.1 200 OK\r\n\r\n");
        } catch (const docker::ProtocolError&) {
            still_failed = true;
        }
        if (!still_failed) finding("parser recovered after an error", delivery);
    }
    return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view input(reinterpret_cast<const char*>(data), size);
    std::uint64_t h = docker::fuzz::hash(input);
    bool head_request = (h & 1) != 0;
    ParserLimits limits;
    if (h & 2) {
        // Small limits, so inputs of fuzzing size reach the limit checks too.
        limits.max_head_bytes = 256;
        limits.max_header_count = 4;
        limits.max_chunk_line_bytes = 24;
    }
    auto deliveries = docker::fuzz::deliveries(input, h);
    Outcome first = run(deliveries[0], 0, head_request, limits);
    for (std::size_t i = 1; i < deliveries.size(); ++i) {
        Outcome other = run(deliveries[i], i, head_request, limits);
        if (!(other == first)) finding("outcome differs from the whole-input parse", i);
    }
    return 0;
}
