// Where Docker and Podman answer the same request differently (docs/compatibility.md): each
// test states what each engine does and checks it on the engine it runs against, so a row of
// the table that stops being true fails here. Where the SDK smooths a difference, the test
// checks that both engines give the same result.

#include "support/catch.hpp"

#include "integration/engine.hpp"

#include <chrono>
#include <string>
#include <vector>

// A namespace per test file: test files are compiled in batches (unity build).
namespace integration_compatibility_test {
namespace {

using docker::test::busybox;
using docker::test::ContainerGuard;
using docker::test::make_client;
using namespace std::chrono_literals;

// The engine, from its own /version: Podman lists a "Podman Engine" component.
bool is_podman(docker::Client& client) {
    auto version = nlohmann::json::parse(client.get("/version").body);
    for (const auto& component : version.value("Components", nlohmann::json::array()))
        if (component.value("Name", "") == "Podman Engine") return true;
    return false;
}

std::string started_sleeper(docker::Client& client) {
    auto created = client.containers().create(busybox({"sleep", "60"}));
    client.containers().start(created.id);
    return created.id;
}

}  // namespace

TEST_CASE("compatibility: a pinned API version above the daemon's maximum", "[integration][compatibility]") {
    docker::Client negotiated = make_client();
    const bool podman = is_podman(negotiated);
    const std::string daemon_version = negotiated.system().version().api_version;

    docker::ClientOptions options;
    options.host = docker::test::engine().host;
    options.api_version = "1.99";
    docker::Client pinned(options);
    if (podman) {
        // Podman serves any version number in the path.
        CHECK_NOTHROW(pinned.system().version());
    } else {
        try {
            pinned.system().version();
            FAIL("dockerd accepted API 1.99");
        } catch (const docker::ApiVersionRefused& e) {
            CHECK(e.requested_version() == "1.99");
            CHECK(e.daemon_version() == daemon_version);
            CHECK_FALSE(e.too_old());
        }
    }
}

TEST_CASE("compatibility: removing a running container without force", "[integration][compatibility]") {
    docker::Client client = make_client();
    const bool podman = is_podman(client);
    std::string id = started_sleeper(client);
    ContainerGuard guard(client, id);
    try {
        client.containers().remove(id);
        FAIL("a running container was removed without force");
    } catch (const docker::ApiError& e) {
        // Docker: 409 Conflict. Podman: 500 "... container state improper".
        CHECK(e.status() == (podman ? 500 : 409));
        if (podman) CHECK(dynamic_cast<const docker::ServerError*>(&e) != nullptr);
        else CHECK(dynamic_cast<const docker::Conflict*>(&e) != nullptr);
        CHECK_FALSE(e.message().empty());
    }
}

TEST_CASE("compatibility: ping headers", "[integration][compatibility]") {
    docker::Client client = make_client();
    const bool podman = is_podman(client);
    auto ping = client.system().ping();
    CHECK_FALSE(ping.api_version.empty());
    CHECK(ping.os_type == (podman ? "" : "linux"));  // Podman sends no Ostype header
}

TEST_CASE("compatibility: exec inspect while the process runs has no exit code on both engines",
          "[integration][compatibility]") {
    docker::Client client = make_client();
    std::string id = started_sleeper(client);
    ContainerGuard guard(client, id);
    docker::ExecConfig config;
    config.cmd = {"sleep", "30"};
    auto exec = client.exec().create(id, config);
    client.exec().start_detached(exec.id);
    auto info = client.exec().inspect(exec.id);
    for (int i = 0; i < 100 && !info.running; ++i) info = client.exec().inspect(exec.id);  // starts at once
    REQUIRE(info.running);
    CHECK_FALSE(info.exit_code.has_value());  // Podman sends 0 here; the model reads "unknown"
}

TEST_CASE("compatibility: a stats sample names its container on both engines", "[integration][compatibility]") {
    docker::Client client = make_client();
    std::string id = started_sleeper(client);
    ContainerGuard guard(client, id);
    auto sample = client.containers().stats(id);
    CHECK(sample.id == id);  // Docker sends "id", Podman "Id"
    CHECK_FALSE(sample.name.empty());
}

TEST_CASE("compatibility: the events of a container's life", "[integration][compatibility]") {
    docker::Client client = make_client();
    const bool podman = is_podman(client);
    const std::string label = docker::test::unique_name("compat-events");
    docker::EventsOptions options;
    options.since = std::chrono::system_clock::now() - 1s;
    options.filters = {{"type", {"container"}}, {"label", {"compat=" + label}}};
    options.timeout = 30s;

    auto config = busybox({"true"});
    config.labels = {{"compat", label}};
    auto created = client.containers().create(config);
    {
        ContainerGuard guard(client, created.id);
        client.containers().start(created.id);
        client.containers().wait(created.id);
    }
    const std::string last = podman ? "remove" : "destroy";
    std::vector<std::string> actions;
    for (const auto& e : client.system().events(options)) {
        actions.push_back(e.action);
        if (e.action == last) break;
    }
    std::vector<std::string> expected =
        podman ? std::vector<std::string>{"create", "init", "start", "die", "cleanup", "remove"}
               : std::vector<std::string>{"create", "start", "die", "destroy"};
    CHECK(actions == expected);
}

}  // namespace integration_compatibility_test
