// What images().pull(image, options) sends, on the scripted server.

#include "docker/api/images.hpp"

#include <chrono>
#include <string>

#include "docker/registry_auth.hpp"
#include "support/catch.hpp"
#include "support/fake_client.hpp"
#include "support/fake_daemon.hpp"

// A namespace per test file: test files are compiled in batches (unity build).
namespace api_image_pull_test {
using namespace docker;
using docker::test::FakeDaemon;
using namespace std::chrono_literals;

namespace {

using docker::test::pinned_options;

FakeDaemon::Action progress() {
    return FakeDaemon::respond(200, "{\"status\":\"Pulling from app\"}\n{\"status\":\"Done\"}\n",
                               {{"Content-Type", "application/json"}});
}

}  // namespace

TEST_CASE("images: pull with options sends the platform, the tag and the credentials", "[api][images]") {
    FakeDaemon daemon({{FakeDaemon::read_request(), progress()}, {FakeDaemon::read_request(), progress()}});
    Client client(pinned_options(daemon));
    ImagePullOptions options;
    options.platform = "linux/arm64/v8";
    AuthConfig auth;
    auth.username = "u";
    auth.password = "p";
    options.auth = auth;
    int events = 0;
    options.on_progress = [&](const ProgressEvent&) { ++events; };
    client.images().pull("registry:5000/team/app", options);
    CHECK(events == 2);

    ImagePullOptions by_digest;
    client.images().pull("registry:5000/team/app@sha256:0123", by_digest);

    auto r = daemon.requests();
    REQUIRE(r.size() == 2);
    CHECK(r[0].method == "POST");
    CHECK(r[0].target ==
          "/v1.41/images/create?fromImage=registry%3A5000%2Fteam%2Fapp&tag=latest&platform=linux%2Farm64%2Fv8");
    CHECK(r[0].header("X-Registry-Auth") == registry_auth_header(auth));
    CHECK(r[1].target == "/v1.41/images/create?fromImage=registry%3A5000%2Fteam%2Fapp&tag=sha256%3A0123");
}

TEST_CASE("images: pull refuses a tag that would replace the reference's own", "[api][images]") {
    FakeDaemon daemon({});
    Client client(pinned_options(daemon));
    ImagePullOptions options;
    options.tag = "2.0";
    CHECK_THROWS_AS(client.images().pull("app:1.0", options), UsageError);
    CHECK_THROWS_AS(client.images().pull("app@sha256:0123", options), UsageError);
    CHECK_THROWS_AS(client.images().pull("app:1.0", "2.0"), UsageError);  // the positional form too
    CHECK(daemon.connections() == 0);
}

}  // namespace api_image_pull_test
