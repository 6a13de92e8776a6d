// The volume endpoints against the real engine.
// covers: VolumeCreate, VolumeInspect, VolumeList, VolumeDelete, VolumePrune (real engine)

#include "support/catch.hpp"

#include "integration/engine.hpp"

#include <algorithm>

// A namespace per test file: test files are compiled in batches (unity build).
namespace integration_volumes_test {
using namespace docker;
using docker::test::ContainerGuard;
using docker::test::busybox;
using docker::test::unique_name;

namespace {

bool listed(const VolumeListResponse& list, const std::string& name) {
    return std::any_of(list.volumes.begin(), list.volumes.end(), [&](const Volume& v) { return v.name == name; });
}

}  // namespace

TEST_CASE("volumes: create, inspect, list with filters, remove", "[integration][volumes]") {
    Client client = test::make_client();
    std::string name = unique_name("vol");
    std::string label = unique_name("label");
    VolumeCreateOptions options;
    options.name = name;
    options.labels = {{"dcpp.test", label}};
    Volume created = client.volumes().create(options);
    CHECK(created.name == name);
    CHECK(created.driver == "local");
    CHECK(created.labels.at("dcpp.test") == label);

    Volume inspected = client.volumes().inspect(name);
    CHECK(inspected.name == name);
    CHECK(!inspected.mountpoint.empty());
    CHECK(inspected.raw.at("Name") == name);

    CHECK(listed(client.volumes().list(), name));
    CHECK(listed(client.volumes().list({{"label", {"dcpp.test=" + label}}}), name));
    CHECK_FALSE(listed(client.volumes().list({{"label", {"dcpp.test=other"}}}), name));

    client.volumes().remove(name);
    CHECK_THROWS_AS(client.volumes().inspect(name), NotFound);
    CHECK_THROWS_AS(client.volumes().remove(name), NotFound);
}

TEST_CASE("volumes: a volume in use is a Conflict; data survives in it", "[integration][volumes]") {
    Client client = test::make_client();
    std::string name = unique_name("vol-used");
    client.volumes().create(VolumeCreateOptions{name, "", {}, {}});

    ContainerConfig writer = busybox({"sh", "-c", "echo kept > /data/file"});
    HostConfig host;
    host.binds = {name + ":/data"};
    writer.host_config = host;
    auto first = client.containers().create(writer);
    {
        ContainerGuard guard(client, first.id);
        client.containers().start(first.id);
        REQUIRE(client.containers().wait(first.id).status_code == 0);
        CHECK_THROWS_AS(client.volumes().remove(name), Conflict);  // still referenced
    }

    ContainerConfig reader = busybox({"cat", "/data/file"});
    reader.host_config = host;
    auto second = client.containers().create(reader);
    {
        ContainerGuard guard(client, second.id);
        client.containers().start(second.id);
        REQUIRE(client.containers().wait(second.id).status_code == 0);
        CHECK(client.containers().logs_text(second.id).out == "kept\n");
    }
    client.volumes().remove(name);
}

TEST_CASE("volumes: prune removes unused volumes matching a label", "[integration][volumes]") {
    Client client = test::make_client();
    std::string label = unique_name("prune");
    std::string name = unique_name("vol-prune");
    client.volumes().create(VolumeCreateOptions{name, "", {}, {{"dcpp.prune", label}}});
    auto pruned = client.volumes().prune({{"label", {"dcpp.prune=" + label}}});
    CHECK(std::find(pruned.volumes_deleted.begin(), pruned.volumes_deleted.end(), name) !=
          pruned.volumes_deleted.end());
    CHECK_THROWS_AS(client.volumes().inspect(name), NotFound);
}

}  // namespace integration_volumes_test
