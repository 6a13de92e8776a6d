// The reaper on the real engine: a child test process is SIGKILLed in the middle of a test,
// and its containers, networks and volumes must be gone within 10 seconds.

#include "support/catch.hpp"

#include "integration/engine.hpp"
#include "support/temp_dir.hpp"

#include <docker/testing.hpp>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <thread>

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;  // the process environment, handed on to the spawned child

// A namespace per test file: test files are compiled in batches (unity build).
namespace integration_testing_reaper_test {

using namespace docker;
using namespace std::chrono_literals;

namespace {

constexpr const char* ready_file_variable = "DOCKER_CPP_CRASH_CHILD_READY_FILE";

struct SessionObjects {
    std::size_t containers = 0;
    std::size_t networks = 0;
    std::size_t volumes = 0;
    std::size_t total() const { return containers + networks + volumes; }
};

SessionObjects list_session(Client& client, const std::string& session) {
    SessionObjects found;
    ContainerListOptions all;
    all.all = true;
    all.filters = testing::session_filter(session);
    found.containers = client.containers().list(all).size();
    found.networks = client.networks().list(testing::session_filter(session)).size();
    found.volumes = client.volumes().list(testing::session_filter(session)).volumes.size();
    return found;
}

std::string read_file(const std::string& path) {
    std::ifstream in(path);
    std::string text;
    std::getline(in, text);
    return text;
}

}  // namespace

// Run only by the crash test below, in a child process: creates one of each object, says
// so, and waits to be killed.
TEST_CASE("testing: crash child (started by the reaper test)", "[.crash-child]") {
    const char* ready_file = std::getenv(ready_file_variable);
    if (!ready_file) return;
    Client client = test::make_client();
    testing::Network net = testing::Network::create(client);
    testing::ContainerSpec spec(test::engine().image);
    spec.cmd = {"sleep", "600"};
    spec.with_network(net.name(), {"victim"});
    testing::Container on_network = testing::Container::start(client, spec);
    testing::ContainerSpec published(test::engine().image);
    published.cmd = {"sleep", "600"};
    published.with_port("8080");  // on the session network when the daemon has no default bridge
    testing::Container with_port = testing::Container::start(client, published);
    VolumeCreateOptions volume;
    volume.name = testing::session_unique_name("dcpp-vol");
    volume.labels = testing::session_labels();
    client.volumes().create(volume);
    {
        std::ofstream out(std::string(ready_file) + ".tmp");
        out << testing::session_id() << "\n";
    }
    std::rename((std::string(ready_file) + ".tmp").c_str(), ready_file);
    std::this_thread::sleep_for(600s);  // killed long before
}

TEST_CASE("testing: the reaper removes a SIGKILLed test's containers, networks and volumes within 10 s",
          "[integration][testing][reaper]") {
    Client client = test::make_client();
    test::TempDir dir;
    std::string ready_file = dir.path() + "/ready";

    std::vector<std::string> env_strings;
    for (char** e = environ; *e; ++e) env_strings.emplace_back(*e);
    env_strings.push_back(std::string(ready_file_variable) + "=" + ready_file);
    std::vector<char*> envp;
    for (auto& s : env_strings) envp.push_back(s.data());
    envp.push_back(nullptr);
    std::string self = "/proc/self/exe";
    std::string filter = "[.crash-child]";
    char* argv[] = {self.data(), filter.data(), nullptr};
    pid_t child = 0;
    REQUIRE(posix_spawn(&child, self.c_str(), nullptr, nullptr, argv, envp.data()) == 0);

    auto started = std::chrono::steady_clock::now();
    std::string session;
    while (session.empty() && std::chrono::steady_clock::now() - started < 120s) {
        int status = 0;
        if (waitpid(child, &status, WNOHANG) == child) FAIL("the child test ended before it was ready");
        session = read_file(ready_file);
        if (session.empty()) std::this_thread::sleep_for(100ms);
    }
    if (session.empty()) {
        kill(child, SIGKILL);
        waitpid(child, nullptr, 0);
        FAIL("the child test did not get ready");
    }
    SessionObjects before = list_session(client, session);
    CHECK(before.containers == 2);
    CHECK(before.networks >= 1);  // its own, plus the session's when there is no default bridge
    CHECK(before.volumes == 1);

    REQUIRE(kill(child, SIGKILL) == 0);
    REQUIRE(waitpid(child, nullptr, 0) == child);
    auto killed = std::chrono::steady_clock::now();

    SessionObjects left = list_session(client, session);
    while (left.total() > 0 && std::chrono::steady_clock::now() - killed < 10s) {
        std::this_thread::sleep_for(100ms);
        left = list_session(client, session);
    }
    auto took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - killed);
    WARN("reaper: session " << session << " emptied " << took.count() << " ms after SIGKILL");
    CHECK(left.containers == 0);
    CHECK(left.networks == 0);
    CHECK(left.volumes == 0);
    testing::sweep_session(client, session);  // whatever a failure above left
}

TEST_CASE("testing: DOCKER_CPP_REAPER_DISABLED turns the reaper off", "[integration][testing][reaper]") {
    Client client = test::make_client();
    ::setenv("DOCKER_CPP_REAPER_DISABLED", "1", 1);
    bool started = testing::ensure_reaper(client);
    ::unsetenv("DOCKER_CPP_REAPER_DISABLED");
    CHECK_FALSE(started);
    CHECK(testing::ensure_reaper(client));
}

}  // namespace integration_testing_reaper_test
