// GET /system/df in API 1.52's shape and its newer parameters, on the scripted server (the
// engine here answers the older shape; tests/integration/maintenance_test.cpp reads that).

#include "docker/api/system_maintenance.hpp"

#include "docker/api/system.hpp"

#include <chrono>
#include <string>

#include "support/catch.hpp"
#include "support/fake_client.hpp"
#include "support/fake_daemon.hpp"

// A namespace per test file: test files are compiled in batches (unity build).
namespace api_system_maintenance_test {
using namespace docker;
using docker::test::FakeDaemon;
using namespace std::chrono_literals;

namespace {

using docker::test::pinned_options;

}  // namespace

TEST_CASE("system: df reads API 1.52's totals and sends type and verbose", "[api][system]") {
    FakeDaemon daemon({{FakeDaemon::read_request(),
                        FakeDaemon::respond(200,
                                            R"({"ImageUsage":{"ActiveCount":1,"TotalCount":4,"Reclaimable":100,)"
                                            R"("TotalSize":400,"Items":[{"Id":"sha256:1"}]},)"
                                            R"("VolumeUsage":{"ActiveCount":0,"TotalCount":2,"Reclaimable":20,"TotalSize":20}})",
                                            {{"Content-Type", "application/json"}})}});
    Client client(pinned_options(daemon, "1.52"));
    SystemDataUsageOptions options;
    options.types = {"image", "volume"};
    options.verbose = true;
    auto usage = client.system().df(options);
    auto requests = daemon.requests();
    REQUIRE(requests.size() == 1);
    CHECK(requests[0].method == "GET");
    CHECK(requests[0].target == "/v1.52/system/df?type=image&type=volume&verbose=1");
    CHECK(usage.image_usage.active_count == 1);
    CHECK(usage.image_usage.total_count == 4);
    CHECK(usage.image_usage.reclaimable == 100);
    CHECK(usage.image_usage.total_size == 400);
    REQUIRE(usage.image_usage.items);
    CHECK(usage.image_usage.items->at(0).at("Id") == "sha256:1");
    CHECK(usage.volume_usage.total_count == 2);
    CHECK_FALSE(usage.container_usage.total_count);  // not asked for, not made up
    CHECK_FALSE(usage.build_cache_usage.total_count);
}

TEST_CASE("system: df's verbose needs API 1.52, its type filter 1.42", "[api][system]") {
    FakeDaemon daemon({});
    Client client(pinned_options(daemon, "1.41"));
    SystemDataUsageOptions types;
    types.types = {"image"};
    CHECK_THROWS_WITH(client.system().df(types), "SystemDataUsage query parameter \"type\" needs API 1.42, the client uses 1.41");
    SystemDataUsageOptions verbose;
    verbose.verbose = true;
    CHECK_THROWS_AS(client.system().df(verbose), UnsupportedApiVersion);
    CHECK(daemon.connections() == 0);
}

TEST_CASE("system: df sums the older answer's lists, and odd items in them count as nothing", "[api][system]") {
    // Items of another shape than dockerd sends: before, json::value() threw a json::exception
    // (no docker::Error) out of df().
    FakeDaemon daemon({{FakeDaemon::read_request(),
                        FakeDaemon::respond(200,
                                            R"({"LayersSize":10,"Images":[5,{"Containers":1,"Size":10,"SharedSize":2}],)"
                                            R"("Containers":[5,{"State":5,"SizeRw":3},{"State":"running","SizeRw":4}],)"
                                            R"("BuildCache":[{"InUse":"yes","Size":7},5]})",
                                            {{"Content-Type", "application/json"}})}});
    Client client(pinned_options(daemon, "1.41"));
    auto usage = client.system().df();
    CHECK(usage.image_usage.total_count == 2);
    CHECK(usage.image_usage.active_count == 1);
    CHECK(usage.image_usage.reclaimable == 2);  // LayersSize minus what the used image holds alone
    CHECK(usage.container_usage.total_count == 3);
    CHECK(usage.container_usage.active_count == 1);
    CHECK(usage.container_usage.total_size == 7);
    CHECK(usage.container_usage.reclaimable == 3);
    CHECK(usage.build_cache_usage.total_count == 2);
    CHECK(usage.build_cache_usage.active_count == 0);
    CHECK(usage.build_cache_usage.reclaimable == 7);
}

}  // namespace api_system_maintenance_test
