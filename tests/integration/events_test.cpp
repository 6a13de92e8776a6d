// GET /events against the real engine: a container's life seen as events, in order; a
// bounded replay (since/until) that ends by itself; a follow-mode stream that is cancelled
// by destroying it.
// covers: SystemEvents (real engine)

#include "support/catch.hpp"

#include "integration/engine.hpp"

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

// A namespace per test file: test files are compiled in batches (unity build).
namespace integration_events_test {
using namespace docker;
using docker::test::busybox;
using docker::test::ContainerGuard;
using docker::test::unique_name;

namespace {

std::string joined(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& item : items) out += (out.empty() ? "" : ",") + item;
    return out;
}

// Creates, starts, waits for and removes a labelled container that exits with 3; returns its ID.
std::string run_labelled(Client& client, const std::string& label) {
    ContainerConfig config = busybox({"sh", "-c", "exit 3"});
    config.labels = {{"dcpp.events", label}};
    auto created = client.containers().create(config);
    ContainerGuard guard(client, created.id);
    client.containers().start(created.id);
    CHECK(client.containers().wait(created.id).status_code == 3);
    client.containers().remove(created.id);
    return created.id;
}

}  // namespace

TEST_CASE("events: a container's create, start, die and destroy arrive in order", "[integration][events]") {
    Client client = test::make_client();
    std::string label = unique_name("events");

    EventsOptions options;
    // The daemon subscribes only after it has sent the head of its answer: `since` replays
    // what happened in between, so nothing is missed.
    options.since = std::chrono::system_clock::now();
    options.filters = {{"type", {"container"}}, {"label", {"dcpp.events=" + label}}};
    options.timeout = std::chrono::seconds(30);  // a missing event fails the test, not hangs it
    auto events = client.system().events(options);

    std::string id = run_labelled(client, label);

    std::vector<std::string> actions;
    EventMessage e;
    std::string exit_code;
    while (events.next(e)) {
        CHECK(e.type == "container");
        CHECK(e.actor.id == id);
        CHECK(e.attribute("dcpp.events") == label);
        CHECK(e.scope == "local");
        CHECK(e.time > 0);
        CHECK(e.time_nano / 1000000000 == e.time);
        actions.push_back(e.action);
        if (e.action == "die") exit_code = e.attribute("exitCode");
        if (e.action == "destroy") break;
    }
    INFO("actions: " << joined(actions));
    std::vector<std::string> expected = {"create", "start", "die", "destroy"};
    CHECK(actions == expected);
    CHECK(exit_code == "3");
}

TEST_CASE("events between since and until: the stream ends by itself; range-for", "[integration][events]") {
    Client client = test::make_client();
    std::string label = unique_name("events-until");
    auto before = std::chrono::system_clock::now() - std::chrono::seconds(1);
    std::string id = run_labelled(client, label);
    auto after = std::chrono::system_clock::now() + std::chrono::seconds(1);

    EventsOptions options;
    options.since = before;
    options.until = after;
    options.filters = {{"label", {"dcpp.events=" + label}}, {"event", {"start", "destroy"}}};
    options.timeout = std::chrono::seconds(30);
    std::vector<std::string> actions;
    for (const auto& event : client.system().events(options)) {  // a temporary, kept alive by the loop
        CHECK(event.actor.id == id);
        actions.push_back(event.action);
    }
    INFO("actions: " << joined(actions));
    CHECK(actions == std::vector<std::string>{"start", "destroy"});

    SECTION("UNIX seconds work as well") {
        EventsOptions seconds;
        seconds.since = std::chrono::duration_cast<std::chrono::seconds>(before.time_since_epoch()).count();
        seconds.until = std::chrono::duration_cast<std::chrono::seconds>(after.time_since_epoch()).count() + 1;
        seconds.filters = options.filters;
        seconds.timeout = std::chrono::seconds(30);
        auto stream = client.system().events(seconds);
        std::size_t count = 0;
        EventMessage e;
        while (stream.next(e)) ++count;
        CHECK(count == 2);
    }
}

TEST_CASE("events: destroying a following stream midway cancels it promptly", "[integration][events]") {
    Client client = test::make_client();
    std::string label = unique_name("events-cancel");
    auto before = std::chrono::system_clock::now() - std::chrono::seconds(1);
    run_labelled(client, label);

    EventsOptions options;
    options.since = before;  // replays the container's events, then follows: no end of its own
    options.filters = {{"label", {"dcpp.events=" + label}}};
    options.timeout = std::chrono::seconds(30);
    std::chrono::steady_clock::duration elapsed{};
    {
        auto events = client.system().events(options);
        EventMessage e;
        REQUIRE(events.next(e));
        CHECK(e.action == "create");
        // Moved into a scope and destroyed there: the destructor closes the connection.
        auto start = std::chrono::steady_clock::now();
        { auto owner = std::move(events); }
        elapsed = std::chrono::steady_clock::now() - start;
    }
    CHECK(elapsed < std::chrono::seconds(1));

    // An explicit close ends it too, and the client carries on.
    auto events = client.system().events(options);
    events.source().close();
    EventMessage e;
    CHECK_FALSE(events.next(e));
    CHECK_FALSE(client.system().ping().api_version.empty());
}

}  // namespace integration_events_test
