// GET /containers/{id}/attach/ws on the scripted server: the handshake request as sent, a
// 101 whose accept value is wrong, and the version gate of the stdin/stdout/stderr flags.
// The working attach runs on the real engine (tests/integration/attach_ws_test.cpp).

#include "docker/api/containers.hpp"

#include <chrono>
#include <string>

#include "support/catch.hpp"
#include "support/fake_daemon.hpp"

// A namespace per test file: test files are compiled in batches (unity build).
namespace api_container_attach_ws_test {
using docker::test::FakeDaemon;
using namespace std::chrono_literals;

namespace {

docker::Client client_for(const FakeDaemon& daemon, const char* api_version) {
    docker::ClientOptions o;
    o.host = daemon.host();
    o.api_version = api_version;
    o.connect_timeout = 2s;
    o.read_timeout = 3s;
    return docker::Client(o);
}

const char* upgrade_with_wrong_accept =
    "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
    "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n";

}  // namespace

// covers: ContainerAttachWebsocket (scripted server)
TEST_CASE("attach/ws: the handshake request, and a 101 with the wrong accept value", "[api][websocket]") {
    FakeDaemon daemon({{FakeDaemon::read_request(), FakeDaemon::send(upgrade_with_wrong_accept)}});
    docker::Client client = client_for(daemon, "1.44");
    docker::AttachWebsocketOptions options;
    options.include_stdout = false;
    options.logs = true;
    options.detach_keys = "ctrl-x";
    CHECK_THROWS_WITH(client.containers().attach_websocket("abc", options),
                      "GET /containers/abc/attach/ws: Sec-WebSocket-Accept does not match our key");
    auto requests = daemon.requests();
    REQUIRE(requests.size() == 1);
    const auto& r = requests[0];
    CHECK(r.method == "GET");
    CHECK(r.target == "/v1.44/containers/abc/attach/ws?detachKeys=ctrl-x&logs=1&stream=1&stdin=1&stderr=1");
    CHECK(r.header("Upgrade") == "websocket");
    CHECK(r.header("Connection") == "Upgrade");
    CHECK(r.header("Sec-WebSocket-Version") == "13");
    std::string key = r.header("Sec-WebSocket-Key");
    CHECK(key.size() == 24);  // base64 of 16 bytes
    CHECK(docker::detail::base64_decode(key).size() == 16);
    CHECK(r.body.empty());
}

TEST_CASE("attach/ws: leaving a stream out needs API 1.42; all three work on any version", "[api][websocket]") {
    FakeDaemon daemon({{FakeDaemon::read_request(), FakeDaemon::send(upgrade_with_wrong_accept)}});
    docker::Client client = client_for(daemon, "1.41");
    docker::AttachWebsocketOptions options;
    options.include_stdin = false;
    CHECK_THROWS_AS(client.containers().attach_websocket("abc", options), docker::UnsupportedApiVersion);
    CHECK(daemon.requests().empty());

    CHECK_THROWS_AS(client.containers().attach_websocket("abc"), docker::ProtocolError);
    auto requests = daemon.requests();
    REQUIRE(requests.size() == 1);
    CHECK(requests[0].target == "/v1.41/containers/abc/attach/ws?stream=1");  // 1.41 attaches all three anyway
}

TEST_CASE("attach/ws: a plain answer is no WebSocket", "[api][websocket]") {
    // A raw 200 (a body until the close) is how dockerd answers an attach without Upgrade.
    FakeDaemon daemon({{FakeDaemon::read_request(), FakeDaemon::send("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nraw"),
                        FakeDaemon::close()},
                       {FakeDaemon::read_request(), FakeDaemon::respond(404, R"({"message":"No such container: abc"})")}});
    docker::Client client = client_for(daemon, "1.41");
    CHECK_THROWS_WITH(client.containers().attach_websocket("abc"),
                      "GET /containers/abc/attach/ws: expected 101 Switching Protocols for the WebSocket upgrade, got 200");
    CHECK_THROWS_AS(client.containers().attach_websocket("abc"), docker::NotFound);
}

}  // namespace api_container_attach_ws_test
