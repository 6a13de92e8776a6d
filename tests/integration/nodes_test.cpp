// The node endpoints against the real engine: the one node of a swarm made by the test.

#include "support/catch.hpp"

#include "integration/engine.hpp"
#include "integration/swarm_support.hpp"

#include <map>
#include <string>

// A namespace per test file: test files are compiled in batches (unity build).
namespace integration_nodes_test {
using namespace docker;
using docker::test::SwarmCleanup;

TEST_CASE("nodes: list, inspect, update a label, stale version, delete refused", "[integration][swarm][nodes]") {
    Client client = test::make_client();
    SwarmCleanup cleanup(client);
    std::string node_id = test::init_swarm(client);

    // covers: NodeList (real engine)
    auto nodes = client.nodes().list();
    REQUIRE(nodes.size() == 1);
    CHECK(nodes[0].id == node_id);
    CHECK(nodes[0].spec.role == model::NodeSpecRole::manager);
    CHECK(nodes[0].manager_status.leader == true);
    CHECK(nodes[0].manager_status.addr.value_or("").rfind("127.0.0.1:", 0) == 0);
    NodeListOptions workers;
    workers.filters = {{"role", {"worker"}}};
    CHECK(client.nodes().list(workers).empty());

    // covers: NodeInspect (real engine)
    model::Node node = client.nodes().inspect(node_id);
    CHECK(node.id == node_id);
    CHECK(node.status.addr == "127.0.0.1");
    CHECK(node.spec.availability == model::NodeSpecAvailability::active);
    CHECK(!node.description.hostname.value_or("").empty());
    CHECK(node.description.resources.nano_cpus.value_or(0) > 0);
    REQUIRE(node.version.index);
    CHECK_THROWS_AS(client.nodes().inspect("no-such-node"), NotFound);

    // covers: NodeUpdate (real engine)
    model::NodeSpec spec = node.spec;
    spec.labels = std::map<std::string, std::string>{{"dcpp.zone", "a"}};
    client.nodes().update(node_id, spec, node.version);
    model::Node updated = client.nodes().inspect(node_id);
    CHECK(updated.spec.labels == std::map<std::string, std::string>{{"dcpp.zone", "a"}});
    CHECK(updated.spec.role == model::NodeSpecRole::manager);  // the rest of the spec as it was
    CHECK(*updated.version.index > *node.version.index);
    NodeListOptions zone_a;
    zone_a.filters = {{"node.label", {"dcpp.zone=a"}}};
    CHECK(client.nodes().list(zone_a).size() == 1);

    // The version read before the update is stale now.
    spec.labels = std::map<std::string, std::string>{{"dcpp.zone", "b"}};
    CHECK_THROWS_AS(client.nodes().update(node_id, spec, node.version), VersionConflict);
    CHECK(client.nodes().inspect(node_id).spec.labels == std::map<std::string, std::string>{{"dcpp.zone", "a"}});

    // covers: NodeDelete (real engine)
    // The only manager cannot be removed, forced or not; an unknown node is NotFound.
    try {
        client.nodes().remove(node_id);
        FAIL("the only manager was removed");
    } catch (const BadRequest& e) {
        CHECK(e.message().find("must be demoted to worker before removal") != std::string::npos);
    }
    NodeDeleteOptions force;
    force.force = true;
    CHECK_THROWS_AS(client.nodes().remove(node_id, force), BadRequest);
    CHECK_THROWS_AS(client.nodes().remove("no-such-node"), NotFound);
    CHECK(client.nodes().list().size() == 1);
}

}  // namespace integration_nodes_test
