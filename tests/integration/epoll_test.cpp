// The epoll example as a test: the logs and stats of 50 containers plus the event stream,
// followed in one thread that waits only in epoll_wait. Never blocking is shown by the
// streams themselves: the event stream and the stats streams are idle most of the time, so
// a step that read blocking would sit there until the daemon spoke again (about a second
// for stats, indefinitely for events); every step returns would_block instead, at once.
#include <chrono>
#include <string>
#include <vector>

#include "../../examples/epoll/follower.hpp"
#include "integration/engine.hpp"
#include "support/catch.hpp"

// A namespace per test file: test files are compiled in batches (unity build).
namespace integration_epoll_test {
using namespace std::chrono_literals;

TEST_CASE("epoll: logs and stats of 50 containers plus events in one thread", "[epoll][integration]") {
    docker::Client client = docker::test::make_client();
    const std::string label = docker::test::unique_name("epoll");

    docker::EventsOptions event_options;
    event_options.filters = {{"label", {"test=" + label}}};
    docker::example::EpollFollower follower(client.system().events(event_options));

    constexpr int count = 50;
    std::vector<std::unique_ptr<docker::test::ContainerGuard>> guards;
    for (int i = 0; i < count; ++i) {
        docker::ContainerConfig config;
        config.image = docker::test::engine().image;
        config.cmd = {"sh", "-c", "while true; do echo line-$HOSTNAME; sleep 1; done"};
        config.labels = {{"test", label}};
        auto created = client.containers().create(config);
        guards.push_back(std::make_unique<docker::test::ContainerGuard>(client, created.id));
        client.containers().start(created.id);
        docker::LogsOptions logs;
        logs.follow = true;
        follower.follow(created.id, client.containers().logs(created.id, logs), client.containers().stats_stream(created.id));
    }

    bool finished = follower.run(
        [&] {
            for (const auto& f : follower.followed())
                if (f->log_bytes == 0 || f->stats_samples < 2) return false;
            return follower.events_seen() >= count;  // at least the starts
        },
        120s);
    INFO("events " << follower.events_seen() << ", would-block steps " << follower.would_block_steps());
    CHECK(finished);
    for (const auto& f : follower.followed()) {
        INFO("container " << f->id);
        CHECK(f->log_bytes > 0);
        CHECK(f->stats_samples >= 2);
    }
    CHECK(follower.would_block_steps() > 0);
    // A blocking read on an idle stream would take about a second (stats) or forever
    // (events); the steps take microseconds. The bound is loose on purpose.
    CHECK(follower.longest_step() < 500ms);
}

}  // namespace integration_epoll_test
