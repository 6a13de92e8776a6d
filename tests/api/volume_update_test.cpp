// PUT /volumes/{name} (cluster volumes need a Swarm with a CSI plugin and API >= 1.42; the
// engine here has neither), on the scripted server.

#include "docker/api/volume_update.hpp"

#include "docker/api/volumes.hpp"

#include <chrono>
#include <string>

#include "support/catch.hpp"
#include "support/fake_client.hpp"
#include "support/fake_daemon.hpp"

// A namespace per test file: test files are compiled in batches (unity build).
namespace api_volume_update_test {
using namespace docker;
using docker::test::FakeDaemon;
using namespace std::chrono_literals;

namespace {

using docker::test::pinned_options;

}  // namespace

// covers: VolumeUpdate (scripted server)
TEST_CASE("volumes: update sends the spec and the version index", "[api][volumes]") {
    FakeDaemon daemon({{FakeDaemon::read_request(), FakeDaemon::respond(200)},
                       {FakeDaemon::read_request(),
                        FakeDaemon::respond(400, R"({"message":"update out of sequence"})",
                                            {{"Content-Type", "application/json"}})}});
    Client client(pinned_options(daemon, "1.44"));
    model::VolumeUpdateRequest changes;
    changes.spec.access_mode.availability = model::ClusterVolumeSpecAccessModeAvailability::drain;
    client.volumes().update("cluster vol", changes, 12);

    auto requests = daemon.requests();
    REQUIRE(requests.size() == 1);
    CHECK(requests[0].method == "PUT");
    CHECK(requests[0].target == "/v1.44/volumes/cluster%20vol?version=12");
    CHECK(requests[0].header("Content-Type") == "application/json");
    CHECK(json::parse(requests[0].body) == json::parse(R"({"Spec":{"AccessMode":{"Availability":"drain"}}})"));

    CHECK_THROWS_AS(client.volumes().update("", changes, 12), UsageError);
}

TEST_CASE("volumes: update below API 1.42 is refused before anything is sent", "[api][volumes]") {
    FakeDaemon daemon({});
    Client client(pinned_options(daemon, "1.41"));
    try {
        client.volumes().update("v", model::VolumeUpdateRequest{}, 1);
        FAIL("expected UnsupportedApiVersion");
    } catch (const UnsupportedApiVersion& e) {
        CHECK(std::string(e.what()) == "VolumeUpdate needs API 1.42, the client uses 1.41");
        CHECK(e.feature() == "VolumeUpdate");
    }
    CHECK(daemon.connections() == 0);
}

}  // namespace api_volume_update_test
