// POST /session on the scripted server: what the real engine (tests/integration/
// session_test.cpp) cannot show — every header as sent, the bytes both ways around the 101,
// the answers that are no h2c upgrade, and the version gate.

#include "docker/api/session.hpp"

#include <chrono>
#include <string>

#include "support/catch.hpp"
#include "support/fake_daemon.hpp"

// A namespace per test file: test files are compiled in batches (unity build).
namespace api_session_test {
using docker::test::FakeDaemon;
using namespace std::chrono_literals;

namespace {

docker::Client client_for(const FakeDaemon& daemon, const char* api_version = "1.41") {
    docker::ClientOptions o;
    o.host = daemon.host();
    o.api_version = api_version;
    o.connect_timeout = 2s;
    o.read_timeout = 3s;
    return docker::Client(o);
}

docker::SessionOptions options() {
    docker::SessionOptions o;
    o.id = "d0e5c4c9-session";
    o.name = "ctx";
    o.shared_key = "shared";
    o.grpc_methods = {"/moby.filesync.v1.FileSync/DiffCopy", "/moby.filesync.v1.Auth/Credentials"};
    o.read_timeout = std::chrono::milliseconds(3000);
    return o;
}

}  // namespace

// covers: Session (scripted server)
TEST_CASE("session: the h2c upgrade request, the 101, and raw bytes both ways", "[api][session]") {
    const std::string preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";
    FakeDaemon daemon({{FakeDaemon::read_request(),
                        FakeDaemon::send("HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n\r\n" +
                                         preface),
                        FakeDaemon::read_bytes(9), FakeDaemon::send("from-daemon"), FakeDaemon::read_bytes(3)}});
    docker::Client client = client_for(daemon);
    docker::HijackedStream session = client.session().start(options());

    auto requests = daemon.requests();
    REQUIRE(requests.size() == 1);
    const auto& r = requests[0];
    CHECK(r.method == "POST");
    CHECK(r.target == "/v1.41/session");
    CHECK(r.header("Upgrade") == "h2c");
    CHECK(r.header("Connection") == "Upgrade");
    CHECK(r.header("X-Docker-Expose-Session-Uuid") == "d0e5c4c9-session");
    CHECK(r.header("X-Docker-Expose-Session-Name") == "ctx");
    CHECK(r.header("X-Docker-Expose-Session-Sharedkey") == "shared");
    std::vector<std::string> methods;
    for (const auto& [name, value] : r.headers)
        if (name == "X-Docker-Expose-Session-Grpc-Method") methods.push_back(value);
    CHECK(methods == options().grpc_methods);
    CHECK(r.body.empty());

    // The bytes that came with the 101 first, then the rest as it arrives.
    std::string received(session.read());
    CHECK(received == preface);
    session.write("to-daemon");
    while (received.size() < preface.size() + 11) {
        std::string_view piece = session.read();
        REQUIRE_FALSE(piece.empty());
        received += piece;
    }
    CHECK(received == preface + "from-daemon");
    session.write("end");
    session.shutdown_write();
    CHECK(session.read().empty());  // the daemon closed after its script
    REQUIRE(daemon.wait_closed(1));
    CHECK(daemon.raw_reads() == std::vector<std::string>{"to-daemon", "end"});
}

TEST_CASE("session: answers that hand over no HTTP/2 connection are errors", "[api][session]") {
    FakeDaemon daemon({{FakeDaemon::read_request(), FakeDaemon::respond(200, "", {{"Connection", "close"}}),
                        FakeDaemon::close()},
                       {FakeDaemon::read_request(),
                        FakeDaemon::send("HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n")},
                       {FakeDaemon::read_request(),
                        FakeDaemon::respond(400, R"({"message":"no upgrade proto in request"})")}});
    docker::Client client = client_for(daemon);
    CHECK_THROWS_AS(client.session().start(options()), docker::ProtocolError);
    CHECK_THROWS_WITH(client.session().start(options()), "POST /session: the 101 answer upgrades to 'tcp', not h2c");
    CHECK_THROWS_AS(client.session().start(options()), docker::BadRequest);
}

TEST_CASE("session: gated below API 1.39 and needs an id, before anything is sent", "[api][session]") {
    FakeDaemon daemon({});
    docker::Client old = client_for(daemon, "1.38");
    CHECK_THROWS_AS(old.session().start(options()), docker::UnsupportedApiVersion);
    docker::Client client = client_for(daemon);
    docker::SessionOptions no_id = options();
    no_id.id.clear();
    CHECK_THROWS_AS(client.session().start(no_id), docker::UsageError);
    CHECK(daemon.requests().empty());
}

}  // namespace api_session_test
