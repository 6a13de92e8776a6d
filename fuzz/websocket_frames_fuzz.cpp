// libFuzzer target for the WebSocket frame parser (docker/http/websocket.hpp). The first
// input byte picks the role (its low bit: client reads unmasked server frames, server reads
// masked client frames); the rest is the wire. Every delivery (whole, byte by byte, split,
// random pieces) must give the same messages, control frames and error, and the parser's
// contract must hold: control payloads of at most 125 bytes, no event after the close
// frame, UTF-8 text, and an error that stays. A FrameError is a legitimate outcome.

#include <docker/http/websocket.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fuzz_support.hpp"

namespace {

namespace ws = docker::websocket;
using docker::fuzz::finding;
using docker::fuzz::Pieces;

struct Outcome {
    std::vector<std::pair<int, std::string>> messages;
    std::vector<std::pair<int, std::string>> controls;
    std::string partial;
    std::string error;
    bool closed = false;

    // Before an error, how much of the broken message was handed out depends on the cuts.
    bool operator==(const Outcome& o) const {
        return messages == o.messages && controls == o.controls && (!error.empty() || partial == o.partial) &&
               error == o.error && closed == o.closed;
    }
};

Outcome parse(const Pieces& pieces, ws::Role role, std::size_t delivery) {
    Outcome out;
    ws::FrameParser parser(role);
    bool close_seen = false;
    auto on_event = [&](const ws::FrameEvent& e) {
        if (close_seen) finding("event after the close frame", delivery);
        if (e.kind == ws::FrameEvent::Kind::control) {
            if (e.payload.size() > ws::max_control_payload) finding("control payload over 125 bytes", delivery);
            if (e.opcode == ws::Opcode::close) close_seen = true;
            out.controls.emplace_back(static_cast<int>(e.opcode), std::string(e.payload));
            return;
        }
        if (e.opcode != ws::Opcode::text && e.opcode != ws::Opcode::binary) finding("data event without a message type", delivery);
        out.partial.append(e.payload);
        if (e.message_end) {
            if (e.opcode == ws::Opcode::text) {
                ws::Utf8Validator check;
                if (!check.feed(out.partial) || !check.complete()) finding("text message is not UTF-8", delivery);
            }
            out.messages.emplace_back(static_cast<int>(e.opcode), out.partial);
            out.partial.clear();
        }
    };
    try {
        for (std::string_view piece : pieces) parser.feed(piece, on_event);
    } catch (const ws::FrameError& e) {
        out.error = e.problem();
        // Sticky: the same error again, whatever comes next.
        try {
            parser.feed(std::string_view("\x81\x00", 2), on_event);
            finding("error not sticky", delivery);
        } catch (const ws::FrameError& again) {
            if (again.problem() != e.problem()) finding("sticky error changed", delivery);
        }
    }
    out.closed = parser.closed();
    if (out.closed != close_seen) finding("closed() disagrees with the events", delivery);
    return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    ws::Role role = (data[0] & 1) ? ws::Role::server : ws::Role::client;
    std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
    auto deliveries = docker::fuzz::deliveries(input, docker::fuzz::hash(input));
    Outcome first = parse(deliveries[0], role, 0);
    for (std::size_t i = 1; i < deliveries.size(); ++i)
        if (!(parse(deliveries[i], role, i) == first)) finding("outcome differs from the whole delivery", i);
    return 0;
}
