// Errors by meaning against the real engine: where dockerd 20.10's status is vague, the
// message decides (docker/error_kind.hpp).

#include "support/catch.hpp"

#include "integration/engine.hpp"

#include <docker/error_kind.hpp>

// A namespace per test file: test files are compiled in batches (unity build).
namespace integration_error_kind_test {
using namespace docker;
using docker::test::ContainerGuard;
using docker::test::busybox;
using docker::test::unique_name;

namespace {

// Runs `call`, expecting a daemon error; returns its meaning and status.
template <class Call>
std::pair<ErrorKind, int> failure_of(Call&& call) {
    try {
        call();
    } catch (const ApiError& e) {
        return {error_kind(e), e.status()};
    }
    FAIL("expected an error answer");
    return {ErrorKind::other, 0};
}

}  // namespace

TEST_CASE("error kinds: container state conflicts, whatever status 20.10 sends", "[integration][errors]") {
    Client client = test::make_client();
    auto created = client.containers().create(busybox({"sleep", "300"}));
    ContainerGuard guard(client, created.id);
    client.containers().start(created.id);

    auto unpause_running = failure_of([&] { client.containers().unpause(created.id); });
    CHECK(unpause_running.first == ErrorKind::conflict);
    if (!client.api_version_at_least("1.42")) CHECK(unpause_running.second == 500);  // the vague answer

    client.containers().pause(created.id);
    auto pause_paused = failure_of([&] { client.containers().pause(created.id); });
    CHECK(pause_paused == std::make_pair(ErrorKind::conflict, 409));
    client.containers().unpause(created.id);

    auto missing = failure_of([&] { client.containers().inspect(unique_name("missing")); });
    CHECK(missing == std::make_pair(ErrorKind::not_found, 404));
    auto bad_signal = failure_of([&] { client.containers().kill(created.id, "SIGNOPE"); });
    CHECK(bad_signal == std::make_pair(ErrorKind::invalid_parameter, 400));
}

TEST_CASE("error kinds: bad filters are invalid parameters, naming nothing is not found", "[integration][errors]") {
    Client client = test::make_client();
    ContainerPruneOptions bad_until;
    bad_until.filters = {{"until", {"bogus"}}};
    auto until = failure_of([&] { client.containers().prune(bad_until); });
    CHECK(until.first == ErrorKind::invalid_parameter);
    if (!client.api_version_at_least("1.42")) CHECK(until.second == 500);

    ContainerPruneOptions unknown_filter;
    unknown_filter.filters = {{"no-such-filter", {"x"}}};
    CHECK(failure_of([&] { client.containers().prune(unknown_filter); }).first == ErrorKind::invalid_parameter);

    ContainerListOptions since_nothing;
    since_nothing.filters = {{"since", {unique_name("nothing")}}};
    CHECK(failure_of([&] { client.containers().list(since_nothing); }).first == ErrorKind::not_found);
}

TEST_CASE("error kinds: a wrong registry password is unauthorized", "[integration][errors]") {
    Client client = test::make_client();
    json credentials = {{"username", test::engine().auth_user},
                        {"password", "not-" + test::engine().auth_password},
                        {"serveraddress", test::engine().auth_registry}};
    auto wrong = failure_of([&] { client.post("/auth", credentials); });
    CHECK(wrong.first == ErrorKind::unauthorized);
    if (!client.api_version_at_least("1.42")) CHECK(wrong.second == 500);
}

TEST_CASE("error kinds: removing a network in use is a conflict", "[integration][errors]") {
    Client client = test::make_client();
    std::string network = unique_name("net-in-use");
    std::string network_id = client.post("/networks/create", json{{"Name", network}}).body;
    network_id = json::parse(network_id).at("Id").get<std::string>();
    struct NetworkGuard {
        Client& client;
        std::string id;
        ~NetworkGuard() {
            try {
                client.del("/networks/" + id);
            } catch (const Error&) {
            }
        }
    } network_guard{client, network_id};

    ContainerConfig config = busybox({"sleep", "300"});
    HostConfig host;
    host.network_mode = network;
    config.host_config = host;
    auto created = client.containers().create(config);
    {
        ContainerGuard guard(client, created.id);
        client.containers().start(created.id);
        auto in_use = failure_of([&] { client.del("/networks/" + network_id); });
        CHECK(in_use.first == ErrorKind::conflict);
        if (!client.api_version_at_least("1.42")) CHECK(in_use.second == 403);
    }
    client.del("/networks/" + network_id);  // free again once the container is gone
}

}  // namespace integration_error_kind_test
