// Time to a ready container: docker::testing::Container::start with a log wait, against
// the docker CLI doing the same (`docker run -d` then `docker logs` in a loop until the
// line shows). Two services: busybox printing "ready", and Redis (the image
// examples/testcontainers builds offline) until "Ready to accept connections" — the SDK
// also waits for the port there, the CLI loop only for the line. Median of N runs each
// (default 10); removal is not timed.
//
//   ready_bench [SOCKET] [--runs N]      SOCKET: unix:///path; else DOCKER_CPP_TEST_HOST

#include "median.hpp"
#include "redis.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <unistd.h>

namespace {

using Clock = std::chrono::steady_clock;
namespace dt = docker::testing;

double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

std::string docker_cli() {
    for (const char* path : {"/usr/local/bin/docker", "/usr/bin/docker"})
        if (::access(path, X_OK) == 0) return path;
    return {};
}

std::string quote(const std::string& word) {
    std::string out = "'";
    for (char c : word) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

// docker run -d ARGS, then docker logs until `line` shows; returns the seconds it took.
double cli_ready(const std::string& cli, const std::string& run_args, const std::string& line) {
    auto start = Clock::now();
    std::string id = redis_example::run_command(cli + " run -d --label " + dt::session_label + "=" + dt::session_id() +
                                                " " + run_args);
    while (!id.empty() && (id.back() == '\n' || id.back() == '\r')) id.pop_back();
    if (id.empty()) throw std::runtime_error("docker run failed: " + run_args);
    std::string logs_cmd = cli + " logs " + id + " 2>&1 | grep -q " + quote(line);
    auto deadline = start + std::chrono::seconds(60);
    while (std::system(logs_cmd.c_str()) != 0)
        if (Clock::now() > deadline) throw std::runtime_error("docker logs never showed " + line);
    double took = seconds_since(start);
    redis_example::run_command(cli + " rm -f " + id + " >/dev/null 2>&1");
    return took;
}

void report(const char* what, const std::vector<double>& sdk, const std::vector<double>& cli) {
    std::printf("%-34s docker-cpp %7.3f s   docker CLI %7.3f s   (median of %zu)\n", what, bench::median(sdk),
                cli.empty() ? 0.0 : bench::median(cli), sdk.size());
}

}  // namespace

int main(int argc, char** argv) try {
    std::string host;
    int runs = 10;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        if (a == "--runs" && i + 1 < argc) runs = std::atoi(argv[++i]);
        else host = a;
    }
    if (host.empty() && std::getenv("DOCKER_CPP_TEST_HOST")) host = std::getenv("DOCKER_CPP_TEST_HOST");
    if (host.empty()) {
        std::printf("ready_bench: no engine (give a socket or set DOCKER_CPP_TEST_HOST); skipped\n");
        return 0;
    }
    if (host[0] == '/') host = "unix://" + host;
    const char* image_env = std::getenv("DOCKER_CPP_TEST_IMAGE");
    std::string busybox = image_env && *image_env ? image_env : "busybox:latest";
    docker::Client client(host);
    std::string cli = docker_cli();
    ::setenv("DOCKER_HOST", host.c_str(), 1);  // for the CLI
    std::string redis_image = redis_example::ensure_redis_image(client);
    dt::Network net = dt::Network::create(client);  // publishing needs a network (the engine may lack a bridge)

    std::vector<double> sdk_busybox, cli_busybox, sdk_redis, cli_redis;
    for (int i = 0; i < runs; ++i) {
        dt::ContainerSpec spec(busybox);
        spec.cmd = {"sh", "-c", "echo ready; exec sleep 600"};
        spec.pull = dt::PullPolicy::never;
        spec.with_wait(dt::wait::for_log("ready"));
        auto start = Clock::now();
        { auto c = dt::Container::start(client, spec); sdk_busybox.push_back(seconds_since(start)); }

        auto redis = redis_example::redis_spec(redis_image);
        redis.network = net.name();
        start = Clock::now();
        { auto c = dt::Container::start(client, redis); sdk_redis.push_back(seconds_since(start)); }

        if (!cli.empty()) {
            cli_busybox.push_back(cli_ready(cli, quote(busybox) + " sh -c 'echo ready; exec sleep 600'", "ready"));
            std::string args = "--network " + net.name() + " -p 127.0.0.1::6379 " + redis_image;
            for (const auto& a : redis.cmd) args += " " + quote(a);
            cli_redis.push_back(cli_ready(cli, args, "Ready to accept connections"));
        }
    }
    std::printf("time to a ready container (start → wait met), %d runs%s\n", runs,
                cli.empty() ? "; no docker CLI found, its column is 0" : "");
    report("busybox, log wait", sdk_busybox, cli_busybox);
    report("redis, log + port wait (CLI: log)", sdk_redis, cli_redis);
    return 0;
} catch (const std::exception& e) {
    std::fprintf(stderr, "ready_bench: %s\n", e.what());
    return 1;
}
