// The network endpoints against the real engine.

#include "support/catch.hpp"

#include "integration/engine.hpp"

#include <algorithm>

// A namespace per test file: test files are compiled in batches (unity build).
namespace integration_networks_test {
using namespace docker;
using docker::test::ContainerGuard;
using docker::test::busybox;
using docker::test::unique_name;

namespace {

bool listed(const std::vector<NetworkSummary>& list, const std::string& name) {
    return std::any_of(list.begin(), list.end(), [&](const NetworkSummary& n) { return n.name == name; });
}

// Removes a network when the test leaves its scope.
class NetworkGuard {
public:
    NetworkGuard(Client& client, std::string id) : client_(client), id_(std::move(id)) {}
    ~NetworkGuard() {
        try {
            client_.networks().remove(id_);
        } catch (const Error&) {
            // Already removed by the test.
        }
    }
    NetworkGuard(const NetworkGuard&) = delete;
    NetworkGuard& operator=(const NetworkGuard&) = delete;

private:
    Client& client_;
    std::string id_;
};

NetworkCreateRequest labelled_network(const std::string& name, const std::string& label, const std::string& subnet) {
    NetworkCreateRequest request;
    request.name = name;
    request.labels = {{"dcpp.test", label}};
    IPAMConfig pool;
    pool.subnet = subnet;
    pool.gateway = subnet.substr(0, subnet.rfind('.')) + ".1";
    IPAM ipam;
    ipam.config = {pool};
    request.ipam = ipam;
    return request;
}

}  // namespace

// covers: NetworkCreate (real engine)
// covers: NetworkInspect (real engine)
// covers: NetworkList (real engine)
// covers: NetworkDelete (real engine)
TEST_CASE("networks: create with IPAM and labels, inspect, list with filters, remove", "[integration][networks]") {
    Client client = test::make_client();
    std::string name = unique_name("net");
    std::string label = unique_name("label");
    NetworkCreateResponse created = client.networks().create(labelled_network(name, label, "10.231.7.0/24"));
    REQUIRE(!created.id.empty());
    NetworkGuard guard(client, created.id);

    NetworkInspect inspected = client.networks().inspect(name);
    CHECK(inspected.id == created.id);
    CHECK(inspected.name == name);
    CHECK(inspected.driver == "bridge");
    CHECK(inspected.scope == "local");
    CHECK(inspected.labels.at("dcpp.test") == label);
    REQUIRE(inspected.ipam);
    REQUIRE(inspected.ipam->config.size() == 1);
    CHECK(inspected.ipam->config[0].subnet == "10.231.7.0/24");
    CHECK(inspected.ipam->config[0].gateway == "10.231.7.1");
    CHECK(inspected.containers.empty());

    CHECK(listed(client.networks().list(), name));
    CHECK(listed(client.networks().list({{"label", {"dcpp.test=" + label}}}), name));
    CHECK_FALSE(listed(client.networks().list({{"label", {"dcpp.test=other"}}}), name));
    CHECK(listed(client.networks().list({{"name", {name}}}), name));

    NetworkCreateRequest same_name;
    same_name.name = name;
    CHECK_THROWS_AS(client.networks().create(same_name), Conflict);

    client.networks().remove(created.id);
    CHECK_THROWS_AS(client.networks().inspect(name), NotFound);
    CHECK_THROWS_AS(client.networks().remove(name), NotFound);
}

// covers: NetworkConnect (real engine)
// covers: NetworkDisconnect (real engine)
TEST_CASE("networks: connect a running container with an alias, see it in inspect, disconnect",
          "[integration][networks]") {
    Client client = test::make_client();
    std::string name = unique_name("net-connect");
    auto created = client.networks().create(labelled_network(name, "connect", "10.231.8.0/24"));
    NetworkGuard net_guard(client, created.id);

    auto container = client.containers().create(busybox({"sleep", "60"}));
    ContainerGuard guard(client, container.id);
    client.containers().start(container.id);

    NetworkConnectRequest connect;
    connect.container = container.id;
    EndpointSettings endpoint;
    endpoint.aliases = {"db"};
    EndpointIPAMConfig address;
    address.ipv4_address = "10.231.8.42";
    endpoint.ipam_config = address;
    connect.endpoint_config = endpoint;
    client.networks().connect(name, connect);

    NetworkInspect inspected = client.networks().inspect(created.id);
    REQUIRE(inspected.containers.count(container.id) == 1);
    CHECK(inspected.containers.at(container.id).ipv4_address == "10.231.8.42/24");

    // The container's side: its endpoint on the network, with the alias.
    auto settings = client.containers().inspect(container.id).network_settings;
    REQUIRE(settings.networks);
    REQUIRE(settings.networks->count(name) == 1);
    const auto& endpoint_seen = settings.networks->at(name);
    CHECK(endpoint_seen.ip_address.value_or("") == "10.231.8.42");
    CHECK(endpoint_seen.network_id.value_or("") == created.id);
    const auto aliases = endpoint_seen.aliases.value_or(std::vector<std::string>{});
    CHECK(std::find(aliases.begin(), aliases.end(), "db") != aliases.end());

    // A container that is not there cannot be connected.
    NetworkConnectRequest ghost;
    ghost.container = unique_name("no-such-container");
    CHECK_THROWS_AS(client.networks().connect(name, ghost), NotFound);

    NetworkDisconnectRequest disconnect;
    disconnect.container = container.id;
    client.networks().disconnect(name, disconnect);
    CHECK(client.networks().inspect(created.id).containers.empty());
}

TEST_CASE("networks: a network in use cannot be removed (Forbidden on dockerd 20.10)", "[integration][networks]") {
    Client client = test::make_client();
    std::string name = unique_name("net-used");
    auto created = client.networks().create(labelled_network(name, "used", "10.231.9.0/24"));
    NetworkGuard net_guard(client, created.id);

    ContainerConfig config = busybox({"sleep", "60"});
    HostConfig host;
    host.network_mode = name;
    config.host_config = host;
    auto container = client.containers().create(config);
    {
        ContainerGuard guard(client, container.id);
        client.containers().start(container.id);
        CHECK_THROWS_AS(client.networks().remove(name), Forbidden);
        CHECK_NOTHROW(client.networks().inspect(name));
    }
    client.networks().remove(name);  // free once the container is gone
}

// covers: NetworkPrune (real engine)
TEST_CASE("networks: prune removes unused networks matching a label, keeps others", "[integration][networks]") {
    Client client = test::make_client();
    std::string label = unique_name("prune");
    std::string pruned_name = unique_name("net-prune");
    std::string kept_name = unique_name("net-kept");
    NetworkCreateRequest pruned_request;
    pruned_request.name = pruned_name;
    pruned_request.labels = {{"dcpp.prune", label}};
    client.networks().create(pruned_request);
    NetworkCreateRequest kept_request;
    kept_request.name = kept_name;
    kept_request.labels = {{"dcpp.prune", label + "-other"}};
    auto kept = client.networks().create(kept_request);
    NetworkGuard kept_guard(client, kept.id);

    auto result = client.networks().prune({{"label", {"dcpp.prune=" + label}}});
    CHECK(result.networks_deleted == std::vector<std::string>{pruned_name});
    CHECK_THROWS_AS(client.networks().inspect(pruned_name), NotFound);
    CHECK_NOTHROW(client.networks().inspect(kept_name));
}

TEST_CASE("networks: bad input is a typed error before anything is sent", "[integration][networks]") {
    Client client = test::make_client();
    CHECK_THROWS_AS(client.networks().inspect(""), UsageError);
    CHECK_THROWS_AS(client.networks().create(NetworkCreateRequest{}), UsageError);
    CHECK_THROWS_AS(client.networks().connect("x", NetworkConnectRequest{}), UsageError);
    NetworkCreateRequest ipv4;
    ipv4.name = unique_name("net-ipv4");
    ipv4.enable_ipv4 = true;
    if (!client.api_version_at_least("1.47")) CHECK_THROWS_AS(client.networks().create(ipv4), UsageError);
}

}  // namespace integration_networks_test
