// stats: a live table of containers' CPU, memory, network and block I/O, refreshed in
// place like `docker stats`.
//
//   stats [--count N] CONTAINER...
//   stats --demo       starts a busy container, shows three refreshes, removes it
//                      (what scripts/test.sh runs)
//
// Each refresh takes one sample per container; the daemon spends about a second on each (it
// samples twice, for the CPU figure). Without --count it refreshes until Ctrl-C. On a
// terminal the table is redrawn in place. The daemon comes from DOCKER_HOST; the demo's image
// from EXAMPLE_IMAGE (default busybox:latest, which must be present).

#include <docker/docker.hpp>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>
#include <unistd.h>
#include <vector>

namespace {

std::string human(double bytes) {
    const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
    int unit = 0;
    while (bytes >= 1024 && unit < 4) bytes /= 1024, ++unit;
    char text[32];
    std::snprintf(text, sizeof text, unit ? "%.2f%s" : "%.0f%s", bytes, units[unit]);
    return text;
}

std::string row(const std::string& id, const docker::ContainerStats& s) {
    auto net = docker::network_io(s);
    auto io = docker::block_io(s);
    std::string name = s.name.rfind('/', 0) == 0 ? s.name.substr(1) : s.name;
    char text[256];
    std::snprintf(text, sizeof text, "%-14s %-22s %7.2f%%   %-22s %6.2f%%   %-20s %-20s %s", id.substr(0, 12).c_str(),
                  name.substr(0, 22).c_str(), docker::cpu_percent(s),
                  (human(static_cast<double>(docker::memory_used(s))) + " / " +
                   human(static_cast<double>(s.memory_stats.limit)))
                      .c_str(),
                  docker::memory_percent(s),
                  (human(static_cast<double>(net.rx_bytes)) + " / " + human(static_cast<double>(net.tx_bytes))).c_str(),
                  (human(static_cast<double>(io.read)) + " / " + human(static_cast<double>(io.write))).c_str(),
                  std::to_string(s.pids_stats.current).c_str());
    return text;
}

// Draws `refreshes` tables (0: forever).
void watch(docker::Client& client, const std::vector<std::string>& containers, int refreshes) {
    const bool terminal = ::isatty(STDOUT_FILENO) == 1;
    for (int n = 0; refreshes == 0 || n < refreshes; ++n) {
        std::vector<std::string> rows;
        for (const auto& id : containers) rows.push_back(row(id, client.containers().stats(id)));
        if (terminal) std::cout << "\x1b[H\x1b[2J";  // home, clear: redraw in place
        std::printf("%-14s %-22s %8s   %-22s %7s   %-20s %-20s %s\n", "CONTAINER ID", "NAME", "CPU %",
                    "MEM USAGE / LIMIT", "MEM %", "NET I/O", "BLOCK I/O", "PIDS");
        for (const auto& r : rows) std::printf("%s\n", r.c_str());
        std::fflush(stdout);
    }
}

int demo(docker::Client& client) {
    const char* image_env = std::getenv("EXAMPLE_IMAGE");
    docker::ContainerConfig config;
    config.image = image_env && *image_env ? image_env : "busybox:latest";
    config.cmd = {"sh", "-c", "while :; do :; done"};  // keeps one CPU busy
    auto created = client.containers().create(config);
    docker::RemoveContainerOptions force;
    force.force = true;
    try {
        client.containers().start(created.id);
        watch(client, {created.id}, 3);
    } catch (...) {
        client.containers().remove(created.id, force);
        throw;
    }
    client.containers().remove(created.id, force);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> containers;
    int count = 0;
    bool run_demo = false, bad = false;
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--count") && i + 1 < argc) count = std::atoi(argv[++i]);
        else if (!std::strcmp(argv[i], "--demo")) run_demo = true;
        else if (argv[i][0] != '-') containers.push_back(argv[i]);
        else bad = true;
    }
    if (bad || count < 0 || run_demo == !containers.empty()) {
        std::cerr << "usage: stats [--count N] CONTAINER... | stats --demo\n";
        return 2;
    }
    try {
        docker::Client client;
        if (run_demo) return demo(client);
        watch(client, containers, count);
        return 0;
    } catch (const docker::Error& e) {
        std::cerr << "stats: " << e.what() << '\n';
        return 1;
    }
}
