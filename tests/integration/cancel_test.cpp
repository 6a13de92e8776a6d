// Cancellation from another thread and daemon-bounded waits, on the real engine: every
// blocking call (wait, follow-mode logs, events, stats, build progress, a hijacked exec)
// ends with docker::Cancelled soon after CancelToken::cancel(), and the client goes on.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include "integration/engine.hpp"
#include "support/catch.hpp"

// A namespace per test file: test files are compiled in batches (unity build).
namespace integration_cancel_test {
using namespace std::chrono_literals;
using docker::CancelToken;
using docker::Client;

namespace {

using Clock = std::chrono::steady_clock;

class CancelLater {
public:
    CancelLater(CancelToken token, std::chrono::milliseconds delay)
        : thread_([token, delay]() mutable {
              std::this_thread::sleep_for(delay);
              token.cancel();
          }) {}
    ~CancelLater() { thread_.join(); }

private:
    std::thread thread_;
};

// A container that runs quietly until removed (PID 1 ignores SIGTERM: stop waits the grace).
std::string quiet_container(Client& client, std::optional<int> stop_timeout = {}) {
    docker::ContainerConfig config;
    config.image = docker::test::engine().image;
    config.cmd = {"sh", "-c", "while true; do sleep 1; done"};
    config.stop_timeout = stop_timeout;
    auto created = client.containers().create(config);
    client.containers().start(created.id);
    return created.id;
}

// Runs `call` expecting Cancelled, with a cancel 200 ms in; ended within `bound` (the call
// would otherwise have run for much longer).
template <class F>
void expect_cancelled(CancelToken token, F&& call) {
    auto start = Clock::now();
    {
        CancelLater later(token, 200ms);
        CHECK_THROWS_AS(call(), docker::Cancelled);
    }
    CHECK(Clock::now() - start < 10s);
}

}  // namespace

TEST_CASE("cancel on the engine: wait", "[integration][cancel]") {
    Client client = docker::test::make_client();
    docker::test::ContainerGuard guard(client, quiet_container(client));
    CancelToken token;
    docker::CallOptions call;
    call.cancel = token;
    expect_cancelled(token, [&] { client.containers().wait(guard.id(), docker::WaitCondition::not_running, {}, call); });
    CHECK(client.idle_connections() <= 1);
    CHECK(client.containers().inspect(guard.id()).state.running);  // the client goes on
}

TEST_CASE("cancel on the engine: follow-mode logs", "[integration][cancel]") {
    Client client = docker::test::make_client();
    docker::test::ContainerGuard guard(client, quiet_container(client));
    CancelToken token;
    docker::LogsOptions options;
    options.follow = true;
    options.call.cancel = token;
    auto logs = client.containers().logs(guard.id(), options);
    docker::LogFrame frame;
    expect_cancelled(token, [&] { logs.next(frame); });
}

TEST_CASE("cancel on the engine: events", "[integration][cancel]") {
    Client client = docker::test::make_client();
    CancelToken token;
    docker::EventsOptions options;
    options.filters = {{"label", {"nothing=" + docker::test::unique_name("never")}}};
    options.call.cancel = token;
    auto events = client.system().events(options);
    docker::EventMessage event;
    expect_cancelled(token, [&] { events.next(event); });
}

TEST_CASE("cancel on the engine: a stats stream", "[integration][cancel]") {
    Client client = docker::test::make_client();
    docker::test::ContainerGuard guard(client, quiet_container(client));
    CancelToken token;
    docker::CallOptions call;
    call.cancel = token;
    auto stats = client.containers().stats_stream(guard.id(), {}, call);
    docker::ContainerStats sample;
    expect_cancelled(token, [&] {
        for (;;) stats.next(sample);  // a sample a second until the cancel
    });
}

TEST_CASE("cancel on the engine: build progress", "[integration][cancel]") {
    Client client = docker::test::make_client();
    std::string dockerfile = "FROM " + docker::test::engine().image + "\nRUN sleep 60\n";
    // A one-file tar context, built by hand (Dockerfile, 512-byte header).
    std::string tar(512, '\0');
    std::memcpy(&tar[0], "Dockerfile", 10);
    std::memcpy(&tar[100], "0000644", 7);
    std::memcpy(&tar[108], "0000000", 7);
    std::memcpy(&tar[116], "0000000", 7);
    char size[12];
    std::snprintf(size, sizeof size, "%011o", static_cast<unsigned>(dockerfile.size()));
    std::memcpy(&tar[124], size, 11);
    std::memcpy(&tar[136], "00000000000", 11);
    tar[156] = '0';
    std::memcpy(&tar[257], "ustar\0" "00", 8);
    std::memset(&tar[148], ' ', 8);
    unsigned sum = 0;
    for (unsigned char c : tar) sum += c;
    char check[8];
    std::snprintf(check, sizeof check, "%06o", sum);
    std::memcpy(&tar[148], check, 7);
    tar += dockerfile + std::string(512 - dockerfile.size() % 512, '\0') + std::string(1024, '\0');
    auto offset = std::make_shared<std::size_t>(0);
    docker::http::BodySource source = [tar, offset](char* buffer, std::size_t capacity) {
        std::size_t n = std::min(capacity, tar.size() - *offset);
        std::memcpy(buffer, tar.data() + *offset, n);
        *offset += n;
        return n;
    };
    CancelToken token;
    docker::BuildOptions options;
    options.call.cancel = token;
    expect_cancelled(token, [&] { client.images().build(source, tar.size(), options); });
}

TEST_CASE("cancel on the engine: a hijacked exec", "[integration][cancel]") {
    Client client = docker::test::make_client();
    docker::test::ContainerGuard guard(client, quiet_container(client));
    docker::ExecConfig config;
    config.cmd = {"cat"};
    config.attach_stdin = true;
    config.attach_stdout = true;
    config.attach_stderr = true;
    auto exec = client.exec().create(guard.id(), config);
    CancelToken token;
    docker::CallOptions call;
    call.cancel = token;
    docker::AttachedStream stream = client.exec().start(exec.id, false, {}, call);
    docker::LogFrame frame;
    expect_cancelled(token, [&] { stream.next(frame); });
}

TEST_CASE("cancel on the engine: stop follows the container's StopTimeout", "[integration][cancel]") {
    // StopTimeout 12 s through a client whose read timeout is 1 s: the daemon answers after
    // 12 s; a fixed 10 s grace would have timed out at 11 s.
    Client helper = docker::test::make_client();
    docker::test::ContainerGuard guard(helper, quiet_container(helper, 12));
    docker::ClientOptions options;
    options.host = docker::test::engine().host;
    options.read_timeout = 1s;
    Client client(options);
    CHECK(client.containers().stop(guard.id()));
    CHECK_FALSE(client.containers().inspect(guard.id()).state.running);
}

}  // namespace integration_cancel_test
