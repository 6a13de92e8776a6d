#include "docker/models/stats.hpp"

#include <cmath>
#include <string>

#include "support/catch.hpp"

// A namespace per test file: test files are compiled in batches (unity build).
namespace models_stats_test {
using docker::ContainerStats;
using docker::json;

namespace {

bool near(double a, double b) { return std::fabs(a - b) <= 1e-9 * (1.0 + std::fabs(b)); }

// A cgroup v1 sample as dockerd 20.10 sends it (trimmed), with round numbers so the
// expected figures can be worked out by hand.
const char* const v1_sample = R"({
  "name": "/web", "id": "abc123",
  "read": "2024-01-02T03:04:05.6Z", "preread": "2024-01-02T03:04:04.6Z",
  "pids_stats": {"current": 3, "limit": 100},
  "blkio_stats": {"io_service_bytes_recursive": [
      {"major": 8, "minor": 0, "op": "Read", "value": 4096},
      {"major": 8, "minor": 0, "op": "Write", "value": 1024},
      {"major": 8, "minor": 0, "op": "Total", "value": 5120},
      {"major": 8, "minor": 16, "op": "Read", "value": 10}],
    "io_serviced_recursive": [{"major": 8, "minor": 0, "op": "Read", "value": 2}],
    "sectors_recursive": []},
  "num_procs": 0, "storage_stats": {},
  "cpu_stats": {"cpu_usage": {"total_usage": 3000000000, "percpu_usage": [1000000000, 2000000000],
                               "usage_in_kernelmode": 500, "usage_in_usermode": 700},
                "system_cpu_usage": 20000000000, "online_cpus": 4,
                "throttling_data": {"periods": 5, "throttled_periods": 1, "throttled_time": 9}},
  "precpu_stats": {"cpu_usage": {"total_usage": 2000000000, "percpu_usage": [500000000, 1500000000],
                                  "usage_in_kernelmode": 400, "usage_in_usermode": 600},
                   "system_cpu_usage": 10000000000, "online_cpus": 4,
                   "throttling_data": {"periods": 0, "throttled_periods": 0, "throttled_time": 0}},
  "memory_stats": {"usage": 300, "max_usage": 400, "failcnt": 0, "limit": 1000,
                   "stats": {"cache": 50, "total_inactive_file": 100, "inactive_file": 20, "rss": 150}},
  "networks": {"eth0": {"rx_bytes": 10, "rx_packets": 1, "rx_errors": 0, "rx_dropped": 0,
                        "tx_bytes": 20, "tx_packets": 2, "tx_errors": 0, "tx_dropped": 0},
               "eth1": {"rx_bytes": 5, "tx_bytes": 7}}
})";

ContainerStats parse(const std::string& text) { return json::parse(text).get<ContainerStats>(); }

}  // namespace

TEST_CASE("a stats sample reads into the typed model", "[models][stats]") {
    ContainerStats s = parse(v1_sample);
    CHECK(s.name == "/web");
    CHECK(s.id == "abc123");
    CHECK(s.read == "2024-01-02T03:04:05.6Z");
    CHECK(s.preread == "2024-01-02T03:04:04.6Z");
    CHECK(s.pids_stats.current == 3);
    CHECK(s.pids_stats.limit == 100);
    CHECK(s.cpu_stats.cpu_usage.total_usage == 3000000000u);
    CHECK(s.cpu_stats.cpu_usage.percpu_usage.size() == 2);
    CHECK(s.cpu_stats.cpu_usage.usage_in_kernelmode == 500);
    CHECK(s.cpu_stats.cpu_usage.usage_in_usermode == 700);
    CHECK(s.cpu_stats.system_cpu_usage == 20000000000u);
    CHECK(s.cpu_stats.online_cpus == 4);
    CHECK(s.cpu_stats.throttling_data.throttled_time == 9);
    CHECK(s.precpu_stats.cpu_usage.total_usage == 2000000000u);
    CHECK(s.memory_stats.usage == 300);
    CHECK(s.memory_stats.max_usage == 400);
    CHECK(s.memory_stats.limit == 1000);
    CHECK(s.memory_stats.stats.at("cache") == 50);
    REQUIRE(s.blkio_stats.io_service_bytes_recursive.size() == 4);
    CHECK(s.blkio_stats.io_service_bytes_recursive[1].op == "Write");
    CHECK(s.blkio_stats.io_service_bytes_recursive[3].minor == 16);
    CHECK(s.blkio_stats.io_serviced_recursive.size() == 1);
    REQUIRE(s.networks.size() == 2);
    CHECK(s.networks.at("eth0").tx_packets == 2);
    CHECK(s.networks.at("eth1").rx_bytes == 5);
    CHECK(s.raw.at("num_procs") == 0);
}

TEST_CASE("CPU percent as docker stats computes it", "[models][stats]") {
    ContainerStats s = parse(v1_sample);
    // (1e9 / 1e10) * 4 CPUs * 100
    CHECK(near(docker::cpu_percent(s), 40.0));

    SECTION("without online_cpus the per-CPU list counts the CPUs") {
        s.cpu_stats.online_cpus = 0;
        CHECK(near(docker::cpu_percent(s), 20.0));
    }
    SECTION("no previous sample (one-shot): system delta not positive, 0") {
        s.precpu_stats = docker::CpuStats{};
        s.precpu_stats.system_cpu_usage = s.cpu_stats.system_cpu_usage;
        CHECK(docker::cpu_percent(s) == 0.0);
    }
    SECTION("an idle container: no CPU delta, 0") {
        s.cpu_stats.cpu_usage.total_usage = s.precpu_stats.cpu_usage.total_usage;
        CHECK(docker::cpu_percent(s) == 0.0);
    }
    SECTION("a counter that went backwards (container restarted) is no negative percentage") {
        s.cpu_stats.cpu_usage.total_usage = 1;
        CHECK(docker::cpu_percent(s) == 0.0);
    }
}

TEST_CASE("the spec's example sample", "[models][stats]") {
    // From the ContainerStats example of the Engine API spec.
    ContainerStats s = parse(R"({
      "memory_stats": {"stats": {"total_inactive_file": 0, "inactive_file": 0, "cache": 0},
                       "max_usage": 6651904, "usage": 6537216, "failcnt": 0, "limit": 67108864},
      "cpu_stats": {"cpu_usage": {"percpu_usage": [8646879, 24472255, 36438778, 30657443],
                                   "usage_in_usermode": 50000000, "total_usage": 100215355,
                                   "usage_in_kernelmode": 30000000},
                    "system_cpu_usage": 739306590000000, "online_cpus": 4},
      "precpu_stats": {"cpu_usage": {"percpu_usage": [8646879, 24350896, 36438778, 30657443],
                                      "usage_in_usermode": 50000000, "total_usage": 100093996,
                                      "usage_in_kernelmode": 30000000},
                       "system_cpu_usage": 9492140000000, "online_cpus": 4}})");
    double expected_cpu = (100215355.0 - 100093996.0) / (739306590000000.0 - 9492140000000.0) * 4 * 100;
    CHECK(near(docker::cpu_percent(s), expected_cpu));
    CHECK(docker::memory_used(s) == 6537216);
    CHECK(near(docker::memory_percent(s), 6537216.0 / 67108864.0 * 100));
}

TEST_CASE("memory used leaves out the inactive page cache, as docker stats does", "[models][stats]") {
    ContainerStats s = parse(v1_sample);

    SECTION("cgroup v1: usage minus total_inactive_file") {
        CHECK(docker::memory_used(s) == 200);
        CHECK(near(docker::memory_percent(s), 20.0));
    }
    SECTION("cgroup v1 with total_inactive_file not below usage: then inactive_file") {
        s.memory_stats.stats["total_inactive_file"] = 300;
        CHECK(docker::memory_used(s) == 280);
    }
    SECTION("cgroup v2: usage minus inactive_file") {
        s.memory_stats.stats = {{"anon", 100}, {"file", 150}, {"inactive_file", 120}};
        CHECK(docker::memory_used(s) == 180);
        CHECK(near(docker::memory_percent(s), 18.0));
    }
    SECTION("cgroup v2 with inactive_file not below usage: the whole usage") {
        s.memory_stats.stats = {{"inactive_file", 300}};
        CHECK(docker::memory_used(s) == 300);
    }
    SECTION("no memory.stat at all: the whole usage") {
        s.memory_stats.stats.clear();
        CHECK(docker::memory_used(s) == 300);
    }
    SECTION("no limit reported: 0 percent, not a division by zero") {
        s.memory_stats.limit = 0;
        CHECK(docker::memory_percent(s) == 0.0);
    }
}

TEST_CASE("block and network I/O totals", "[models][stats]") {
    ContainerStats s = parse(v1_sample);
    auto blk = docker::block_io(s);
    CHECK(blk.read == 4106);  // both devices; "Total" is not read or write
    CHECK(blk.write == 1024);
    auto net = docker::network_io(s);
    CHECK(net.rx_bytes == 15);
    CHECK(net.tx_bytes == 27);

    SECTION("cgroup v2 spells the ops in lower case") {
        s.blkio_stats.io_service_bytes_recursive = {{8, 0, "read", 7}, {8, 0, "write", 9}};
        CHECK(docker::block_io(s).read == 7);
        CHECK(docker::block_io(s).write == 9);
    }
}

TEST_CASE("a stopped container's sample: zeros and nulls read without error", "[models][stats]") {
    ContainerStats s = parse(R"({"read": "0001-01-01T00:00:00Z", "pids_stats": {}, "networks": null,
      "blkio_stats": {"io_service_bytes_recursive": null}, "cpu_stats": {"cpu_usage": {"total_usage": 0},
      "throttling_data": {}}, "precpu_stats": {"cpu_usage": {"total_usage": 0}}, "memory_stats": {}})");
    CHECK(docker::cpu_percent(s) == 0.0);
    CHECK(docker::memory_used(s) == 0);
    CHECK(docker::memory_percent(s) == 0.0);
    CHECK(s.networks.empty());
}

}  // namespace models_stats_test
