// The secret and config endpoints against the real engine, and a service that mounts one of
// each and prints them.

#include "support/catch.hpp"

#include "integration/engine.hpp"
#include "integration/swarm_support.hpp"

#include <map>
#include <string>
#include <vector>

// A namespace per test file: test files are compiled in batches (unity build).
namespace integration_secrets_test {
using namespace docker;
using docker::test::SwarmCleanup;
using docker::test::eventually;

namespace {

using Labels = std::map<std::string, std::string>;

std::string base64(const std::string& text) { return detail::base64_encode(text); }

std::string read_all(LogStream stream) {
    std::string text;
    LogFrame frame;
    while (stream.next(frame)) text += frame.data;
    return text;
}

}  // namespace

TEST_CASE("secrets: create, inspect, list, update labels, remove", "[integration][swarm][secrets]") {
    Client client = test::make_client();
    SwarmCleanup cleanup(client);
    test::init_swarm(client);
    std::string name = test::unique_name("secret");

    // covers: SecretCreate (real engine)
    model::SecretSpec spec;
    spec.name = name;
    spec.labels = Labels{{"dcpp.test", "one"}};
    spec.data = base64("s3cr3t value");
    std::string id = client.secrets().create(spec).id;
    REQUIRE(!id.empty());
    CHECK_THROWS_AS(client.secrets().create(spec), Conflict);  // the name is taken

    // covers: SecretInspect (real engine)
    model::Secret secret = client.secrets().inspect(id);
    CHECK(secret.id == id);
    CHECK(secret.spec.name == name);
    CHECK(secret.spec.labels == Labels{{"dcpp.test", "one"}});
    CHECK_FALSE(secret.spec.data.has_value());  // the daemon never gives a secret back
    REQUIRE(secret.version.index);
    CHECK(client.secrets().inspect(name).id == id);
    CHECK_THROWS_AS(client.secrets().inspect("no-such-secret"), NotFound);

    // covers: SecretList (real engine)
    SecretListOptions by_name;
    by_name.filters = {{"name", {name}}};
    auto listed = client.secrets().list(by_name);
    REQUIRE(listed.size() == 1);
    CHECK(listed[0].id == id);
    SecretListOptions by_label;
    by_label.filters = {{"label", {"dcpp.test=two"}}};
    CHECK(client.secrets().list(by_label).empty());

    // covers: SecretUpdate (real engine)
    model::SecretSpec relabel = secret.spec;  // only the labels may change
    relabel.labels = Labels{{"dcpp.test", "two"}};
    client.secrets().update(id, relabel, secret.version);
    model::Secret updated = client.secrets().inspect(id);
    CHECK(updated.spec.labels == Labels{{"dcpp.test", "two"}});
    CHECK(*updated.version.index > *secret.version.index);
    CHECK(client.secrets().list(by_label).size() == 1);
    CHECK_THROWS_AS(client.secrets().update(id, relabel, secret.version), VersionConflict);  // stale
    model::SecretSpec new_data = updated.spec;
    new_data.data = base64("another value");
    try {
        client.secrets().update(id, new_data, updated.version);
        FAIL("the data of a secret changed");
    } catch (const BadRequest& e) {
        CHECK(e.message().find("only updates to Labels are allowed") != std::string::npos);
    }

    // covers: SecretDelete (real engine)
    client.secrets().remove(id);
    CHECK_THROWS_AS(client.secrets().inspect(id), NotFound);
    CHECK_THROWS_AS(client.secrets().remove(id), NotFound);
}

TEST_CASE("configs: create, inspect, list, update labels, remove", "[integration][swarm][configs]") {
    Client client = test::make_client();
    SwarmCleanup cleanup(client);
    test::init_swarm(client);
    std::string name = test::unique_name("config");

    // covers: ConfigCreate (real engine)
    model::ConfigSpec spec;
    spec.name = name;
    spec.labels = Labels{{"dcpp.test", "one"}};
    spec.data = base64("listen 8080\n");
    std::string id = client.configs().create(spec).id;
    REQUIRE(!id.empty());
    CHECK_THROWS_AS(client.configs().create(spec), Conflict);

    // covers: ConfigInspect (real engine)
    model::Config config = client.configs().inspect(name);
    CHECK(config.id == id);
    CHECK(config.spec.name == name);
    CHECK(config.spec.data == base64("listen 8080\n"));  // unlike a secret, a config is readable
    CHECK(config.spec.labels == Labels{{"dcpp.test", "one"}});
    REQUIRE(config.version.index);
    CHECK_THROWS_AS(client.configs().inspect("no-such-config"), NotFound);

    // covers: ConfigList (real engine)
    ConfigListOptions by_name;
    by_name.filters = {{"name", {name}}};
    auto listed = client.configs().list(by_name);
    REQUIRE(listed.size() == 1);
    CHECK(listed[0].id == id);

    // covers: ConfigUpdate (real engine)
    model::ConfigSpec relabel = config.spec;
    relabel.labels = Labels{{"dcpp.test", "two"}};
    client.configs().update(id, relabel, config.version);
    model::Config updated = client.configs().inspect(id);
    CHECK(updated.spec.labels == Labels{{"dcpp.test", "two"}});
    CHECK(updated.spec.data == config.spec.data);
    CHECK_THROWS_AS(client.configs().update(id, relabel, config.version), VersionConflict);
    model::ConfigSpec new_data = updated.spec;
    new_data.data = base64("listen 9090\n");
    CHECK_THROWS_AS(client.configs().update(id, new_data, updated.version), BadRequest);

    // covers: ConfigDelete (real engine)
    client.configs().remove(id);
    CHECK_THROWS_AS(client.configs().inspect(id), NotFound);
    CHECK_THROWS_AS(client.configs().remove(id), NotFound);
}

TEST_CASE("secrets and configs: a service mounts one of each and reads them",
          "[integration][swarm][secrets][configs]") {
    Client client = test::make_client();
    SwarmCleanup cleanup(client);
    test::init_swarm(client);
    std::string secret_name = test::unique_name("secret");
    std::string config_name = test::unique_name("config");

    model::SecretSpec secret;
    secret.name = secret_name;
    secret.data = base64("the secret");
    std::string secret_id = client.secrets().create(secret).id;
    model::ConfigSpec config;
    config.name = config_name;
    config.data = base64("the config");
    std::string config_id = client.configs().create(config).id;

    model::ServiceSpec spec;
    spec.name = test::unique_name("svc-reader");
    auto& container = spec.task_template.container_spec;
    container.image = test::engine().registry + "/busybox:latest";
    container.command = std::vector<std::string>{
        "sh", "-c", "echo \"secret=$(cat /run/secrets/app-secret)\"; echo \"config=$(cat /etc/app.conf)\"; "
                    "trap 'exit 0' TERM; while true; do sleep 1; done"};
    model::TaskSpecContainerSpecSecretsItem secret_ref;
    secret_ref.secret_id = secret_id;
    secret_ref.secret_name = secret_name;
    secret_ref.file.name = "app-secret";
    secret_ref.file.uid = "0";
    secret_ref.file.gid = "0";
    secret_ref.file.mode = 0400;
    container.secrets = std::vector<model::TaskSpecContainerSpecSecretsItem>{secret_ref};
    model::TaskSpecContainerSpecConfigsItem config_ref;
    config_ref.config_id = config_id;
    config_ref.config_name = config_name;
    config_ref.file.name = "/etc/app.conf";
    config_ref.file.uid = "0";
    config_ref.file.gid = "0";
    config_ref.file.mode = 0444;
    container.configs = std::vector<model::TaskSpecContainerSpecConfigsItem>{config_ref};
    spec.mode.replicated.replicas = 1;
    std::string service_id = client.services().create(spec).id.value_or("");
    REQUIRE(!service_id.empty());

    std::string log;
    CHECK(eventually([&] {
        log = read_all(client.services().logs(service_id));
        return log == "secret=the secret\nconfig=the config\n";
    }));
    CHECK(log == "secret=the secret\nconfig=the config\n");

    // In use: neither can be removed while the service refers to it.
    try {
        client.secrets().remove(secret_id);
        FAIL("a secret in use was removed");
    } catch (const BadRequest& e) {
        CHECK(e.message().find("is in use by the following service") != std::string::npos);
    }
    CHECK_THROWS_AS(client.configs().remove(config_id), BadRequest);

    client.services().remove(service_id);
    client.secrets().remove(secret_id);
    client.configs().remove(config_id);
    CHECK(client.secrets().list().empty());
    CHECK(client.configs().list().empty());
}

}  // namespace integration_secrets_test
