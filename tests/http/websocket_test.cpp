#include "docker/http/websocket.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "support/catch.hpp"

// A namespace per test file: test files are compiled in batches (unity build).
namespace http_websocket_test {
namespace ws = docker::websocket;
using ws::Opcode;

namespace {

std::string hex(const std::array<unsigned char, 20>& digest) {
    static const char* digits = "0123456789abcdef";
    std::string out;
    for (unsigned char b : digest) {
        out += digits[b >> 4];
        out += digits[b & 15];
    }
    return out;
}

std::string bytes(std::initializer_list<unsigned> values) {
    std::string out;
    for (unsigned v : values) out += static_cast<char>(v);
    return out;
}

std::string server_frame(Opcode op, std::string_view payload, bool fin = true) {
    std::string out;
    ws::append_frame(out, op, payload, fin, nullptr);
    return out;
}

// What a parse produced: messages reassembled, control frames, or the error.
struct Outcome {
    std::vector<std::pair<Opcode, std::string>> messages;
    std::vector<std::pair<Opcode, std::string>> controls;
    std::string partial;  // data of a message not yet ended
    std::string error;
    std::uint16_t error_code = 0;
    bool closed = false;

    // Before an error, how much of the broken message was handed out depends on the cuts.
    bool operator==(const Outcome& o) const {
        return messages == o.messages && controls == o.controls && (!error.empty() || partial == o.partial) &&
               error == o.error && error_code == o.error_code && closed == o.closed;
    }
};

// Feeds `input` in pieces cut at `cuts` (sorted offsets).
Outcome parse(std::string_view input, const std::vector<std::size_t>& cuts = {}, ws::Role role = ws::Role::client) {
    Outcome out;
    ws::FrameParser parser(role);
    auto on_event = [&](const ws::FrameEvent& e) {
        if (e.kind == ws::FrameEvent::Kind::control) {
            out.controls.emplace_back(e.opcode, std::string(e.payload));
            return;
        }
        out.partial.append(e.payload);
        if (e.message_end) {
            out.messages.emplace_back(e.opcode, out.partial);
            out.partial.clear();
        }
    };
    std::size_t at = 0;
    std::vector<std::size_t> ends = cuts;
    ends.push_back(input.size());
    try {
        for (std::size_t end : ends) {
            parser.feed(input.substr(at, end - at), on_event);
            at = end;
        }
    } catch (const ws::FrameError& e) {
        out.error = e.problem();
        out.error_code = e.close_code();
    }
    out.closed = parser.closed();
    return out;
}

Outcome parse_bytewise(std::string_view input) {
    std::vector<std::size_t> cuts;
    for (std::size_t i = 1; i < input.size(); ++i) cuts.push_back(i);
    return parse(input, cuts);
}

// Whole, byte by byte, and split at every offset (and at every pair of offsets when short):
// the outcome must not depend on where the reads were cut.
Outcome parse_everywhere(std::string_view input) {
    Outcome whole = parse(input);
    CHECK(parse_bytewise(input) == whole);
    for (std::size_t i = 0; i <= input.size(); ++i) {
        CHECK(parse(input, {i}) == whole);
        if (input.size() <= 64)
            for (std::size_t j = i; j <= input.size(); ++j) CHECK(parse(input, {i, j}) == whole);
    }
    return whole;
}

}  // namespace

TEST_CASE("sha1: FIPS 180 test vectors", "[http][websocket]") {
    CHECK(hex(docker::detail::sha1("")) == "da39a3ee5e6b4b0d3255bfef95601890afd80709");
    CHECK(hex(docker::detail::sha1("abc")) == "a9993e364706816aba3e25717850c26c9cd0d89d");
    CHECK(hex(docker::detail::sha1("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")) ==
          "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
    CHECK(hex(docker::detail::sha1(std::string(1000000, 'a'))) == "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
    // Lengths around the padding boundary (55, 56, 64 bytes) take one or two final blocks.
    CHECK(hex(docker::detail::sha1(std::string(55, 'a'))) == "c1c8bbdc22796e28c0e15163d20899b65621d65a");
    CHECK(hex(docker::detail::sha1(std::string(56, 'a'))) == "c2db330f6083854c99d4b5bfb6e8f29f201be699");
    CHECK(hex(docker::detail::sha1(std::string(64, 'a'))) == "0098ba824b5c16427bd7a1122a5a442a25ec644d");
}

TEST_CASE("websocket: handshake key and accept value (RFC 6455 §1.3)", "[http][websocket]") {
    CHECK(ws::accept_for("dGhlIHNhbXBsZSBub25jZQ==") == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    std::array<unsigned char, 16> nonce{};
    for (std::size_t i = 0; i < nonce.size(); ++i) nonce[i] = static_cast<unsigned char>(i + 1);
    CHECK(ws::make_key(nonce) == "AQIDBAUGBwgJCgsMDQ4PEA==");
    CHECK(ws::make_key(nonce).size() == 24);
}

TEST_CASE("websocket: frames encode as RFC 6455 §5.7 shows", "[http][websocket]") {
    CHECK(server_frame(Opcode::text, "Hello") == bytes({0x81, 0x05, 'H', 'e', 'l', 'l', 'o'}));
    std::array<unsigned char, 4> mask{0x37, 0xfa, 0x21, 0x3d};
    std::string masked;
    ws::append_frame(masked, Opcode::text, "Hello", true, &mask);
    CHECK(masked == bytes({0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58}));
    CHECK(server_frame(Opcode::text, "Hel", false) == bytes({0x01, 0x03, 'H', 'e', 'l'}));
    CHECK(server_frame(Opcode::continuation, "lo") == bytes({0x80, 0x02, 'l', 'o'}));
    CHECK(server_frame(Opcode::ping, "Hello").substr(0, 2) == bytes({0x89, 0x05}));
    CHECK(server_frame(Opcode::binary, std::string(125, 'x')).substr(0, 2) == bytes({0x82, 125}));
    CHECK(server_frame(Opcode::binary, std::string(126, 'x')).substr(0, 4) == bytes({0x82, 0x7e, 0x00, 126}));
    CHECK(server_frame(Opcode::binary, std::string(256, 'x')).substr(0, 4) == bytes({0x82, 0x7e, 0x01, 0x00}));
    CHECK(server_frame(Opcode::binary, std::string(65535, 'x')).substr(0, 4) == bytes({0x82, 0x7e, 0xff, 0xff}));
    CHECK(server_frame(Opcode::binary, std::string(65536, 'x')).substr(0, 10) ==
          bytes({0x82, 0x7f, 0, 0, 0, 0, 0, 1, 0, 0}));
    CHECK(ws::close_payload(1000, "bye") == bytes({0x03, 0xe8, 'b', 'y', 'e'}));
    // A long reason is cut to fit 125 bytes, never inside a UTF-8 character.
    std::string long_reason;
    for (int i = 0; i < 100; ++i) long_reason += "\xc3\xa9";  // é
    std::string payload = ws::close_payload(1000, long_reason);
    CHECK(payload.size() <= 125);
    CHECK(payload.size() % 2 == 0);
}

TEST_CASE("websocket: a mixed stream parses the same at every split point", "[http][websocket]") {
    std::string input = server_frame(Opcode::text, "Hello") + server_frame(Opcode::binary, "Hel", false) +
                        server_frame(Opcode::ping, "p1") +  // a control frame between fragments
                        server_frame(Opcode::continuation, "", false) + server_frame(Opcode::continuation, "lo") +
                        server_frame(Opcode::text, "") + server_frame(Opcode::pong, "") +
                        server_frame(Opcode::text, "\xe2\x82", false) +  // "€" split across frames
                        server_frame(Opcode::continuation, "\xac!") +
                        server_frame(Opcode::close, ws::close_payload(1000, "bye"));
    Outcome out = parse_everywhere(input);
    REQUIRE(out.error.empty());
    REQUIRE(out.messages.size() == 4);
    CHECK(out.messages[0] == std::make_pair(Opcode::text, std::string("Hello")));
    CHECK(out.messages[1] == std::make_pair(Opcode::binary, std::string("Hello")));
    CHECK(out.messages[2] == std::make_pair(Opcode::text, std::string()));
    CHECK(out.messages[3] == std::make_pair(Opcode::text, std::string("\xe2\x82\xac!")));
    REQUIRE(out.controls.size() == 3);
    CHECK(out.controls[0] == std::make_pair(Opcode::ping, std::string("p1")));
    CHECK(out.controls[1] == std::make_pair(Opcode::pong, std::string()));
    CHECK(out.controls[2].first == Opcode::close);
    CHECK(ws::close_code_of(out.controls[2].second) == 1000);
    CHECK(ws::close_reason_of(out.controls[2].second) == "bye");
    CHECK(out.closed);
}

TEST_CASE("websocket: long frames (16- and 64-bit lengths) byte by byte", "[http][websocket]") {
    std::string medium(300, 'm'), large(70000, 'L');
    large[0] = 'a';
    large.back() = 'z';
    std::string input = server_frame(Opcode::binary, medium) + server_frame(Opcode::binary, large);
    Outcome whole = parse(input);
    REQUIRE(whole.error.empty());
    REQUIRE(whole.messages.size() == 2);
    CHECK(whole.messages[0].second == medium);
    CHECK(whole.messages[1].second == large);
    CHECK(parse_bytewise(input) == whole);
    for (std::size_t cut : {1, 2, 3, 4, 5, 302, 303, 304, 305, 306, 307, 308, 309, 310, 311, 312, 313, 1000})
        CHECK(parse(input, {cut}) == whole);
}

TEST_CASE("websocket: a close frame without payload, and nothing may follow one", "[http][websocket]") {
    Outcome out = parse_everywhere(server_frame(Opcode::close, ""));
    REQUIRE(out.controls.size() == 1);
    CHECK(ws::close_code_of(out.controls[0].second) == ws::close_no_status);
    CHECK(out.closed);

    out = parse_everywhere(server_frame(Opcode::close, "") + server_frame(Opcode::text, "late"));
    CHECK(out.error == "bytes after the close frame");
    CHECK(out.error_code == 1002);
}

TEST_CASE("websocket: protocol violations are typed errors with the close code to send", "[http][websocket]") {
    struct Case {
        const char* what;
        std::string input;
        const char* error;
        std::uint16_t code;
    };
    std::string masked_hello;
    std::array<unsigned char, 4> mask{1, 2, 3, 4};
    ws::append_frame(masked_hello, Opcode::text, "Hello", true, &mask);
    std::vector<Case> cases = {
        {"masked server frame", masked_hello, "masked frame from the server", 1002},
        {"RSV1", bytes({0xc1, 0x00}), "reserved bits set (no extension was negotiated)", 1002},
        {"RSV3", bytes({0x91, 0x00}), "reserved bits set (no extension was negotiated)", 1002},
        {"opcode 3", bytes({0x83, 0x00}), "unknown opcode 3", 1002},
        {"opcode 11", bytes({0x8b, 0x00}), "unknown opcode 11", 1002},
        {"fragmented ping", bytes({0x09, 0x00}), "fragmented control frame", 1002},
        {"long ping", bytes({0x89, 0x7e, 0x00, 0x7e}), "control frame longer than 125 bytes", 1002},
        {"lonely continuation", bytes({0x80, 0x00}), "continuation frame without a message to continue", 1002},
        {"message inside a message", server_frame(Opcode::text, "a", false) + server_frame(Opcode::text, "b"),
         "new message before the fragmented one ended", 1002},
        {"16-bit length for 5 bytes", bytes({0x82, 0x7e, 0x00, 0x05}) + "12345", "length not in its shortest form", 1002},
        {"64-bit length for 200 bytes", bytes({0x82, 0x7f, 0, 0, 0, 0, 0, 0, 0, 200}),
         "length not in its shortest form", 1002},
        {"64-bit length top bit", bytes({0x82, 0x7f, 0x80, 0, 0, 0, 0, 0, 0, 0}), "64-bit length with its top bit set",
         1002},
        {"invalid UTF-8", server_frame(Opcode::text, "\xff"), "text message is not valid UTF-8", 1007},
        {"overlong UTF-8", server_frame(Opcode::text, "\xc0\x80"), "text message is not valid UTF-8", 1007},
        {"surrogate", server_frame(Opcode::text, "\xed\xa0\x80"), "text message is not valid UTF-8", 1007},
        {"above U+10FFFF", server_frame(Opcode::text, "\xf4\x90\x80\x80"), "text message is not valid UTF-8", 1007},
        {"text ends mid-character", server_frame(Opcode::text, "\xe2\x82"), "text message ends inside a UTF-8 sequence",
         1007},
        {"close with one byte", server_frame(Opcode::close, "\x03"), "close frame with a one-byte payload", 1002},
        {"close code 1005", server_frame(Opcode::close, ws::close_payload(1005, "")),
         "close code 1005 is not allowed on the wire", 1002},
        {"close code 999", server_frame(Opcode::close, ws::close_payload(999, "")),
         "close code 999 is not allowed on the wire", 1002},
        {"close code 2000", server_frame(Opcode::close, ws::close_payload(2000, "")),
         "close code 2000 is not allowed on the wire", 1002},
        {"close reason not UTF-8", server_frame(Opcode::close, ws::close_payload(1000, "\xfe")),
         "close reason is not valid UTF-8", 1007},
    };
    for (const auto& c : cases) {
        INFO(c.what);
        Outcome out = parse_everywhere(c.input);
        CHECK(out.error == c.error);
        CHECK(out.error_code == c.code);
    }
}

TEST_CASE("websocket: binary messages are not checked as UTF-8; close codes 3000-4999 are fine", "[http][websocket]") {
    Outcome out = parse_everywhere(server_frame(Opcode::binary, "\xff\xfe") +
                                   server_frame(Opcode::close, ws::close_payload(4001, "app")));
    CHECK(out.error.empty());
    REQUIRE(out.messages.size() == 1);
    CHECK(out.messages[0].second == "\xff\xfe");
    CHECK(ws::close_code_of(out.controls.at(0).second) == 4001);
}

TEST_CASE("websocket: an error is sticky", "[http][websocket]") {
    ws::FrameParser parser;
    auto ignore = [](const ws::FrameEvent&) {};
    CHECK_THROWS_AS(parser.feed(bytes({0x83, 0x00}), ignore), ws::FrameError);
    CHECK_THROWS_WITH(parser.feed(server_frame(Opcode::text, "fine"), ignore), "WebSocket: unknown opcode 3");
    CHECK_THROWS_AS(parser.feed(server_frame(Opcode::text, "fine"), ignore), docker::ProtocolError);
}

TEST_CASE("websocket: the server role reads masked client frames and refuses unmasked ones", "[http][websocket]") {
    std::array<unsigned char, 4> mask{0xde, 0xad, 0xbe, 0xef};
    std::string input;
    ws::append_frame(input, Opcode::binary, "abcdefghij", false, &mask);
    ws::append_frame(input, Opcode::ping, "pp", true, &mask);
    ws::append_frame(input, Opcode::continuation, "klmno", true, &mask);
    Outcome whole = parse(input, {}, ws::Role::server);
    REQUIRE(whole.error.empty());
    REQUIRE(whole.messages.size() == 1);
    CHECK(whole.messages[0].second == "abcdefghijklmno");
    CHECK(whole.controls.at(0).second == "pp");
    for (std::size_t i = 0; i <= input.size(); ++i) CHECK(parse(input, {i}, ws::Role::server) == whole);

    Outcome unmasked = parse(server_frame(Opcode::text, "x"), {}, ws::Role::server);
    CHECK(unmasked.error == "unmasked frame from the client");
}

TEST_CASE("websocket: UTF-8 validator, piece by piece", "[http][websocket]") {
    std::string text = "a\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80z";  // a é € 😀 z
    for (std::size_t cut = 0; cut <= text.size(); ++cut) {
        ws::Utf8Validator v;
        CHECK(v.feed(std::string_view(text).substr(0, cut)));
        CHECK(v.feed(std::string_view(text).substr(cut)));
        CHECK(v.complete());
    }
    ws::Utf8Validator open;
    CHECK(open.feed("\xf0\x9f"));
    CHECK_FALSE(open.complete());
    ws::Utf8Validator bad;
    CHECK_FALSE(bad.feed("\xe0\x80\x80"));  // overlong 3-byte
}

}  // namespace http_websocket_test
