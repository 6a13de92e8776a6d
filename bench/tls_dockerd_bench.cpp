// TLS against no TLS on a real dockerd, side by side in one run: the logs of containers that
// wrote 1 GiB in all, streamed over the engine's TLS listener (tcp:// + mutual TLS) and over
// its unix socket, and a GET /_ping loop over both. dockerd serves TLS on every tcp://
// listener once --tlsverify is set, so the side without TLS is the unix socket, which costs
// less than plain TCP: a stricter baseline than the plain tcp://.
//
//   tls_dockerd_bench [--mib N] [--rounds R] [--pings N]
//
// The engine comes from the environment scripts/engine.sh writes (DOCKER_CPP_ENGINE_TLS=1):
// DOCKER_CPP_TEST_HOST, DOCKER_CPP_TEST_TLS_HOST, DOCKER_CPP_TEST_TLS_CERT_PATH,
// DOCKER_CPP_TEST_IMAGE. Each of R containers writes N/R MiB of ~100-byte lines and exits;
// round r streams container r's log over both, in alternating order.
// Target: the TLS stream within 1.5x of the other's time, peak RSS growth <= 8 MiB for both.

#include <docker/docker.hpp>

#ifndef DOCKER_CPP_OPENSSL
#include <cstdio>
int main() {
    std::printf("tls_dockerd_bench: built without OpenSSL, nothing to compare\n");
    return 0;
}
#else

#include <docker/testing.hpp>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "canned_server.hpp"

namespace {

using Clock = std::chrono::steady_clock;
namespace dt = docker::testing;

std::string env(const char* name) {
    const char* value = std::getenv(name);
    return value ? value : "";
}

struct Figures {
    double stream_seconds = 0;
    double stream_cpu_seconds = 0;
    long stream_rss_kib = 0;  // the largest growth of any one stream
    std::uint64_t payload = 0;
    double ping_seconds = 0;
    int pings = 0;
};

void stream_logs(docker::Client& client, const std::string& id, Figures& f) {
    bool reset = bench::reset_peak_rss();
    long base = reset ? bench::status_kib("VmHWM") : bench::status_kib("VmRSS");
    auto start = Clock::now();
    double cpu = bench::cpu_seconds();
    docker::LogsOptions options;
    options.include_stderr = false;
    auto logs = client.containers().logs(id, options);
    docker::LogFrame frame;
    while (logs.next(frame)) f.payload += frame.data.size();
    f.stream_seconds += std::chrono::duration<double>(Clock::now() - start).count();
    f.stream_cpu_seconds += bench::cpu_seconds() - cpu;
    f.stream_rss_kib = std::max(f.stream_rss_kib, bench::status_kib("VmHWM") - base);
}

void ping_loop(docker::Client& client, int pings, Figures& f) {
    auto start = Clock::now();
    for (int i = 0; i < pings; ++i) client.system().ping();
    f.ping_seconds += std::chrono::duration<double>(Clock::now() - start).count();
    f.pings += pings;
}

}  // namespace

static int run(int argc, char** argv) {
    const char* usage = "usage: %s [--mib N] [--rounds R] [--pings N]\n";
    std::uint64_t total_mib = 1024;
    int rounds = 2, pings = 4000;
    for (int i = 1; i < argc; ++i) {
        std::string flag = argv[i];
        if (i + 1 >= argc) {
            std::fprintf(stderr, usage, argv[0]);
            return 2;
        }
        const char* value = argv[++i];
        if (flag == "--mib") total_mib = std::strtoull(value, nullptr, 10);
        else if (flag == "--rounds") rounds = std::atoi(value);
        else if (flag == "--pings") pings = std::atoi(value);
        else {
            std::fprintf(stderr, usage, argv[0]);
            return 2;
        }
    }
    if (rounds < 1 || total_mib < static_cast<std::uint64_t>(rounds)) {
        std::fprintf(stderr, usage, argv[0]);
        return 2;
    }
    std::string plain_host = env("DOCKER_CPP_TEST_HOST"), tls_host = env("DOCKER_CPP_TEST_TLS_HOST"),
                certs = env("DOCKER_CPP_TEST_TLS_CERT_PATH"), image = env("DOCKER_CPP_TEST_IMAGE");
    if (plain_host.empty() || tls_host.empty() || certs.empty()) {
        std::printf("tls_dockerd_bench: no engine with a TLS listener in the environment "
                    "(DOCKER_CPP_TEST_HOST, DOCKER_CPP_TEST_TLS_HOST, DOCKER_CPP_TEST_TLS_CERT_PATH): skipped\n");
        return 0;
    }
    if (image.empty()) image = "busybox:latest";
    std::setvbuf(stdout, nullptr, _IOLBF, 0);

    docker::ClientOptions plain_options;
    plain_options.host = plain_host;
    docker::Client plain_client(plain_options);
    docker::ClientOptions tls_options;
    tls_options.host = tls_host;
    docker::TlsOptions tls;
    tls.ca_file = certs + "/ca.pem";
    tls.cert_file = certs + "/cert.pem";
    tls.key_file = certs + "/key.pem";
    tls_options.tls = tls;
    docker::Client tls_client(tls_options);
    plain_client.system().ping();  // connect (and negotiate) outside the measurement
    tls_client.system().ping();

    // The writers: lines of 100 bytes, as a chatty service logs, each container its share.
    std::uint64_t share = (total_mib << 20) / static_cast<std::uint64_t>(rounds);
    std::string line(99, 'x');
    for (std::size_t i = 0; i < line.size(); ++i) line[i] = static_cast<char>('a' + i % 26);
    std::vector<dt::Container> writers;
    auto write_start = Clock::now();
    for (int r = 0; r < rounds; ++r) {
        dt::ContainerSpec spec(image);
        spec.with_cmd({"sh", "-c", "yes " + line + " | head -c " + std::to_string(share)})
            .with_wait(dt::wait::for_exit(0), std::chrono::minutes(10));
        writers.push_back(dt::Container::start(plain_client, spec));
    }
    std::printf("%d containers wrote %llu MiB of log lines in %.1f s\n", rounds,
                static_cast<unsigned long long>(total_mib),
                std::chrono::duration<double>(Clock::now() - write_start).count());

    Figures unix_figures, tls_figures;
    for (int r = 0; r < rounds; ++r) {
        const std::string& id = writers[static_cast<std::size_t>(r)].id();
        bool tls_first = r % 2 == 1;
        if (tls_first) stream_logs(tls_client, id, tls_figures);
        stream_logs(plain_client, id, unix_figures);
        if (!tls_first) stream_logs(tls_client, id, tls_figures);
    }
    for (int r = 0; r < rounds; ++r) {
        bool tls_first = r % 2 == 1;
        if (tls_first) ping_loop(tls_client, pings / rounds, tls_figures);
        ping_loop(plain_client, pings / rounds, unix_figures);
        if (!tls_first) ping_loop(tls_client, pings / rounds, tls_figures);
    }

    std::uint64_t expected = share * static_cast<std::uint64_t>(rounds);
    auto report = [&](const char* name, const Figures& f) {
        std::printf("%-12s log stream %llu MiB: %6.1f MB/s (%.2f s wall, %.2f s client CPU), peak RSS growth %.2f MiB; "
                    "/_ping loop: %6.0f req/s%s\n",
                    name, static_cast<unsigned long long>(total_mib), static_cast<double>(f.payload) / f.stream_seconds / 1e6,
                    f.stream_seconds, f.stream_cpu_seconds, static_cast<double>(f.stream_rss_kib) / 1024.0,
                    f.pings / f.ping_seconds, f.payload == expected ? "" : "  WRONG BYTE COUNT");
    };
    report("dockerd unix", unix_figures);
    report("dockerd TLS", tls_figures);
    double ratio = tls_figures.stream_seconds / unix_figures.stream_seconds;
    bool ok = unix_figures.payload == expected && tls_figures.payload == expected && ratio <= 1.5 &&
              unix_figures.stream_rss_kib <= 8 * 1024 && tls_figures.stream_rss_kib <= 8 * 1024;
    std::printf("dockerd: TLS stream time / unix socket: %.2fx wall (target <= 1.5x), %.2fx client CPU; "
                "/_ping TLS / unix: %.2f; %d rounds; %s\n",
                ratio, tls_figures.stream_cpu_seconds / unix_figures.stream_cpu_seconds,
                (tls_figures.pings / tls_figures.ping_seconds) / (unix_figures.pings / unix_figures.ping_seconds), rounds,
                ok ? "ok" : "MISSED");
    return ok ? 0 : 2;
}

int main(int argc, char** argv) { return bench::main_reporting_errors(run, argc, argv); }

#endif
