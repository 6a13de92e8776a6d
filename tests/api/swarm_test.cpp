// The swarm groups on a scripted server, for what the one engine here cannot do: join another
// manager, unlock a locked manager, remove a node; and the exact requests (registry auth
// header, update query, logs of a TTY service) and version gates.

#include <docker/docker.hpp>

#include <chrono>
#include <string>
#include <vector>

#include "support/catch.hpp"
#include "support/fake_daemon.hpp"

// A namespace per test file: test files are compiled in batches (unity build).
namespace api_swarm_test {
using namespace docker;
using docker::test::FakeDaemon;
using namespace std::chrono_literals;

namespace {

Client client_for(const FakeDaemon& daemon, const char* api_version = "1.41") {
    ClientOptions o;
    o.host = daemon.host();
    o.api_version = api_version;
    o.connect_timeout = 2s;
    o.read_timeout = 3s;  // a bug shows up as a failure, not a hang
    return Client(o);
}

FakeDaemon::Action req() { return FakeDaemon::read_request(); }

FakeDaemon::Action ok(int status = 200, const std::string& body = "") {
    if (body.empty()) return FakeDaemon::respond(status);
    return FakeDaemon::respond(status, body, {{"Content-Type", "application/json"}});
}

}  // namespace

TEST_CASE("swarm: join sends the join request as the spec names it", "[api][swarm]") {
    // covers: SwarmJoin (scripted server)
    FakeDaemon daemon({{req(), ok()}});
    Client client = client_for(daemon);
    model::SwarmJoinRequest join;
    join.listen_addr = "0.0.0.0:2377";
    join.advertise_addr = "192.168.1.5";
    join.remote_addrs = {"192.168.1.1:2377"};
    join.join_token = "SWMTKN-1-abc-def";
    client.swarm().join(join);
    auto requests = daemon.requests();
    REQUIRE(requests.size() == 1);
    CHECK(requests[0].method == "POST");
    CHECK(requests[0].target == "/v1.41/swarm/join");
    CHECK(requests[0].header("Content-Type") == "application/json");
    CHECK(json::parse(requests[0].body) == json::parse(R"({"ListenAddr":"0.0.0.0:2377","AdvertiseAddr":"192.168.1.5",
        "RemoteAddrs":["192.168.1.1:2377"],"JoinToken":"SWMTKN-1-abc-def"})"));
}

TEST_CASE("swarm: unlock sends the key", "[api][swarm]") {
    // covers: SwarmUnlock (scripted server)
    FakeDaemon daemon({{req(), ok()}});
    Client client = client_for(daemon);
    model::SwarmUnlockRequest unlock;
    unlock.unlock_key = "SWMKEY-1-xyz";
    client.swarm().unlock(unlock);
    auto requests = daemon.requests();
    REQUIRE(requests.size() == 1);
    CHECK(requests[0].target == "/v1.41/swarm/unlock");
    CHECK(json::parse(requests[0].body) == json{{"UnlockKey", "SWMKEY-1-xyz"}});
}

TEST_CASE("swarm: update names the version and what to rotate", "[api][swarm]") {
    // covers: SwarmUpdate (scripted server)
    FakeDaemon daemon({{req(), ok()}});
    Client client = client_for(daemon);
    model::SwarmSpec spec;
    spec.name = "default";
    model::ObjectVersion version;
    version.index = 42;
    SwarmUpdateOptions rotate;
    rotate.rotate_worker_token = true;
    rotate.rotate_manager_unlock_key = true;
    client.swarm().update(spec, version, rotate);
    auto requests = daemon.requests();
    REQUIRE(requests.size() == 1);
    CHECK(requests[0].target == "/v1.41/swarm/update?version=42&rotateWorkerToken=1&rotateManagerUnlockKey=1");
    CHECK(json::parse(requests[0].body) == json{{"Name", "default"}});

    model::ObjectVersion unread;  // no index: a usage error, nothing sent
    CHECK_THROWS_AS(client.swarm().update(spec, unread), UsageError);
    CHECK(daemon.requests().size() == 1);
}

TEST_CASE("nodes: remove a node, forced", "[api][nodes]") {
    // covers: NodeDelete (scripted server)
    FakeDaemon daemon({{req(), ok()}});
    Client client = client_for(daemon);
    NodeDeleteOptions force;
    force.force = true;
    client.nodes().remove("node 1", force);
    auto requests = daemon.requests();
    REQUIRE(requests.size() == 1);
    CHECK(requests[0].method == "DELETE");
    CHECK(requests[0].target == "/v1.41/nodes/node%201?force=1");
    CHECK_THROWS_AS(client.nodes().remove(""), UsageError);
}

TEST_CASE("services: create and update send registry credentials and the update query", "[api][services]") {
    // covers: ServiceCreate, ServiceUpdate (scripted server)
    FakeDaemon daemon({{req(), ok(201, R"({"ID":"svc1","Warning":"image could not be pinned"})"), req(),
                        ok(200, R"({"Warnings":["w1"]})")}});
    Client client = client_for(daemon);
    model::ServiceSpec spec;
    spec.name = "web";
    spec.task_template.container_spec.image = "registry.example:5000/web:1";
    ServiceCreateOptions create;
    create.auth = AuthConfig{"user", "pa:ss", "", "registry.example:5000", "", ""};
    model::ServiceCreateResponse created = client.services().create(spec, create);
    CHECK(created.id == "svc1");
    CHECK(created.extra.at("Warning") == "image could not be pinned");  // API 1.41's key, kept

    ServiceUpdateOptions update;
    update.registry_auth_from = RegistryAuthFrom::previous_spec;
    update.rollback_to_previous = true;
    model::ObjectVersion version;
    version.index = 7;
    model::ServiceUpdateResponse updated = client.services().update("svc1", spec, version, update);
    CHECK(updated.warnings == std::vector<std::string>{"w1"});

    auto requests = daemon.requests();
    REQUIRE(requests.size() == 2);
    CHECK(requests[0].target == "/v1.41/services/create");
    CHECK(json::parse(requests[0].body) ==
          json::parse(R"({"Name":"web","TaskTemplate":{"ContainerSpec":{"Image":"registry.example:5000/web:1"}}})"));
    std::string auth = requests[0].header("X-Registry-Auth");
    CHECK(json::parse(detail::base64_decode(auth)) ==
          json{{"username", "user"}, {"password", "pa:ss"}, {"serveraddress", "registry.example:5000"}});
    CHECK(auth.find_first_of("+/") == std::string::npos);  // base64url
    CHECK(requests[1].target ==
          "/v1.41/services/svc1/update?version=7&registryAuthFrom=previous-spec&rollback=previous");
    CHECK_FALSE(requests[1].has_header("X-Registry-Auth"));
}

TEST_CASE("services: the logs of a TTY service on API 1.41 are raw, not multiplexed", "[api][services]") {
    // covers: ServiceLogs (scripted server)
    // API 1.41 answers without a Content-Type: the service's TTY setting decides.
    FakeDaemon daemon({{req(), FakeDaemon::respond(200, "line one\nline two\n")},
                       {req(), ok(200, R"({"ID":"s","Spec":{"TaskTemplate":{"ContainerSpec":{"TTY":true}}}})")}});
    Client client = client_for(daemon);
    ServiceLogsOptions options;
    options.tail = 10;
    options.since = std::chrono::system_clock::time_point(std::chrono::seconds(1700000000) + 250ms);
    LogStream logs = client.services().logs("s", options);
    CHECK_FALSE(logs.multiplexed());
    std::string text;
    for (const LogFrame& frame : logs) text += frame.data;
    CHECK(text == "line one\nline two\n");
    auto requests = daemon.requests();
    REQUIRE(requests.size() == 2);
    CHECK(requests[0].target == "/v1.41/services/s/logs?stdout=1&stderr=1&since=1700000000.250000000&tail=10");
    CHECK(requests[1].target == "/v1.41/services/s");
}

TEST_CASE("tasks: logs on API 1.42+ follow the Content-Type", "[api][tasks]") {
    // covers: TaskLogs (scripted server)
    std::string frame = std::string("\x02\0\0\0\0\0\0\x04", 8) + "oops";
    FakeDaemon daemon(
        {{req(), FakeDaemon::respond(200, frame, {{"Content-Type", "application/vnd.docker.multiplexed-stream"}})}});
    Client client = client_for(daemon, "1.43");
    LogStream logs = client.tasks().logs("t1");
    LogFrame got;
    REQUIRE(logs.next(got));
    CHECK(got.is_stderr());
    CHECK(got.data == "oops");
    CHECK_FALSE(logs.next(got));
    CHECK(daemon.requests().size() == 1);  // no inspect needed
}

TEST_CASE("services: a field newer than the API version in use is refused before sending", "[api][services]") {
    FakeDaemon daemon(std::vector<FakeDaemon::Script>{});  // no connection expected
    Client client = client_for(daemon, "1.41");
    model::ServiceSpec spec;
    spec.name = "web";
    spec.task_template.container_spec.image = "busybox";
    spec.task_template.container_spec.oom_score_adj = 100;
    try {
        client.services().create(spec);
        FAIL("no exception");
    } catch (const UnsupportedApiVersion& e) {
        CHECK(std::string(e.what()).find("OomScoreAdj") != std::string::npos);
        CHECK(e.api_version() == "1.41");
    }
    CHECK(daemon.requests().empty());
}

}  // namespace api_swarm_test
