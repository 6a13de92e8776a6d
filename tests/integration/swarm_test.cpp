// The swarm endpoints against the real engine: a one-node swarm on 127.0.0.1, made and left
// by the test.

#include "support/catch.hpp"

#include "integration/engine.hpp"
#include "integration/swarm_support.hpp"

#include <string>

// A namespace per test file: test files are compiled in batches (unity build).
namespace integration_swarm_test {
using namespace docker;
using docker::test::SwarmCleanup;

namespace {

bool starts_with(const std::string& text, const std::string& prefix) { return text.rfind(prefix, 0) == 0; }

// The manager applies a rotated unlock key in the background.
bool eventually_key_differs(Client& client, const std::string& old_key) {
    return test::eventually([&] {
        std::string key = client.swarm().unlock_key().unlock_key.value_or("");
        return !key.empty() && key != old_key;
    });
}

}  // namespace

TEST_CASE("swarm: init, inspect, update with token rotation and autolock, unlock key, leave", "[integration][swarm]") {
    Client client = test::make_client();
    SwarmCleanup cleanup(client);  // leaves (forced) even when a check below fails

    // covers: SwarmInspect (real engine)
    CHECK_THROWS_AS(client.swarm().inspect(), ServiceUnavailable);  // not a manager yet

    // covers: SwarmInit (real engine)
    model::SwarmInitRequest init;
    init.listen_addr = "127.0.0.1:" + std::to_string(test::free_tcp_port());
    init.advertise_addr = "127.0.0.1";
    init.spec.labels = std::map<std::string, std::string>{{"dcpp.test", "init"}};
    std::string node_id = client.swarm().init(init);
    REQUIRE(!node_id.empty());
    test::wait_for_ingress_setup(client);  // see there

    model::Swarm swarm = client.swarm().inspect();
    REQUIRE(swarm.id);
    CHECK(swarm.spec.name == "default");
    CHECK(swarm.spec.labels == std::map<std::string, std::string>{{"dcpp.test", "init"}});
    REQUIRE(swarm.version.index);
    REQUIRE(swarm.join_tokens.worker);
    REQUIRE(swarm.join_tokens.manager);
    CHECK(starts_with(*swarm.join_tokens.worker, "SWMTKN-1-"));
    CHECK(starts_with(*swarm.join_tokens.manager, "SWMTKN-1-"));
    CHECK(swarm.spec.raft.election_tick.value_or(0) > 0);  // nested objects are typed
    CHECK(swarm.tls_info.trust_root.value_or("").find("BEGIN CERTIFICATE") != std::string::npos);

    // covers: SwarmUnlockkey (real engine)
    CHECK(client.swarm().unlock_key().unlock_key.value_or("?").empty());  // no autolock: no key

    // covers: SwarmUpdate (real engine)
    model::SwarmSpec spec = swarm.spec;  // inspect -> modify -> update keeps every other field
    spec.labels = std::map<std::string, std::string>{{"dcpp.test", "updated"}};
    spec.orchestration.task_history_retention_limit = 3;
    spec.encryption_config.auto_lock_managers = true;
    SwarmUpdateOptions rotate;
    rotate.rotate_worker_token = true;
    rotate.rotate_manager_token = true;
    client.swarm().update(spec, swarm.version, rotate);

    model::Swarm updated = client.swarm().inspect();
    CHECK(updated.id == swarm.id);
    CHECK(*updated.version.index > *swarm.version.index);
    CHECK(updated.spec.labels == std::map<std::string, std::string>{{"dcpp.test", "updated"}});
    CHECK(updated.spec.orchestration.task_history_retention_limit == 3);
    CHECK(updated.spec.encryption_config.auto_lock_managers == true);
    CHECK(updated.spec.raft.election_tick == swarm.spec.raft.election_tick);
    CHECK(updated.join_tokens.worker != swarm.join_tokens.worker);  // rotated
    CHECK(updated.join_tokens.manager != swarm.join_tokens.manager);

    // Autolock on: now there is a key, and rotating it gives another.
    std::string key = client.swarm().unlock_key().unlock_key.value_or("");
    CHECK(starts_with(key, "SWMKEY-1-"));
    SwarmUpdateOptions rotate_key;
    rotate_key.rotate_manager_unlock_key = true;
    client.swarm().update(updated.spec, updated.version, rotate_key);
    CHECK(eventually_key_differs(client, key));

    // The version read before the first update is stale now.
    try {
        client.swarm().update(spec, swarm.version);
        FAIL("a stale version was accepted");
    } catch (const VersionConflict& e) {
        CHECK(e.message().find("update out of sequence") != std::string::npos);
    }

    // covers: SwarmUnlock (real engine)
    // Unlocking needs a manager restarted while locked; a running one is not locked.
    model::SwarmUnlockRequest unlock;
    unlock.unlock_key = key;
    try {
        client.swarm().unlock(unlock);
        FAIL("unlock of an unlocked swarm was accepted");
    } catch (const Conflict& e) {
        CHECK(e.status() == 409);
        CHECK(e.message() == "swarm is not locked");
    }

    // covers: SwarmJoin (real engine)
    // One engine here: joining is refused while it is a manager of its own swarm.
    model::SwarmJoinRequest join;
    join.listen_addr = "127.0.0.1:" + std::to_string(test::free_tcp_port());
    join.remote_addrs = {*init.listen_addr};
    join.join_token = *updated.join_tokens.worker;
    CHECK_THROWS_AS(client.swarm().join(join), ServiceUnavailable);

    // covers: SwarmLeave (real engine)
    try {
        client.swarm().leave();  // the last manager leaves only when forced
        FAIL("the last manager left without force");
    } catch (const ServiceUnavailable& e) {
        CHECK(e.message().find("--force") != std::string::npos);
    }
    CHECK(client.swarm().inspect().id == swarm.id);
    SwarmLeaveOptions force;
    force.force = true;
    client.swarm().leave(force);
    CHECK_THROWS_AS(client.swarm().inspect(), ServiceUnavailable);

    // Outside a swarm a malformed token is refused before any connection is tried.
    join.join_token = "SWMTKN-1-not-a-token";
    try {
        client.swarm().join(join);
        FAIL("a malformed join token was accepted");
    } catch (const ApiError& e) {
        CHECK(e.message() == "invalid join token");
    }
}

}  // namespace integration_swarm_test
