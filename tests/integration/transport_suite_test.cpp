// The representative suite, run once per transport: scripts/test.sh runs
// `integration_tests "[transport-suite]"` with DOCKER_CPP_TEST_HOST set to the unix socket,
// to the TLS listener (with DOCKER_TLS_VERIFY and DOCKER_CERT_PATH) and to an ssh:// host.
// Nothing here knows which transport it has: that is the point.

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "integration/engine.hpp"
#include "support/catch.hpp"

// A namespace per test file: test files are compiled in batches (unity build).
namespace integration_transport_suite_test {
using namespace docker;
using docker::test::busybox;
using docker::test::ContainerGuard;
using docker::test::engine;
using docker::test::unique_name;

namespace {

// Deterministic bytes, regenerated on both ends so 100 MiB is never held in memory.
struct Pattern {
    std::mt19937_64 rng{42};
    std::uint64_t word = 0;
    int left = 0;
    char next() {
        if (left == 0) {
            word = rng();
            left = 8;
        }
        char c = static_cast<char>(word & 0xff);
        word >>= 8;
        --left;
        return c;
    }
};

}  // namespace

TEST_CASE("suite: ping, version, and the transport in use", "[integration][transport-suite]") {
    Client client = test::make_client();
    INFO("host " << client.endpoint().to_string() << (client.connection().tls ? " with TLS" : ""));
    CHECK(client.system().ping().api_version.size() >= 4);
    CHECK_FALSE(client.system().version().version.empty());
    // Pooled connections are reused over every transport.
    client.system().ping();
    CHECK(client.idle_connections() >= 1);
}

TEST_CASE("suite: pull from the local registry", "[integration][transport-suite]") {
    Client client = test::make_client();
    std::string image = engine().registry + "/busybox";
    test::ImageGuard guard(client, image + ":latest");
    int events = 0;
    client.images().pull(image, "latest", [&](const ProgressEvent&) { ++events; });
    CHECK(events > 0);
    CHECK_FALSE(client.images().inspect(image + ":latest").id.empty());
}

TEST_CASE("suite: create, start, wait, logs", "[integration][transport-suite]") {
    Client client = test::make_client();
    auto created = client.containers().create(busybox({"sh", "-c", "echo out; echo err >&2; exit 7"}));
    ContainerGuard guard(client, created.id);
    client.containers().start(created.id);
    CHECK(client.containers().wait(created.id).status_code == 7);
    auto output = client.containers().logs_text(created.id);
    CHECK(output.out == "out\n");
    CHECK(output.err == "err\n");
}

TEST_CASE("suite: exec with stdin half-closed", "[integration][transport-suite]") {
    Client client = test::make_client();
    auto created = client.containers().create(busybox({"sleep", "300"}));
    ContainerGuard guard(client, created.id);
    client.containers().start(created.id);

    ExecConfig config;
    config.cmd = {"sh", "-c", "wc -c; echo done >&2"};
    config.attach_stdin = true;
    config.attach_stdout = true;
    config.attach_stderr = true;
    auto exec = client.exec().create(created.id, config);
    AttachedStream stream = client.exec().start(exec.id, false, std::chrono::seconds(60));
    std::string input(300000, 'x');
    stream.write(input);
    stream.close_stdin();  // over TLS: close_notify; over ssh: EOF on ssh's stdin
    std::string out, err;
    for (const LogFrame& frame : stream) (frame.is_stderr() ? err : out) += frame.data;
    CHECK(out == "300000\n");
    CHECK(err == "done\n");
    CHECK(client.exec().wait_exit_code(exec.id) == 0);
}

TEST_CASE("suite: archive of 100 MiB in and out", "[integration][transport-suite]") {
    constexpr std::uint64_t size = 100ull * 1024 * 1024;
    Client client = test::make_client();
    auto created = client.containers().create(busybox({"true"}));
    ContainerGuard guard(client, created.id);

    TarEntry entry;
    entry.name = "big.bin";
    entry.size = size;
    entry.mtime = 1700000000;
    std::string head = detail::tar_header(entry);
    std::uint64_t total = head.size() + size + 1024, sent = 0;
    Pattern out_pattern;
    http::BodySource source = [&](char* buffer, std::size_t capacity) {
        std::size_t n = 0;
        while (n < capacity && sent < total) {
            if (sent < head.size()) buffer[n] = head[sent];
            else if (sent < head.size() + size) buffer[n] = out_pattern.next();
            else buffer[n] = '\0';
            ++n;
            ++sent;
        }
        return n;
    };
    client.containers().put_archive(created.id, "/tmp", source, total);

    Pattern in_pattern;
    std::uint64_t received = 0, mismatches = 0;
    stream::TarReader reader(stream::TarHandler{nullptr,
                                [&](std::string_view data) {
                                    for (char c : data)
                                        if (c != in_pattern.next()) ++mismatches;
                                    received += data.size();
                                },
                                nullptr});
    PathStat stat = client.containers().get_archive(created.id, "/tmp/big.bin",
                                                    [&](std::string_view piece) { reader.feed(piece); });
    reader.finish();
    CHECK(stat.size == static_cast<std::int64_t>(size));
    CHECK(received == size);
    CHECK(mismatches == 0);
}

TEST_CASE("suite: events of a container's life", "[integration][transport-suite]") {
    Client client = test::make_client();
    std::string label = unique_name("suite-events");
    EventsOptions options;
    options.since = std::chrono::system_clock::now();
    options.filters = {{"type", {"container"}}, {"label", {"dcpp.suite=" + label}}};
    options.timeout = std::chrono::seconds(30);
    auto events = client.system().events(options);

    ContainerConfig config = busybox({"true"});
    config.labels["dcpp.suite"] = label;
    auto created = client.containers().create(config);
    {
        ContainerGuard guard(client, created.id);
        client.containers().start(created.id);
        client.containers().wait(created.id);
    }
    std::vector<std::string> actions;
    EventMessage e;
    while (events.next(e)) {
        actions.push_back(e.action);
        if (e.action == "destroy") break;
    }
    CHECK(actions == std::vector<std::string>{"create", "start", "die", "destroy"});
}

}  // namespace integration_transport_suite_test
