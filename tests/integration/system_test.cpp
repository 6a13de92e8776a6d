// Integration tests of the system group (/_ping, /version, /info) and of what the client
// does before any endpoint answers: version negotiation, a pinned API version, and a daemon
// that is not there. They run against the engine named by DOCKER_CPP_TEST_HOST.
// covers: SystemPing, SystemVersion, SystemInfo (real engine)

#include "support/catch.hpp"
#include "support/text.hpp"

#include "integration/engine.hpp"

#include <cstdlib>
#include <string>
#include <unistd.h>
#include <utility>

// A namespace per test file: test files are compiled in batches (unity build).
namespace integration_system_test {
namespace {

using docker::test::engine;
using docker::test::make_client;

// "1.41" -> {1, 41}: API versions compared as numbers, independently of the library's own
// comparison (which this file is testing).
std::pair<long, long> parse_api_version(const std::string& text) {
    std::size_t dot = text.find('.');
    REQUIRE(dot != std::string::npos);
    return {std::stol(text.substr(0, dot)), std::stol(text.substr(dot + 1))};
}

using test_support::contains;

}  // namespace

TEST_CASE("ping answers with the daemon's API version", "[integration][system]") {
    docker::Client client = make_client();
    docker::PingResult ping = client.system().ping();
    CHECK_FALSE(ping.api_version.empty());
    auto parsed = parse_api_version(ping.api_version);
    CHECK(parsed.first == 1);
    CHECK(parsed.second >= 24);
    CHECK(ping.os_type == "linux");
}

TEST_CASE("version reports the daemon and drives negotiation", "[integration][system]") {
    docker::Client client = make_client();
    docker::SystemVersion version = client.system().version();
    CHECK_FALSE(version.version.empty());
    CHECK_FALSE(version.api_version.empty());
    CHECK_FALSE(version.min_api_version.empty());
    CHECK(version.os == "linux");
    CHECK_FALSE(version.arch.empty());

    // The daemon's /_ping header and /version body agree on its API version.
    CHECK(client.system().ping().api_version == version.api_version);

    // Negotiated version: min(daemon's, the newest this library knows), compared numerically.
    const char* pinned = std::getenv("DOCKER_API_VERSION");
    std::string expected;
    if (pinned && *pinned) {
        expected = pinned[0] == 'v' ? std::string(pinned + 1) : std::string(pinned);
    } else {
        auto daemon = parse_api_version(version.api_version);
        auto ours = parse_api_version(docker::newest_api_version);
        expected = daemon < ours ? version.api_version : std::string(docker::newest_api_version);
    }
    CHECK(client.api_version() == expected);
    CHECK(parse_api_version(client.api_version()) >= parse_api_version(version.min_api_version));
    CHECK(client.api_version_at_least("1.24"));
    CHECK_FALSE(client.api_version_at_least("1.999"));

    // Everything the daemon said stays reachable.
    REQUIRE(version.raw.is_object());
    CHECK(version.raw.at("Version").get<std::string>() == version.version);
    CHECK(version.raw.at("ApiVersion").get<std::string>() == version.api_version);
}

TEST_CASE("info agrees with version and sees the test image", "[integration][system]") {
    docker::Client client = make_client();
    docker::SystemInfo info = client.system().info();
    docker::SystemVersion version = client.system().version();

    CHECK(info.server_version == version.version);
    CHECK(info.images >= 1);
    CHECK(info.containers >= 0);
    CHECK(info.containers == info.containers_running + info.containers_paused + info.containers_stopped);
    CHECK(info.os_type == "linux");
    CHECK_FALSE(info.id.empty());
    CHECK_FALSE(info.driver.empty());
    CHECK_FALSE(info.docker_root_dir.empty());
    CHECK(info.ncpu >= 1);
    CHECK(info.mem_total > 0);

    // The raw answer carries the modelled fields and those the model leaves out.
    REQUIRE(info.raw.is_object());
    CHECK(info.raw.at("ServerVersion").get<std::string>() == info.server_version);
    CHECK(info.raw.at("Images").get<std::int64_t>() == info.images);
    CHECK(info.raw.contains("RegistryConfig"));
}

TEST_CASE("a pinned API version is used in every path", "[integration][system]") {
    docker::ClientOptions options;
    options.host = engine().host;
    options.api_version = "1.40";
    docker::Client client(options);
    CHECK(client.api_version() == "1.40");

    docker::SystemVersion version = client.system().version();
    CHECK_FALSE(version.version.empty());
    CHECK_FALSE(version.api_version.empty());

    // The path an error reports is the one that went on the wire.
    std::string missing = docker::test::unique_name("pinned-missing");
    try {
        client.images().inspect(missing);
        FAIL("inspecting a missing image did not throw");
    } catch (const docker::NotFound& e) {
        CHECK(e.path() == "/v1.40/images/" + missing + "/json");
    }

    // A leading 'v' is accepted and dropped.
    docker::ClientOptions with_v;
    with_v.host = engine().host;
    with_v.api_version = "v1.40";
    docker::Client client_v(with_v);
    CHECK(client_v.api_version() == "1.40");
    CHECK(client_v.system().info().server_version == version.version);
}

TEST_CASE("a missing socket raises ConnectionError naming the path", "[integration][system]") {
    std::string path = "/tmp/" + docker::test::unique_name("no-such-daemon") + ".sock";
    REQUIRE(::access(path.c_str(), F_OK) != 0);
    docker::Client client("unix://" + path);

    try {
        client.system().ping();
        FAIL("ping through a missing socket did not throw");
    } catch (const docker::TimeoutError& e) {
        FAIL(std::string("expected a plain ConnectionError, got TimeoutError: ") + e.what());
    } catch (const docker::PermissionDenied& e) {
        FAIL(std::string("expected a plain ConnectionError, got PermissionDenied: ") + e.what());
    } catch (const docker::ConnectionError& e) {
        CHECK(contains(e.what(), path));
        CHECK(contains(e.endpoint(), path));
    }

    // A versioned call fails the same way, and so does negotiation (unless DOCKER_API_VERSION
    // pins the version, when no daemon is needed to know it).
    CHECK_THROWS_AS(client.system().version(), docker::ConnectionError);
    const char* pinned = std::getenv("DOCKER_API_VERSION");
    if (!pinned || !*pinned) CHECK_THROWS_AS(client.api_version(), docker::ConnectionError);
}

}  // namespace integration_system_test
