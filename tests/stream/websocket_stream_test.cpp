#include "docker/stream/websocket_stream.hpp"

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "support/catch.hpp"
#include "support/fake_stream.hpp"

// A namespace per test file: test files are compiled in batches (unity build).
namespace stream_websocket_stream_test {
using docker::WebSocket;
using docker::WebSocketMessage;
using docker::WebSocketMessageType;
namespace ws = docker::websocket;
using ws::Opcode;

namespace {

std::string server_frame(Opcode op, std::string_view payload, bool fin = true) {
    std::string out;
    ws::append_frame(out, op, payload, fin, nullptr);
    return out;
}

struct Frame {
    Opcode opcode;
    std::string payload;
    bool message_end;
};

// What the client wrote, read back as a server reads it (every frame must be masked).
std::vector<Frame> client_frames(const std::string& written) {
    std::vector<Frame> frames;
    ws::FrameParser parser(ws::Role::server);
    parser.feed(written, [&](const ws::FrameEvent& e) {
        frames.push_back({e.opcode, std::string(e.payload), e.message_end});
    });
    return frames;
}

std::pair<WebSocket, std::shared_ptr<const docker::test::FakeStream::Record>> make(
    std::unique_ptr<docker::test::FakeStream> stream, std::string early = {}) {
    auto record = stream->record();
    return {WebSocket(std::move(stream), std::move(early)), record};
}

}  // namespace

TEST_CASE("WebSocket: messages whole, pings answered, the peer's close echoed", "[stream][websocket]") {
    auto fake = std::make_unique<docker::test::FakeStream>();
    std::string input = server_frame(Opcode::binary, "out", false) + server_frame(Opcode::ping, "are you there") +
                        server_frame(Opcode::continuation, "put\n") + server_frame(Opcode::text, "second") +
                        server_frame(Opcode::close, ws::close_payload(1001, "going away"));
    fake->serve(input.substr(3), 5);  // the first 3 bytes came with the 101 answer
    auto [socket, record] = make(std::move(fake), input.substr(0, 3));

    WebSocketMessage m;
    REQUIRE(socket.next(m));
    CHECK(m.type == WebSocketMessageType::binary);
    CHECK(m.data == "output\n");
    REQUIRE(socket.next(m));
    CHECK(m.type == WebSocketMessageType::text);
    CHECK(m.data == "second");
    CHECK_FALSE(socket.next(m));
    CHECK_FALSE(socket.is_open());
    REQUIRE(socket.close_code());
    CHECK(*socket.close_code() == 1001);
    CHECK(socket.close_reason() == "going away");

    auto frames = client_frames(record->written);
    REQUIRE(frames.size() == 2);
    CHECK(frames[0].opcode == Opcode::pong);
    CHECK(frames[0].payload == "are you there");
    CHECK(frames[1].opcode == Opcode::close);
    CHECK(ws::close_code_of(frames[1].payload) == 1001);
    socket.close();  // after the handshake already happened: nothing more is sent
    CHECK(client_frames(record->written).size() == 2);
}

TEST_CASE("WebSocket: send whole or fragmented, every frame masked", "[stream][websocket]") {
    auto [socket, record] = make(std::make_unique<docker::test::FakeStream>());
    socket.send_text("hi");
    socket.send("0123456789", WebSocketMessageType::binary, 4);
    socket.ping("p");
    auto frames = client_frames(record->written);
    REQUIRE(frames.size() == 5);
    CHECK(frames[0].opcode == Opcode::text);
    CHECK(frames[0].payload == "hi");
    CHECK(frames[1].payload == "0123");
    CHECK(frames[1].opcode == Opcode::binary);
    CHECK_FALSE(frames[1].message_end);
    CHECK(frames[2].payload == "4567");
    CHECK(frames[3].payload == "89");
    CHECK(frames[3].message_end);
    CHECK(frames[4].opcode == Opcode::ping);
    // The raw bytes: frame headers say "masked" and differ from the payload in the clear.
    CHECK((static_cast<unsigned char>(record->written[1]) & 0x80) != 0);
    CHECK(record->written.find("0123") == std::string::npos);

    CHECK_THROWS_AS(socket.send_text("\xff"), docker::UsageError);
    CHECK_THROWS_AS(socket.ping(std::string(126, 'p')), docker::UsageError);
}

TEST_CASE("WebSocket: close() sends a close frame and waits for the peer's", "[stream][websocket]") {
    auto fake = std::make_unique<docker::test::FakeStream>();
    fake->serve(server_frame(Opcode::binary, "late data") + server_frame(Opcode::close, ws::close_payload(1000, "")));
    auto [socket, record] = make(std::move(fake));
    socket.close(1000, "done");
    CHECK_FALSE(socket.is_open());
    REQUIRE(socket.close_code());
    CHECK(*socket.close_code() == 1000);
    auto frames = client_frames(record->written);
    REQUIRE(frames.size() == 1);  // no echo of the peer's close: ours went first
    CHECK(ws::close_code_of(frames[0].payload) == 1000);
    CHECK(ws::close_reason_of(frames[0].payload) == "done");
    CHECK(record->destroyed);
}

TEST_CASE("WebSocket: a protocol error tells the peer (1002) and throws", "[stream][websocket]") {
    auto fake = std::make_unique<docker::test::FakeStream>();
    fake->serve(server_frame(Opcode::text, "fine") + std::string("\x83\x00", 2));
    auto [socket, record] = make(std::move(fake));
    WebSocketMessage m;
    REQUIRE(socket.next(m));  // the message before the bad frame still arrives
    CHECK(m.data == "fine");
    CHECK_THROWS_WITH(socket.next(m), "WebSocket: unknown opcode 3");
    CHECK_FALSE(socket.is_open());
    auto frames = client_frames(record->written);
    REQUIRE(frames.size() == 1);
    CHECK(ws::close_code_of(frames[0].payload) == 1002);
    CHECK_FALSE(socket.next(m));
    CHECK_THROWS_AS(socket.send_text("x"), docker::UsageError);
}

TEST_CASE("WebSocket: a message over the limit ends the connection with 1009", "[stream][websocket]") {
    auto fake = std::make_unique<docker::test::FakeStream>();
    fake->serve(server_frame(Opcode::binary, "12345", false) + server_frame(Opcode::continuation, "67890"));
    auto record = fake->record();
    docker::WebSocketOptions options;
    options.max_message_bytes = 8;
    WebSocket socket(std::move(fake), {}, options);
    WebSocketMessage m;
    CHECK_THROWS_WITH(socket.next(m), "WebSocket: message longer than 8 bytes");
    auto frames = client_frames(record->written);
    REQUIRE(frames.size() == 1);
    CHECK(ws::close_code_of(frames[0].payload) == 1009);
}

TEST_CASE("WebSocket: a connection that ends without a close frame", "[stream][websocket]") {
    auto fake = std::make_unique<docker::test::FakeStream>();
    fake->serve(server_frame(Opcode::binary, "x")).eof();
    auto [socket, record] = make(std::move(fake));
    WebSocketMessage m;
    REQUIRE(socket.next(m));
    CHECK_FALSE(socket.next(m));
    CHECK_FALSE(socket.close_code());
    CHECK_FALSE(socket.is_open());
}

TEST_CASE("WebSocket: the handshake answer is checked", "[stream][websocket]") {
    std::string key = "dGhlIHNhbXBsZSBub25jZQ==";
    docker::http::Headers good;
    good.add("Upgrade", "websocket");
    good.add("Connection", "Upgrade");
    good.add("Sec-WebSocket-Accept", "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    CHECK_NOTHROW(docker::detail::check_websocket_handshake(101, good, key, "GET /x"));
    CHECK_THROWS_WITH(docker::detail::check_websocket_handshake(200, good, key, "GET /x"),
                      "GET /x: expected 101 Switching Protocols for the WebSocket upgrade, got 200");
    docker::http::Headers wrong_accept = good;
    wrong_accept.set("Sec-WebSocket-Accept", "AAAAAAAAAAAAAAAAAAAAAAAAAAA=");
    CHECK_THROWS_WITH(docker::detail::check_websocket_handshake(101, wrong_accept, key, "GET /x"),
                      "GET /x: Sec-WebSocket-Accept does not match our key");
    docker::http::Headers tcp = good;
    tcp.set("Upgrade", "tcp");
    CHECK_THROWS_WITH(docker::detail::check_websocket_handshake(101, tcp, key, "GET /x"),
                      "GET /x: the 101 answer upgrades to 'tcp', not websocket");
    docker::http::Headers no_connection = good;
    no_connection.remove("Connection");
    CHECK_THROWS_WITH(docker::detail::check_websocket_handshake(101, no_connection, key, "GET /x"),
                      "GET /x: the 101 answer lacks 'Connection: Upgrade'");
}

}  // namespace stream_websocket_stream_test
