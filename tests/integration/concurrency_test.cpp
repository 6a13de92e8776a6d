// One Client shared by several threads: every request must succeed, errors must map as
// usual, and the connection pool must stay within its configured size. Run it under
// ThreadSanitizer too (DOCKER_CPP_TSAN=ON): that is what proves "safe to share".

#include "support/catch.hpp"

#include "integration/engine.hpp"

#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <string>
#include <thread>
#include <vector>
#include <unistd.h>

// A namespace per test file: test files are compiled in batches (unity build).
namespace integration_concurrency_test {
using namespace docker;
using docker::test::engine;
using docker::test::unique_name;

TEST_CASE("one client shared by 8 threads doing mixed requests", "[integration][concurrency]") {
    constexpr int threads = 8;
    constexpr int requests_per_thread = 40;

    ClientOptions options;
    options.host = engine().host;
    options.max_idle_connections = 4;
    options.read_timeout = std::chrono::seconds(60);  // bounded: a hang fails instead of waiting forever
    Client client(options);

    std::mutex failures_mutex;
    std::vector<std::string> failures;  // Catch's assertions are not thread-safe: collect, check after
    std::atomic<int> completed{0};
    std::atomic<std::size_t> most_idle{0};

    auto fail = [&](int thread, int i, const std::string& what) {
        std::lock_guard<std::mutex> lock(failures_mutex);
        failures.push_back("thread " + std::to_string(thread) + " request " + std::to_string(i) + ": " + what);
    };

    auto worker = [&](int thread) {
        for (int i = 0; i < requests_per_thread; ++i) {
            try {
                switch ((thread + i) % 6) {
                case 0: {
                    auto v = client.system().version();
                    if (v.api_version.empty()) fail(thread, i, "version without an API version");
                    break;
                }
                case 1: {
                    auto ping = client.system().ping();
                    if (ping.api_version.empty()) fail(thread, i, "ping without Api-Version");
                    break;
                }
                case 2:
                    client.containers().list();
                    break;
                case 3: {
                    auto image = client.images().inspect(engine().image);
                    if (image.id.empty()) fail(thread, i, "image inspect without an id");
                    break;
                }
                case 4:
                    try {
                        client.containers().inspect(unique_name("missing"));
                        fail(thread, i, "inspect of a missing container succeeded");
                    } catch (const NotFound&) {
                        // expected: the daemon's 404, mapped while other threads use the pool
                    }
                    break;
                case 5: {
                    std::string name = unique_name("concurrent");
                    auto created = client.containers().create(test::busybox({"true"}), name);
                    RemoveContainerOptions remove;
                    remove.force = true;
                    client.containers().remove(created.id, remove);
                    break;
                }
                }
                ++completed;
            } catch (const std::exception& e) {
                fail(thread, i, e.what());
            }
            std::size_t idle = client.idle_connections();
            std::size_t seen = most_idle.load();
            while (idle > seen && !most_idle.compare_exchange_weak(seen, idle)) {
            }
        }
    };

    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t) pool.emplace_back(worker, t);
    for (auto& t : pool) t.join();

    std::string report;
    for (const auto& f : failures) report += f + "\n";
    INFO(report);
    CHECK(failures.empty());
    CHECK(completed.load() == threads * requests_per_thread);
    CHECK(most_idle.load() <= options.max_idle_connections);
    CHECK(client.idle_connections() <= options.max_idle_connections);
    CHECK(client.idle_connections() >= 1);  // connections were kept alive and reused

    // Nothing left behind: no container this process created remains.
    const std::string ours = "dcpp-concurrent-" + std::to_string(::getpid()) + "-";
    ContainerListOptions all;
    all.all = true;
    for (const auto& c : client.containers().list(all))
        for (const auto& n : c.names) CHECK(n.find(ours) == std::string::npos);
}

}  // namespace integration_concurrency_test
