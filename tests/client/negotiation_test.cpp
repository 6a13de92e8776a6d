#include "docker/client.hpp"

#include <cstdlib>
#include <string>

#include "support/catch.hpp"
#include "support/fake_daemon.hpp"

// A namespace per test file: test files are compiled in batches (unity build).
namespace client_negotiation_test {
// API version negotiation against daemons newer than the one installed here, scripted as
// Docker 29 behaves: /_ping says API-Version 1.52, and a request for a version below the
// daemon's minimum (1.44 in Docker 29.0 to 29.2) gets its version middleware's 400.

using docker::Client;
using docker::ClientOptions;
using docker::test::FakeDaemon;
using namespace std::chrono_literals;

namespace {

FakeDaemon::Action req() { return FakeDaemon::read_request(); }

FakeDaemon::Action ping(const std::string& api_version) {
    return FakeDaemon::respond(200, "OK", {{"API-Version", api_version}, {"Content-Type", "text/plain"}});
}

FakeDaemon::Action ok() { return FakeDaemon::respond(200, "{}", {{"Content-Type", "application/json"}}); }

FakeDaemon::Action refuse(const std::string& message) {
    return FakeDaemon::respond(400, R"({"message":")" + message + R"("})", {{"Content-Type", "application/json"}});
}

// An explicit empty api_version and no DOCKER_API_VERSION: the client negotiates.
struct NoEnvironmentVersion {
    NoEnvironmentVersion() {
        if (const char* old = std::getenv("DOCKER_API_VERSION")) saved = old, had = true;
        ::unsetenv("DOCKER_API_VERSION");
    }
    ~NoEnvironmentVersion() {
        if (had) ::setenv("DOCKER_API_VERSION", saved.c_str(), 1);
    }
    std::string saved;
    bool had = false;
};

ClientOptions options(const FakeDaemon& daemon, const std::string& pinned = "") {
    ClientOptions o;
    o.host = daemon.host();
    o.api_version = pinned;
    o.connect_timeout = 2s;
    o.read_timeout = 3s;
    return o;
}

const char* const too_old_1_41 =
    "client version 1.41 is too old. Minimum supported API version is 1.44, please upgrade your client to a newer "
    "version";

}  // namespace

TEST_CASE("negotiation: a Docker 29 daemon (API 1.52, minimum 1.44) is spoken to in 1.52", "[client][negotiation]") {
    NoEnvironmentVersion env;
    FakeDaemon daemon({{req(), ping("1.52"), req(), ok()}});
    Client client(options(daemon));
    client.get("/version");
    CHECK(client.api_version() == "1.52");  // below our newest (1.55): the daemon's own
    auto requests = daemon.requests();
    REQUIRE(requests.size() == 2);
    CHECK(requests[0].target == "/_ping");
    CHECK(requests[1].target == "/v1.52/version");
}

TEST_CASE("negotiation: a daemon at our newest version (1.55) is spoken to in 1.55", "[client][negotiation]") {
    NoEnvironmentVersion env;
    FakeDaemon daemon({{req(), ping("1.55"), req(), ok()}});
    Client client(options(daemon));
    client.get("/info");
    CHECK(client.api_version() == "1.55");
    auto requests = daemon.requests();
    REQUIRE(requests.size() == 2);
    CHECK(requests[1].target == "/v1.55/info");
}

TEST_CASE("negotiation: a client pinned below the daemon's minimum gets a typed error naming both versions",
          "[client][negotiation]") {
    NoEnvironmentVersion env;
    FakeDaemon daemon({{req(), refuse(too_old_1_41)}});
    Client client(options(daemon, "1.41"));
    try {
        client.get("/containers/json");
        FAIL("a 400 from the version middleware must throw");
    } catch (const docker::ApiVersionRefused& e) {
        CHECK(e.status() == 400);
        CHECK(e.requested_version() == "1.41");
        CHECK(e.daemon_version() == "1.44");
        CHECK(e.too_old());
        CHECK(e.path() == "/v1.41/containers/json");
        CHECK(e.message() == too_old_1_41);  // the daemon's words, unchanged
        std::string what = e.what();
        CHECK(what.find("API 1.41") != std::string::npos);
        CHECK(what.find("minimum is 1.44") != std::string::npos);
    }
    auto requests = daemon.requests();
    REQUIRE(requests.size() == 1);  // pinned: no /_ping
    CHECK(requests[0].target == "/v1.41/containers/json");
}

TEST_CASE("negotiation: the version error is still a BadRequest, and other 400s are not version errors",
          "[client][negotiation]") {
    NoEnvironmentVersion env;
    // Traefik's users quote a variant with a comma; "too new" names the daemon's maximum.
    // One connection per client: each plays its own script.
    FakeDaemon daemon({{req(), refuse("client version 1.24 is too old, Minimum supported API version is 1.40")},
                       {req(), refuse("client version 1.99 is too new. Maximum supported API version is 1.52")},
                       {req(), refuse("invalid reference format: repository name must be lowercase")}});
    Client old_client(options(daemon, "1.24"));
    CHECK_THROWS_AS(old_client.get("/a"), docker::BadRequest);
    Client new_client(options(daemon, "1.99"));
    try {
        new_client.get("/b");
        FAIL("expected a 400");
    } catch (const docker::ApiVersionRefused& e) {
        CHECK(e.requested_version() == "1.99");
        CHECK(e.daemon_version() == "1.52");
        CHECK_FALSE(e.too_old());
        CHECK(std::string(e.what()).find("maximum is 1.52") != std::string::npos);
    }
    Client client(options(daemon, "1.52"));
    try {
        client.get("/c");
        FAIL("expected a 400");
    } catch (const docker::ApiVersionRefused&) {
        FAIL("an unrelated 400 was taken for a version error");
    } catch (const docker::BadRequest& e) {
        CHECK(e.message() == "invalid reference format: repository name must be lowercase");
    }
}

TEST_CASE("negotiation: a daemon without an API-Version header is spoken to in 1.24 (the documented fallback)",
          "[client][negotiation]") {
    NoEnvironmentVersion env;
    FakeDaemon daemon({{req(), FakeDaemon::respond(200, "OK"), req(), ok()}});
    Client client(options(daemon));
    client.get("/version");
    auto requests = daemon.requests();
    REQUIRE(requests.size() == 2);
    CHECK(requests[1].target == "/v1.24/version");
}

}  // namespace client_negotiation_test
