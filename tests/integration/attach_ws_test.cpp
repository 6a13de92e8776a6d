// GET /containers/{id}/attach/ws against the real engine: the library's own WebSocket client
// talking to dockerd's (golang.org/x/net/websocket).

#include "support/catch.hpp"

#include "integration/engine.hpp"

#include <chrono>
#include <string>

// A namespace per test file: test files are compiled in batches (unity build).
namespace integration_attach_ws_test {
using namespace docker;
using docker::test::ContainerGuard;
using docker::test::busybox;

namespace {

// Reads messages until `text` was received in full; returns everything read.
std::string read_until(WebSocket& socket, const std::string& text) {
    std::string received;
    WebSocketMessage message;
    while (received.find(text) == std::string::npos && socket.next(message)) {
        CHECK(message.type == WebSocketMessageType::binary);  // dockerd sends binary frames
        received += message.data;
    }
    return received;
}

}  // namespace

// covers: ContainerAttachWebsocket (real engine)
TEST_CASE("attach/ws: bytes to a cat and back, fragments, ping, close handshake", "[integration][websocket]") {
    Client client = test::make_client();
    ContainerConfig config = busybox({"cat"});
    config.open_stdin = true;
    config.attach_stdin = true;
    auto created = client.containers().create(config);
    ContainerGuard guard(client, created.id);
    client.containers().start(created.id);

    AttachWebsocketOptions options;
    options.websocket.read_timeout = std::chrono::seconds(30);
    WebSocket socket = client.containers().attach_websocket(created.id, options);
    REQUIRE(socket.is_open());

    socket.send_binary("hello over a websocket\n");
    CHECK(read_until(socket, "hello over a websocket\n") == "hello over a websocket\n");

    // One message in 4-byte frames: the daemon reassembles it.
    socket.send("fragmented message\n", WebSocketMessageType::binary, 4);
    CHECK(read_until(socket, "fragmented message\n") == "fragmented message\n");

    // Text frames reach stdin too.
    socket.send_text("caf\xc3\xa9\n");
    CHECK(read_until(socket, "caf\xc3\xa9\n") == "caf\xc3\xa9\n");

    // The daemon answers a ping before it reads our next frame, so the pong is on the wire
    // before the echo of that frame.
    socket.ping("are you there");
    socket.send_binary("after the ping\n");
    CHECK(read_until(socket, "after the ping\n") == "after the ping\n");
    CHECK(socket.pongs_received() == 1);

    socket.close();
    CHECK_FALSE(socket.is_open());
    REQUIRE(socket.close_code());
    CHECK(*socket.close_code() == websocket::close_normal);
    // Closing the websocket detaches; the container keeps running.
    CHECK(client.containers().inspect(created.id).state.running);
}

TEST_CASE("attach/ws: logs only, then the daemon closes", "[integration][websocket]") {
    Client client = test::make_client();
    auto created = client.containers().create(busybox({"sh", "-c", "echo first; echo second"}));
    ContainerGuard guard(client, created.id);
    client.containers().start(created.id);
    client.containers().wait(created.id);

    AttachWebsocketOptions options;
    options.logs = true;
    options.stream = false;
    options.websocket.read_timeout = std::chrono::seconds(30);
    WebSocket socket = client.containers().attach_websocket(created.id, options);
    std::string received;
    WebSocketMessage message;
    while (socket.next(message)) received += message.data;
    CHECK(received == "first\nsecond\n");
    CHECK_FALSE(socket.is_open());
    REQUIRE(socket.close_code());
    CHECK(*socket.close_code() == websocket::close_normal);
}

TEST_CASE("attach/ws: a missing container is NotFound", "[integration][websocket]") {
    Client client = test::make_client();
    CHECK_THROWS_AS(client.containers().attach_websocket("dcpp-no-such-container"), NotFound);
}

}  // namespace integration_attach_ws_test
