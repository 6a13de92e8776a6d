// The container endpoints against the real engine.
// covers: ContainerCreate, ContainerInspect, ContainerList, ContainerStart, ContainerStop, ContainerRestart, ContainerKill, ContainerPause, ContainerUnpause, ContainerRename, ContainerWait, ContainerLogs, ContainerDelete (real engine)

#include "support/catch.hpp"

#include "integration/engine.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <exception>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <thread>

// A namespace per test file: test files are compiled in batches (unity build).
namespace integration_containers_test {
using namespace docker;
using docker::test::ContainerGuard;
using docker::test::busybox;
using docker::test::engine;
using docker::test::unique_name;

namespace {

std::string temp_dir() {
    char pattern[] = "/tmp/dcpp-bind-XXXXXX";
    char* dir = ::mkdtemp(pattern);
    REQUIRE(dir != nullptr);
    ::chmod(dir, 0777);  // the container's user may differ from ours
    return dir;
}

std::string read_file(const std::string& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

// Starts `id` while another client already waits on it with `condition`, and returns what
// that wait answered. The waiter gets a moment to register first; a wait that arrives late
// on an exited container answers too, so the result is valid either way.
ContainerWaitResponse start_while_waiting(Client& client, const std::string& id, WaitCondition condition) {
    ContainerWaitResponse result;
    std::exception_ptr failure;
    std::thread waiter([&] {
        try {
            Client own = test::make_client();
            result = own.containers().wait(id, condition);
        } catch (...) {
            failure = std::current_exception();
        }
    });
    test::JoinOnExit join(waiter);
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    client.containers().start(id);
    waiter.join();
    if (failure) std::rethrow_exception(failure);
    return result;
}

}  // namespace

TEST_CASE("create with a name and a typed config; inspect shows it back", "[integration][containers]") {
    Client client = test::make_client();
    std::string name = unique_name("create");
    std::string bind_dir = temp_dir();

    ContainerConfig config = busybox({"sh", "-c", "pwd > /data/pwd; id -u > /data/uid; echo $GREETING > /data/env"});
    config.env = {"GREETING=hello-env"};
    config.labels = {{"dcpp.test", "create"}, {"tier", "web"}};
    config.working_dir = "/tmp";
    config.user = "65534";
    HostConfig host;
    host.binds = {bind_dir + ":/data"};
    host.network_mode = "none";
    host.memory = 64 * 1024 * 1024;
    config.host_config = host;

    auto created = client.containers().create(config, name);
    ContainerGuard guard(client, created.id);
    REQUIRE(created.id.size() == 64);

    auto info = client.containers().inspect(name);  // by name, too
    CHECK(info.id == created.id);
    CHECK(info.name == "/" + name);
    CHECK(info.config.image == engine().image);
    CHECK(info.config.cmd == config.cmd);
    CHECK(info.config.working_dir == "/tmp");
    CHECK(info.config.user == "65534");
    CHECK(info.config.labels.at("tier") == "web");
    bool has_env = false;
    for (const auto& e : info.config.env) has_env |= e == "GREETING=hello-env";
    CHECK(has_env);
    CHECK(info.host_config.network_mode == "none");
    CHECK(info.host_config.memory.value_or(0) == 64 * 1024 * 1024);
    REQUIRE(info.host_config.binds.size() == 1);
    CHECK(info.host_config.binds[0] == bind_dir + ":/data");
    CHECK(info.state.status == "created");
    CHECK(info.raw.at("Id") == created.id);

    // The config takes effect when it runs: working dir, user, env and the bind mount.
    CHECK(client.containers().start(created.id));
    auto exit = client.containers().wait(created.id);
    CHECK(exit.status_code == 0);
    CHECK(read_file(bind_dir + "/pwd") == "/tmp\n");
    CHECK(read_file(bind_dir + "/uid") == "65534\n");
    CHECK(read_file(bind_dir + "/env") == "hello-env\n");
    std::remove((bind_dir + "/pwd").c_str());
    std::remove((bind_dir + "/uid").c_str());
    std::remove((bind_dir + "/env").c_str());
    ::rmdir(bind_dir.c_str());
}

TEST_CASE("entrypoint and tty are sent", "[integration][containers]") {
    Client client = test::make_client();
    ContainerConfig config;
    config.image = engine().image;
    config.entrypoint = {"echo", "from-entrypoint"};
    config.cmd = {"and-cmd"};
    config.tty = true;
    auto created = client.containers().create(config);
    ContainerGuard guard(client, created.id);
    auto info = client.containers().inspect(created.id);
    CHECK(info.config.entrypoint == config.entrypoint);
    CHECK(info.config.tty);
    client.containers().start(created.id);
    CHECK(client.containers().wait(created.id).status_code == 0);
    auto output = client.containers().logs_text(created.id);
    CHECK(output.out.find("from-entrypoint and-cmd") != std::string::npos);
    CHECK(output.err.empty());
}

TEST_CASE("error classes: 404, 409, 400", "[integration][containers][errors]") {
    Client client = test::make_client();

    SECTION("a missing container is NotFound") {
        try {
            client.containers().inspect("dcpp-no-such-container");
            FAIL("inspect of a missing container succeeded");
        } catch (const NotFound& e) {
            CHECK(e.status() == 404);
            CHECK(e.method() == "GET");
            CHECK(e.path().find("/containers/dcpp-no-such-container/json") != std::string::npos);
            CHECK(std::string(e.what()).find("404") != std::string::npos);
            CHECK(e.message().find("dcpp-no-such-container") != std::string::npos);
        }
        CHECK_THROWS_AS(client.containers().start("dcpp-no-such-container"), NotFound);
        CHECK_THROWS_AS(client.containers().remove("dcpp-no-such-container"), NotFound);
    }

    SECTION("a name already taken is a Conflict") {
        std::string name = unique_name("conflict");
        auto first = client.containers().create(busybox({"true"}), name);
        ContainerGuard guard(client, first.id);
        try {
            client.containers().create(busybox({"true"}), name);
            FAIL("second create with the same name succeeded");
        } catch (const Conflict& e) {
            CHECK(e.status() == 409);
            CHECK(e.method() == "POST");
            CHECK(e.message().find(name) != std::string::npos);
        }
    }

    SECTION("a bad config is a BadRequest") {
        ContainerConfig config = busybox({"true"});
        HostConfig host;
        host.restart_policy = RestartPolicy{"sometimes", 0};  // no such policy
        config.host_config = host;
        try {
            auto created = client.containers().create(config);
            ContainerGuard guard(client, created.id);
            FAIL("create with an invalid restart policy succeeded");
        } catch (const BadRequest& e) {
            CHECK(e.status() == 400);
            CHECK(!e.message().empty());
        }
    }

    SECTION("removing a running container without force is a Conflict") {
        auto created = client.containers().create(busybox({"sleep", "30"}));
        ContainerGuard guard(client, created.id);
        client.containers().start(created.id);
        CHECK_THROWS_AS(client.containers().remove(created.id), Conflict);
    }
}

TEST_CASE("start and stop answer 304 as 'nothing to do', not as an error", "[integration][containers]") {
    Client client = test::make_client();
    auto created = client.containers().create(busybox({"sleep", "30"}));
    ContainerGuard guard(client, created.id);

    CHECK(client.containers().start(created.id));
    CHECK_FALSE(client.containers().start(created.id));  // already running: 304
    CHECK(client.containers().inspect(created.id).state.running);

    StopContainerOptions stop;
    stop.timeout = 1;
    CHECK(client.containers().stop(created.id, stop));
    CHECK_FALSE(client.containers().stop(created.id, stop));  // already stopped: 304
    CHECK_FALSE(client.containers().inspect(created.id).state.running);
}

TEST_CASE("stop and restart with a signal need API 1.42: refused on 1.41, nothing sent", "[integration][containers][version]") {
    Client client = test::make_client();
    REQUIRE_FALSE(client.api_version_at_least("1.42"));  // dockerd 20.10 speaks 1.41
    auto created = client.containers().create(busybox({"sleep", "30"}));
    ContainerGuard guard(client, created.id);
    client.containers().start(created.id);
    const std::string started_at = client.containers().inspect(created.id).state.started_at;

    StopContainerOptions with_signal;
    with_signal.signal = "SIGINT";
    with_signal.timeout = 1;
    try {
        client.containers().stop(created.id, with_signal);
        FAIL("stop with a signal was not refused");
    } catch (const UnsupportedApiVersion& e) {
        CHECK(e.feature() == "ContainerStop query parameter \"signal\"");
        CHECK(e.required_version() == "1.42");
        CHECK(e.api_version() == "1.41");
    }
    CHECK_THROWS_AS(client.containers().restart(created.id, with_signal), UnsupportedApiVersion);
    CHECK(client.containers().inspect(created.id).state.running);  // neither reached the daemon
    CHECK(client.containers().inspect(created.id).state.started_at == started_at);
}

TEST_CASE("kill delivers the chosen signal", "[integration][containers]") {
    Client client = test::make_client();
    auto created = client.containers().create(
        busybox({"sh", "-c", "trap 'exit 42' TERM; echo ready; while true; do sleep 0.1; done"}));
    ContainerGuard guard(client, created.id);
    client.containers().start(created.id);
    // Wait until the trap is installed (the script has printed), so SIGTERM is not lost.
    for (int i = 0; i < 100 && client.containers().logs_text(created.id).out.empty(); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    client.containers().kill(created.id, "SIGTERM");
    CHECK(client.containers().wait(created.id).status_code == 42);

    auto second = client.containers().create(busybox({"sleep", "30"}));
    ContainerGuard second_guard(client, second.id);
    client.containers().start(second.id);
    client.containers().kill(second.id);  // SIGKILL by default
    CHECK(client.containers().wait(second.id).status_code == 137);
    CHECK_THROWS_AS(client.containers().kill(second.id), Conflict);  // not running any more
}

TEST_CASE("wait with a condition", "[integration][containers]") {
    Client client = test::make_client();

    SECTION("not-running returns the exit code") {
        auto created = client.containers().create(busybox({"sh", "-c", "exit 7"}));
        ContainerGuard guard(client, created.id);
        client.containers().start(created.id);
        CHECK(client.containers().wait(created.id, WaitCondition::not_running).status_code == 7);
    }

    SECTION("next-exit waits for a container not started yet") {
        auto created = client.containers().create(busybox({"sh", "-c", "exit 3"}));
        ContainerGuard guard(client, created.id);
        auto result = start_while_waiting(client, created.id, WaitCondition::next_exit);
        CHECK(result.status_code == 3);
    }

    SECTION("removed, with auto-remove: the container is gone afterwards") {
        ContainerConfig config = busybox({"true"});
        HostConfig host;
        host.auto_remove = true;
        config.host_config = host;
        auto created = client.containers().create(config);
        ContainerGuard guard(client, created.id);
        CHECK(client.containers().inspect(created.id).host_config.auto_remove);
        auto result = start_while_waiting(client, created.id, WaitCondition::removed);
        CHECK(result.status_code == 0);
        CHECK_THROWS_AS(client.containers().inspect(created.id), NotFound);
    }
}

TEST_CASE("logs: stdout and stderr demultiplexed; tail, timestamps, since, follow", "[integration][containers][logs]") {
    Client client = test::make_client();
    auto created = client.containers().create(
        busybox({"sh", "-c", "for i in 1 2 3 4 5; do echo out$i; echo err$i >&2; done"}));
    ContainerGuard guard(client, created.id);
    client.containers().start(created.id);
    REQUIRE(client.containers().wait(created.id).status_code == 0);

    SECTION("every frame on its own stream") {
        std::string out, err;
        int frames = 0;
        for (const LogFrame& frame : client.containers().logs(created.id)) {
            ++frames;
            (frame.is_stderr() ? err : out) += frame.text();
        }
        CHECK(out == "out1\nout2\nout3\nout4\nout5\n");
        CHECK(err == "err1\nerr2\nerr3\nerr4\nerr5\n");
        CHECK(frames >= 2);
    }

    SECTION("only stderr") {
        LogsOptions options;
        options.include_stdout = false;
        auto output = client.containers().logs_text(created.id, options);
        CHECK(output.out.empty());
        CHECK(output.err == "err1\nerr2\nerr3\nerr4\nerr5\n");
    }

    SECTION("tail") {
        // The daemon counts the last lines of both streams together, in the order they
        // reached its log; so count lines rather than expect a stream.
        LogsOptions options;
        options.tail = 2;
        auto output = client.containers().logs_text(created.id, options);
        CHECK(std::count(output.out.begin(), output.out.end(), '\n') +
                  std::count(output.err.begin(), output.err.end(), '\n') == 2);
        options.tail = 0;
        auto nothing = client.containers().logs_text(created.id, options);
        CHECK(nothing.out.empty());
        CHECK(nothing.err.empty());
    }

    SECTION("timestamps") {
        LogsOptions options;
        options.timestamps = true;
        options.include_stderr = false;
        std::string line = client.containers().logs_text(created.id, options).out;
        // RFC 3339 with nanoseconds, then a space, then the text.
        CHECK(line.size() > 30);
        CHECK(line[4] == '-');
        CHECK(line.find("T") == 10);
        CHECK(line.find(" out1\n") != std::string::npos);
    }

    SECTION("since a time in the future gives nothing") {
        LogsOptions options;
        options.since = static_cast<std::int64_t>(std::time(nullptr)) + 3600;
        auto output = client.containers().logs_text(created.id, options);
        CHECK(output.out.empty());
        CHECK(output.err.empty());
    }
}

TEST_CASE("logs follow streams until the container exits", "[integration][containers][logs]") {
    Client client = test::make_client();
    auto created = client.containers().create(
        busybox({"sh", "-c", "for i in 1 2 3; do echo tick$i; sleep 0.2; done"}));
    ContainerGuard guard(client, created.id);
    client.containers().start(created.id);
    LogsOptions options;
    options.follow = true;
    std::string out;
    for (const LogFrame& frame : client.containers().logs(created.id, options)) out += frame.text();
    CHECK(out == "tick1\ntick2\ntick3\n");
}

TEST_CASE("logs of a TTY container are raw", "[integration][containers][logs]") {
    Client client = test::make_client();
    ContainerConfig config = busybox({"sh", "-c", "echo on-tty; echo err-on-tty >&2"});
    config.tty = true;
    auto created = client.containers().create(config);
    ContainerGuard guard(client, created.id);
    client.containers().start(created.id);
    client.containers().wait(created.id);
    auto stream = client.containers().logs(created.id);
    CHECK_FALSE(stream.multiplexed());
    std::string all;
    for (const LogFrame& frame : stream) {
        CHECK(frame.is_stdout());
        all += frame.text();
    }
    // A TTY merges both streams and turns \n into \r\n.
    CHECK(all.find("on-tty\r\n") != std::string::npos);
    CHECK(all.find("err-on-tty\r\n") != std::string::npos);
}

TEST_CASE("list: all, limit and filters", "[integration][containers]") {
    Client client = test::make_client();
    std::string label = unique_name("list");
    ContainerConfig web = busybox({"sleep", "30"});
    web.labels = {{"dcpp.list", label}, {"app", "web"}};
    ContainerConfig job = busybox({"true"});
    job.labels = {{"dcpp.list", label}, {"app", "job"}};
    auto running = client.containers().create(web, unique_name("web"));
    ContainerGuard g1(client, running.id);
    auto exited = client.containers().create(job, unique_name("job"));
    ContainerGuard g2(client, exited.id);
    client.containers().start(running.id);
    client.containers().start(exited.id);
    client.containers().wait(exited.id);

    ContainerListOptions mine;
    mine.filters = {{"label", {"dcpp.list=" + label}}};
    auto only_running = client.containers().list(mine);
    REQUIRE(only_running.size() == 1);
    CHECK(only_running[0].id == running.id);
    CHECK(only_running[0].state == "running");
    CHECK(only_running[0].labels.at("app") == "web");

    mine.all = true;
    CHECK(client.containers().list(mine).size() == 2);

    ContainerListOptions exited_web = mine;
    exited_web.filters["status"] = {"exited"};
    auto exited_list = client.containers().list(exited_web);
    REQUIRE(exited_list.size() == 1);
    CHECK(exited_list[0].id == exited.id);
    CHECK(exited_list[0].status.find("Exited (0)") == 0);

    ContainerListOptions by_app = mine;
    by_app.filters["label"].push_back("app=web");  // both labels must match
    auto web_list = client.containers().list(by_app);
    REQUIRE(web_list.size() == 1);
    CHECK(web_list[0].id == running.id);

    ContainerListOptions limited;
    limited.all = true;
    limited.limit = 1;
    auto newest = client.containers().list(limited);
    REQUIRE(newest.size() == 1);
}

TEST_CASE("restart, pause, unpause, rename", "[integration][containers]") {
    Client client = test::make_client();
    auto created = client.containers().create(busybox({"sleep", "60"}), unique_name("life"));
    ContainerGuard guard(client, created.id);
    // Renamed before it runs: dockerd 20.10 without a bridge fails to rename a running
    // container's network sandbox.
    std::string new_name = unique_name("renamed");
    client.containers().rename(created.id, new_name);
    CHECK(client.containers().inspect(new_name).id == created.id);
    auto other = client.containers().create(busybox({"true"}), unique_name("other"));
    ContainerGuard other_guard(client, other.id);
    CHECK_THROWS_AS(client.containers().rename(other.id, new_name), Conflict);  // name taken

    client.containers().start(created.id);
    auto first_start = client.containers().inspect(created.id).state.started_at;

    StopContainerOptions quick;
    quick.timeout = 0;
    client.containers().restart(created.id, quick);
    auto after = client.containers().inspect(created.id);
    CHECK(after.state.running);
    CHECK(after.state.started_at != first_start);

    client.containers().pause(created.id);
    CHECK(client.containers().inspect(created.id).state.paused);
    client.containers().unpause(created.id);
    CHECK_FALSE(client.containers().inspect(created.id).state.paused);
}

TEST_CASE("remove with force and volumes", "[integration][containers]") {
    Client client = test::make_client();
    ContainerConfig config = busybox({"sleep", "60"});
    config.volumes = {"/scratch"};
    auto created = client.containers().create(config);
    client.containers().start(created.id);
    auto info = client.containers().inspect(created.id);
    REQUIRE(info.mounts.size() == 1);
    CHECK(info.mounts[0].destination == std::optional<std::string>("/scratch"));
    std::string volume = info.mounts[0].name.value_or("");
    REQUIRE_FALSE(volume.empty());

    RemoveContainerOptions options;
    options.force = true;
    options.volumes = true;
    client.containers().remove(created.id, options);
    CHECK_THROWS_AS(client.containers().inspect(created.id), NotFound);
    CHECK_THROWS_AS(client.get("/volumes/" + volume), NotFound);  // the anonymous volume went too
}

TEST_CASE("ids and names are path-encoded", "[integration][containers]") {
    Client client = test::make_client();
    // A '/' in an id must not reach another endpoint. It is encoded, the daemon's router
    // decodes and cleans the path and answers a redirect, which is reported, not followed.
    try {
        client.containers().inspect("../../images/json");
        FAIL("a path-escaping id was answered");
    } catch (const ApiError& e) {
        CHECK(e.status() == 301);
        CHECK(e.message().find("not followed") != std::string::npos);
    }
    CHECK_THROWS_AS(client.containers().inspect("no/such"), NotFound);
    CHECK_THROWS_AS(client.containers().inspect(""), UsageError);
}

}  // namespace integration_containers_test
