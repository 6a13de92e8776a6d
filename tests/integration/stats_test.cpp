// GET /containers/{id}/stats against the real engine: one sample, a one-shot sample, and a
// stream of samples that is cancelled by destroying it.
// covers: ContainerStats (real engine)

#include "support/catch.hpp"

#include "integration/engine.hpp"

#include <chrono>
#include <string>

// A namespace per test file: test files are compiled in batches (unity build).
namespace integration_stats_test {
using namespace docker;
using docker::test::busybox;
using docker::test::ContainerGuard;
using docker::test::unique_name;

TEST_CASE("stats of a running container: memory in use and the docker stats percentages",
          "[integration][stats]") {
    Client client = test::make_client();
    std::string name = unique_name("stats");
    auto created = client.containers().create(busybox({"sleep", "30"}), name);
    ContainerGuard guard(client, created.id);
    REQUIRE(client.containers().start(created.id));

    ContainerStats s = client.containers().stats(created.id);
    CHECK(s.id == created.id);
    CHECK(s.name == "/" + name);
    CHECK_FALSE(s.read.empty());
    CHECK(s.memory_stats.usage > 0);
    CHECK(s.memory_stats.limit > 0);
    CHECK(memory_used(s) > 0);
    CHECK(memory_used(s) <= s.memory_stats.usage);
    CHECK(memory_percent(s) > 0.0);
    CHECK(memory_percent(s) < 100.0);
    CHECK(cpu_percent(s) >= 0.0);
    CHECK(s.pids_stats.current >= 1);
    // Not one-shot: the daemon sampled twice, so the previous sample is there.
    CHECK(s.precpu_stats.system_cpu_usage > 0);
    CHECK(s.cpu_stats.system_cpu_usage >= s.precpu_stats.system_cpu_usage);
    CHECK(s.raw.contains("memory_stats"));

    SECTION("one-shot answers with a single sample") {
        ContainerStats quick = client.containers().stats(name, true);
        CHECK(quick.id == created.id);
        CHECK(quick.memory_stats.usage > 0);
        CHECK(quick.precpu_stats.system_cpu_usage == 0);  // nothing to compare with
        CHECK(cpu_percent(quick) >= 0.0);
    }
}

TEST_CASE("stats_stream yields a sample about every second until destroyed", "[integration][stats]") {
    Client client = test::make_client();
    auto created = client.containers().create(busybox({"sh", "-c", "while :; do :; done"}));
    ContainerGuard guard(client, created.id);
    REQUIRE(client.containers().start(created.id));

    std::chrono::steady_clock::duration closing{};
    {
        auto samples = client.containers().stats_stream(created.id, std::chrono::seconds(30));
        int count = 0;
        std::string previous_read;
        for (const ContainerStats& s : samples) {
            CHECK(s.id == created.id);
            CHECK(s.memory_stats.usage > 0);
            CHECK(s.read != previous_read);
            previous_read = s.read;
            if (++count == 1) continue;
            // From the second sample on, the first is the previous one: a busy loop shows.
            CHECK(cpu_percent(s) > 0.0);
            break;
        }
        CHECK(count == 2);
        auto start = std::chrono::steady_clock::now();
        { auto owner = std::move(samples); }
        closing = std::chrono::steady_clock::now() - start;
    }
    CHECK(closing < std::chrono::seconds(1));
    CHECK(client.containers().inspect(created.id).state.running);  // only the sampling stopped
}

TEST_CASE("stats of a missing container is NotFound", "[integration][stats]") {
    Client client = test::make_client();
    CHECK_THROWS_AS(client.containers().stats("dcpp-no-such-container"), NotFound);
    CHECK_THROWS_AS(client.containers().stats_stream("dcpp-no-such-container"), NotFound);
}

}  // namespace integration_stats_test
