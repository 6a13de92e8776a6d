// A container created from the full inspect() of another is the same container, field for
// field: what the generated models name and what they keep in `extra` (the keys dockerd
// 20.10 sends that the v1.55 spec no longer describes).
// covers: ContainerCreate, ContainerInspect (real engine)

#include "support/catch.hpp"

#include "integration/engine.hpp"

// A namespace per test file: test files are compiled in batches (unity build).
namespace integration_recreate_test {
using namespace docker;
using docker::test::ContainerGuard;
using docker::test::engine;

TEST_CASE("a container created from another's inspect matches it field for field", "[integration][containers][models]") {
    Client client = test::make_client();

    model::ContainerCreateRequest original;
    original.image = engine().image;
    original.cmd = std::vector<std::string>{"sleep", "30"};
    original.env = std::vector<std::string>{"MODE=test"};
    original.labels = std::map<std::string, std::string>{{"dcpp.test", "recreate"}};
    original.exposed_ports = std::map<std::string, json>{{"80/tcp", json::object()}};
    original.healthcheck.test = std::vector<std::string>{"CMD", "true"};
    original.healthcheck.interval = 2'000'000'000;
    original.stop_signal = "SIGINT";
    original.host_config.memory = 64 * 1024 * 1024;
    original.host_config.cap_add = std::vector<std::string>{"NET_ADMIN"};
    original.host_config.restart_policy.name = model::RestartPolicyName::on_failure;
    original.host_config.restart_policy.maximum_retry_count = 2;
    model::ResourcesUlimitsItem nofile;
    nofile.name = "nofile";
    nofile.soft = 512;
    nofile.hard = 1024;
    original.host_config.ulimits = std::vector<model::ResourcesUlimitsItem>{nofile};
    model::PortBinding binding;
    binding.host_ip = "127.0.0.1";
    binding.host_port = "";
    original.host_config.port_bindings = model::PortMap{{"80/tcp", std::vector<model::PortBinding>{binding}}};

    auto first = client.containers().create(original);
    ContainerGuard first_guard(client, first.id);
    auto a = client.containers().inspect(first.id).raw.get<model::ContainerInspectResponse>();
    // 20.10 answers with keys v1.55 does not describe; they must come along too.
    REQUIRE(a.host_config.extra.contains("KernelMemory"));

    // The create request from the inspect: its Config, its HostConfig; not its identity.
    json request = a.config;
    request["HostConfig"] = a.host_config;
    request.erase("Hostname");  // the first container's short ID
    auto copy = client.containers().create(request.get<model::ContainerCreateRequest>());
    ContainerGuard copy_guard(client, copy.id);
    auto b = client.containers().inspect(copy.id).raw.get<model::ContainerInspectResponse>();

    CHECK(b.id != a.id);
    CHECK(b.name != a.name);
    CHECK(json(b.host_config) == json(a.host_config));  // typed fields and extra alike
    CHECK(b.host_config.extra == a.host_config.extra);
    json config_a = a.config, config_b = b.config;
    config_a.erase("Hostname");
    config_b.erase("Hostname");
    CHECK(config_b == config_a);
    CHECK(b.config.extra == a.config.extra);

    // And the values are the ones first asked for.
    CHECK(b.host_config.memory == std::optional<std::int64_t>(64 * 1024 * 1024));
    REQUIRE(b.host_config.ulimits);
    CHECK((*b.host_config.ulimits)[0].hard == std::optional<std::int64_t>(1024));
    CHECK(b.host_config.restart_policy.name == std::optional<model::RestartPolicyName>(model::RestartPolicyName::on_failure));
    CHECK(b.config.healthcheck.interval == std::optional<std::int64_t>(2'000'000'000));
    CHECK(b.config.stop_signal == std::optional<std::string>("SIGINT"));
}

}  // namespace integration_recreate_test
