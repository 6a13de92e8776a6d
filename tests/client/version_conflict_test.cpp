// A stale swarm object version is a VersionConflict (a Conflict), whatever status carries it.

#include <docker/docker.hpp>

#include <chrono>
#include <string>

#include "support/catch.hpp"
#include "support/fake_daemon.hpp"

// A namespace per test file: test files are compiled in batches (unity build).
namespace client_version_conflict_test {
using namespace docker;
using docker::test::FakeDaemon;
using namespace std::chrono_literals;

namespace {

Client client_for(const FakeDaemon& daemon) {
    ClientOptions o;
    o.host = daemon.host();
    o.api_version = "1.41";
    o.connect_timeout = 2s;
    o.read_timeout = 3s;
    return Client(o);
}

FakeDaemon::Action error_answer(int status, const std::string& message) {
    return FakeDaemon::respond(status, "{\"message\":\"" + message + "\"}\n", {{"Content-Type", "application/json"}});
}

}  // namespace

TEST_CASE("errors: dockerd 20.10's 500 'update out of sequence' is a VersionConflict", "[client][errors]") {
    const std::string message = "rpc error: code = Unknown desc = update out of sequence";
    FakeDaemon daemon({{FakeDaemon::read_request(), error_answer(500, message)}});
    Client client = client_for(daemon);
    try {
        client.post("/services/web/update?version=3", json::object());
        FAIL("no exception");
    } catch (const VersionConflict& e) {
        CHECK(e.status() == 500);  // what the daemon sent stays visible
        CHECK(e.message() == message);
        const Conflict& as_conflict = e;  // callers catching Conflict see it too
        CHECK(as_conflict.method() == "POST");
    }
}

TEST_CASE("errors: other 500s stay ServerError, other 409s stay plain Conflict", "[client][errors]") {
    FakeDaemon daemon({{FakeDaemon::read_request(), error_answer(500, "invalid join token"), FakeDaemon::read_request(),
                        error_answer(409, "rpc error: code = AlreadyExists desc = secret s already exists")}});
    Client client = client_for(daemon);
    CHECK_THROWS_AS(client.post("/swarm/join", json::object()), ServerError);
    try {
        client.post("/secrets/create", json::object());
        FAIL("no exception");
    } catch (const VersionConflict&) {
        FAIL("a name clash is no stale version");
    } catch (const Conflict& e) {
        CHECK(e.status() == 409);
    }
}

}  // namespace client_version_conflict_test
