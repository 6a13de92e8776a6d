// POST /session against the real engine: dockerd 20.10 carries its session manager even
// without BuildKit builds, so the h2c upgrade really happens and the daemon starts HTTP/2
// on the connection as the client of our (absent) gRPC services.

#include "support/catch.hpp"

#include "integration/engine.hpp"

#include <chrono>
#include <string>

// A namespace per test file: test files are compiled in batches (unity build).
namespace integration_session_test {
using namespace docker;

namespace {

// Reads until `size` bytes arrived (or the daemon closed).
std::string read_at_least(HijackedStream& session, std::string& buffer, std::size_t size) {
    while (buffer.size() < size) {
        std::string_view piece = session.read();
        if (piece.empty()) break;
        buffer += piece;
    }
    return buffer;
}

}  // namespace

// covers: Session (real engine)
TEST_CASE("session: the daemon upgrades to h2c and speaks HTTP/2 first", "[integration][session]") {
    Client client = test::make_client();
    SessionOptions options;
    options.id = test::unique_name("session");
    options.name = "docker-cpp-test";
    options.shared_key = "docker-cpp";
    options.read_timeout = std::chrono::seconds(30);
    HijackedStream session = client.session().start(options);

    // The HTTP/2 connection preface, then a SETTINGS frame (type 4) on stream 0.
    const std::string preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";
    std::string received;
    read_at_least(session, received, preface.size() + 9);
    REQUIRE(received.size() >= preface.size() + 9);
    CHECK(received.substr(0, preface.size()) == preface);
    CHECK(received[preface.size() + 3] == 0x04);  // frame type: SETTINGS
    CHECK((received[preface.size() + 4] & 0x01) == 0);  // not an ACK

    // Our side of HTTP/2: an empty SETTINGS frame. The daemon acknowledges it with a
    // SETTINGS frame flagged ACK.
    session.write(std::string("\x00\x00\x00\x04\x00\x00\x00\x00\x00", 9));
    bool acked = false;
    std::size_t at = preface.size();
    while (!acked) {
        read_at_least(session, received, at + 9);
        REQUIRE(received.size() >= at + 9);
        std::size_t length = (std::size_t(static_cast<unsigned char>(received[at])) << 16) |
                             (std::size_t(static_cast<unsigned char>(received[at + 1])) << 8) |
                             static_cast<unsigned char>(received[at + 2]);
        if (received[at + 3] == 0x04 && (received[at + 4] & 0x01)) acked = true;
        at += 9 + length;
        read_at_least(session, received, at);
    }
    CHECK(acked);
    session.close();
}

TEST_CASE("session: a client pinned below API 1.39 is refused before sending", "[integration][session]") {
    ClientOptions options;
    options.host = test::engine().host;
    options.api_version = "1.38";
    Client client(options);
    SessionOptions session;
    session.id = "x";
    CHECK_THROWS_AS(client.session().start(session), UnsupportedApiVersion);
}

}  // namespace integration_session_test
