#include "docker/models/networks.hpp"

#include "support/catch.hpp"

// A namespace per test file: test files are compiled in batches (unity build).
namespace models_networks_test {
using namespace docker;

TEST_CASE("a network inspect answer reads into NetworkInspect, keeping unknown keys", "[models][networks]") {
    auto n = json::parse(R"({"Name":"backend","Id":"abc","Created":"2026-01-01T00:00:00Z","Scope":"local",
        "Driver":"bridge","EnableIPv6":false,"IPAM":{"Driver":"default","Options":null,
        "Config":[{"Subnet":"10.1.0.0/24","Gateway":"10.1.0.1","Future":1}]},"Internal":false,
        "Attachable":false,"Ingress":false,"ConfigFrom":{"Network":""},"ConfigOnly":false,
        "Containers":{"c1":{"Name":"web","EndpointID":"e1","MacAddress":"02:42:0a:01:00:02",
        "IPv4Address":"10.1.0.2/24","IPv6Address":""}},"Options":{},"Labels":{"team":"x"},
        "Status":{"IPAM":{}},"NewField":[1,2]})")
                 .get<NetworkInspect>();
    CHECK(n.name == std::string("backend"));
    CHECK(n.enable_ipv6 == false);
    CHECK_FALSE(n.enable_ipv4.has_value());
    REQUIRE(n.ipam);
    CHECK(n.ipam->options.empty());  // null reads as empty
    REQUIRE(n.ipam->config.size() == 1);
    CHECK(n.ipam->config[0].gateway == std::string("10.1.0.1"));
    CHECK(n.ipam->config[0].extra.at("Future") == 1);
    CHECK(n.containers.at("c1").ipv4_address == std::string("10.1.0.2/24"));
    CHECK(n.labels.at("team") == "x");
    CHECK(n.extra.size() == 2);
    CHECK(n.extra.at("NewField") == json::array({1, 2}));
    CHECK(n.extra.contains("Status"));
}

TEST_CASE("network requests send only what is set, plus extra", "[models][networks]") {
    NetworkCreateRequest request;
    request.name = "n";
    CHECK(json(request) == json{{"Name", "n"}});

    request.internal = false;  // set, so sent even though false
    IPAMConfig pool;
    pool.subnet = "10.2.0.0/16";
    IPAM ipam;
    ipam.config = {pool};
    request.ipam = ipam;
    request.extra = {{"Future", true}};
    CHECK(json(request) == json::parse(R"({"Name":"n","Internal":false,"IPAM":{"Config":[{"Subnet":"10.2.0.0/16"}]},
        "Future":true})"));

    NetworkConnectRequest connect;
    connect.container = "web";
    EndpointSettings endpoint;
    endpoint.aliases = {"db"};
    connect.endpoint_config = endpoint;
    CHECK(json(connect) == json::parse(R"({"Container":"web","EndpointConfig":{"Aliases":["db"]}})"));

    NetworkDisconnectRequest disconnect;
    disconnect.container = "web";
    disconnect.force = true;
    CHECK(json(disconnect) == json::parse(R"({"Container":"web","Force":true})"));
}

TEST_CASE("an endpoint read from a container's inspect goes back out unchanged", "[models][networks]") {
    auto original = json::parse(R"({"IPAMConfig":{"IPv4Address":"10.1.0.9"},"Links":null,"Aliases":["db","web"],
        "NetworkID":"n1","EndpointID":"e1","Gateway":"10.1.0.1","IPAddress":"10.1.0.9","IPPrefixLen":24,
        "MacAddress":"02:42:0a:01:00:09","DriverOpts":null,"Unknown":"kept"})");
    auto endpoint = original.get<EndpointSettings>();
    CHECK(endpoint.ip_prefix_len == 24);
    json back = endpoint;
    CHECK(back.at("Unknown") == "kept");
    CHECK(back.at("Aliases") == json::array({"db", "web"}));
    CHECK_FALSE(back.contains("Links"));  // null in, not sent
}

}  // namespace models_networks_test
