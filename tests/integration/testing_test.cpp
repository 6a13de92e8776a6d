// The testing layer (docker/testing/*.hpp) on the real engine: the container handle, each
// wait strategy's success and failure, composites, exit during a wait, copies, networks.

#include "support/catch.hpp"

#include "integration/engine.hpp"
#include "support/temp_dir.hpp"
#include "support/text.hpp"

#include <docker/testing.hpp>

#include <fstream>
#include <sstream>

// A namespace per test file: test files are compiled in batches (unity build).
namespace integration_testing_test {
using namespace docker;
using namespace docker::testing;
using namespace std::chrono_literals;

namespace {

ContainerSpec busybox_spec(std::vector<std::string> cmd) {
    ContainerSpec spec(test::engine().image);
    spec.cmd = std::move(cmd);
    return spec;
}

// A busybox web server on port 8080 serving /www (index.html says "hello").
ContainerSpec web_server() {
    return busybox_spec({"sh", "-c", "mkdir -p /www && echo hello > /www/index.html && echo serving && "
                                     "exec httpd -f -v -p 8080 -h /www"});
}

using test_support::contains;

bool exists(Client& client, const std::string& id) {
    try {
        client.containers().inspect(id);
        return true;
    } catch (const NotFound&) {
        return false;
    }
}

}  // namespace

TEST_CASE("testing: a container handle starts, answers its accessors and removes the container",
          "[integration][testing]") {
    Client client = test::make_client();
    std::string id;
    {
        auto spec = web_server();
        spec.with_port("8080").with_env("GREETING", "hi").with_label("dcpp.case", "handle");
        spec.with_wait(wait::for_log("serving"), 30s);
        Container web = Container::start(client, spec);
        id = web.id();
        CHECK(web.state().running);
        ContainerInspect inspected = web.inspect();
        CHECK(inspected.config.labels.at(session_label) == session_id());
        CHECK(inspected.config.labels.at("dcpp.case") == "handle");
        CHECK(web.exec({"sh", "-c", "echo $GREETING"}).out == "hi\n");
        CHECK(web.host() == "127.0.0.1");
        CHECK(web.mapped_port("8080") > 0);
        CHECK(web.address("8080").port == web.mapped_port("8080"));
        CHECK_FALSE(web.ip_address().empty());
        CHECK_THROWS_AS(web.mapped_port("9999"), UsageError);
        CHECK(contains(web.logs().out + web.logs().err, "serving"));
    }
    CHECK_FALSE(exists(client, id));  // the destructor removed it
}

TEST_CASE("testing: the handle removes its container during stack unwinding; release() keeps it",
          "[integration][testing]") {
    Client client = test::make_client();
    std::string id;
    try {
        Container c = Container::start(client, busybox_spec({"sleep", "60"}));
        id = c.id();
        throw std::runtime_error("test failure");
    } catch (const std::runtime_error&) {
    }
    CHECK_FALSE(exists(client, id));

    std::string kept;
    {
        Container c = Container::start(client, busybox_spec({"sleep", "60"}));
        kept = c.release();
    }
    CHECK(exists(client, kept));
    test::ContainerGuard guard(client, kept);
}

TEST_CASE("testing: log wait counts lines from the start, on the chosen stream", "[integration][testing]") {
    Client client = test::make_client();
    auto spec = busybox_spec({"sh", "-c", "echo ready; echo ready >&2; sleep 0.3; echo ready; sleep 60"});
    spec.with_wait(wait::for_log("^rea.y$", 3), 30s);
    CHECK_NOTHROW(Container::start(client, spec));

    spec.with_wait(wait::for_log("ready", 2, wait::LogStreams::stderr_only), 6s);
    try {
        Container::start(client, spec);
        FAIL("the wait should have timed out: stderr has one line");
    } catch (const WaitTimeoutError& e) {
        CHECK(contains(e.what(), "seen 1 of 2"));
        CHECK(e.state().running);
    }
    CHECK_THROWS_AS(wait::for_log("(unclosed"), UsageError);
}

TEST_CASE("testing: a chatty container that never prints the line times out at the deadline",
          "[integration][testing]") {
    Client client = test::make_client();
    auto spec = busybox_spec({"sh", "-c", "while true; do echo noise; sleep 0.01; done"});
    spec.with_wait(wait::for_log("never printed"), 1500ms);
    try {
        Container::start(client, spec);
        FAIL("no timeout");
    } catch (const WaitTimeoutError& e) {
        CHECK(e.strategy() == "log line /never printed/");
        CHECK(e.waited() >= 1500ms);
        CHECK(contains(e.logs_tail(), "noise\n"));
        std::istringstream lines(e.logs_tail());
        int count = 0;
        for (std::string line; std::getline(lines, line);) ++count;
        CHECK(count >= 1);  // the daemon's tail of at most 50 lines
        CHECK(count <= 50);
        CHECK(contains(e.what(), "failed after 1."));
    }
}

TEST_CASE("testing: a container that exits while waited on fails at once, with its code and log",
          "[integration][testing]") {
    Client client = test::make_client();
    auto spec = busybox_spec({"sh", "-c", "echo starting; echo broken config >&2; exit 3"});
    spec.with_wait(wait::for_log("never printed"), 60s);
    try {
        Container::start(client, spec);
        FAIL("no error");
    } catch (const ContainerExitedError& e) {
        CHECK(e.waited() < 30s);  // not at the deadline
        CHECK(e.state().exit_code == 3);
        CHECK_FALSE(e.state().oom_killed);
        CHECK(contains(e.logs_tail(), "broken config"));
        CHECK(contains(e.what(), "exit code 3"));
    }
}

TEST_CASE("testing: a zero deadline is an immediate usage error", "[integration][testing]") {
    Client client = test::make_client();
    auto spec = busybox_spec({"sleep", "60"});
    spec.with_wait(wait::for_log("x"), 0ms);
    CHECK_THROWS_AS(Container::start(client, spec), UsageError);
    ContainerSpec none;
    CHECK_THROWS_AS(Container::start(client, none), UsageError);
}

TEST_CASE("testing: a missing image is an ImagePullError naming it", "[integration][testing]") {
    Client client = test::make_client();
    ContainerSpec spec(test::engine().registry + "/dcpp-no-such-image:latest");
    try {
        Container::start(client, spec);
        FAIL("no error");
    } catch (const ImagePullError& e) {
        CHECK(e.image() == spec.image);
        CHECK(contains(e.what(), "dcpp-no-such-image"));
    }
}

TEST_CASE("testing: a missing image is pulled first, with progress", "[integration][testing]") {
    Client client = test::make_client();
    std::string image = test::engine().registry + "/busybox:latest";
    test::ImageGuard remove_image(client, image);
    try {
        client.images().remove(image);
    } catch (const NotFound&) {
    }
    ContainerSpec spec(image);
    spec.cmd = {"echo", "pulled"};
    int events = 0;
    spec.on_pull_progress = [&](const ProgressEvent&) { ++events; };
    RunResult result = run(client, spec);
    CHECK(events > 0);
    CHECK(result.out == "pulled\n");
}

TEST_CASE("testing: port waits, from this process and inside the container", "[integration][testing]") {
    Client client = test::make_client();
    auto spec = web_server();
    spec.with_port("8080").with_wait(wait::for_port("8080"), 30s);
    Container web = Container::start(client, spec);

    // Without a published port the container's own address is used.
    auto unpublished = web_server();
    unpublished.with_network(web.inspect().host_config.network_mode).with_wait(wait::for_port("8080"), 30s);
    CHECK_NOTHROW(Container::start(client, unpublished));

    auto inside = web_server();
    inside.with_wait(wait::for_port_inside(8080), 30s);
    CHECK_NOTHROW(Container::start(client, inside));

    auto closed = web_server();
    closed.with_port("9999").with_wait(wait::for_port("9999"), 1500ms);
    try {
        Container::start(client, closed);
        FAIL("no timeout");
    } catch (const WaitTimeoutError& e) {
        CHECK(e.strategy() == "port 9999");
        CHECK(contains(e.logs_tail(), "serving"));
    }

    auto closed_inside = web_server();
    closed_inside.with_wait(wait::for_port_inside(9999), 1500ms);
    CHECK_THROWS_AS(Container::start(client, closed_inside), WaitTimeoutError);
}

TEST_CASE("testing: HTTP status wait", "[integration][testing]") {
    Client client = test::make_client();
    auto spec = web_server();
    spec.with_port("8080").with_wait(wait::for_http("/index.html", "8080", 200), 30s);
    CHECK_NOTHROW(Container::start(client, spec));

    spec.with_wait(wait::for_http("/missing", "8080", 200), 8s);  // long enough for an answer under load
    try {
        Container::start(client, spec);
        FAIL("no timeout");
    } catch (const WaitTimeoutError& e) {
        CHECK(contains(e.what(), "answered 404"));
    }
    CHECK_THROWS_AS(wait::for_http("no-slash", "80"), UsageError);
}

TEST_CASE("testing: HEALTHCHECK wait: healthy, unhealthy, none", "[integration][testing]") {
    Client client = test::make_client();
    // Retries: how many failed checks make the container unhealthy. The healthy one may fail
    // a few checks before its file exists (however the machine schedules it), so it gets many.
    auto with_check = [](ContainerSpec spec, std::vector<std::string> test, int retries) {
        spec.customize = [test, retries](ContainerConfig& config) {
            config.extra["Healthcheck"] = {{"Test", test}, {"Interval", 100'000'000}, {"Retries", retries}};
        };
        return spec;
    };
    auto healthy = with_check(busybox_spec({"sh", "-c", "sleep 0.3; touch /tmp/ok; sleep 60"}),
                              {"CMD-SHELL", "test -f /tmp/ok"}, 100);
    healthy.with_wait(wait::for_healthy(), 30s);
    CHECK_NOTHROW(Container::start(client, healthy));

    auto unhealthy = with_check(busybox_spec({"sleep", "60"}), {"CMD", "false"}, 1);
    unhealthy.with_wait(wait::for_healthy(), 30s);
    try {
        Container::start(client, unhealthy);
        FAIL("no error");
    } catch (const WaitTimeoutError&) {
        FAIL("unhealthy should fail at once, not time out");
    } catch (const WaitError& e) {
        CHECK(contains(e.what(), "unhealthy"));
    }

    auto none = busybox_spec({"sleep", "60"});
    none.with_wait(wait::for_healthy(), 30s);
    CHECK_THROWS_WITH(Container::start(client, none), Catch::Contains("no HEALTHCHECK"));
}

TEST_CASE("testing: exec wait and one-shot exit wait", "[integration][testing]") {
    Client client = test::make_client();
    auto spec = busybox_spec({"sh", "-c", "sleep 0.3; touch /tmp/ok; sleep 60"});
    spec.with_wait(wait::for_exec({"test", "-f", "/tmp/ok"}), 30s);
    CHECK_NOTHROW(Container::start(client, spec));

    spec.with_wait(wait::for_exec({"test", "-f", "/tmp/never"}), 8s);
    CHECK_THROWS_WITH(Container::start(client, spec), Catch::Contains("exited with 1"));

    auto one_shot = busybox_spec({"sh", "-c", "echo migrated"});
    one_shot.with_wait(wait::for_exit(0), 30s);
    Container done = Container::start(client, one_shot);
    CHECK(done.logs().out == "migrated\n");

    auto failing = busybox_spec({"sh", "-c", "exit 2"});
    failing.with_wait(wait::for_exit(0), 30s);
    CHECK_THROWS_WITH(Container::start(client, failing), Catch::Contains("exited with code 2, expected 0"));
}

TEST_CASE("testing: all_of and any_of under one deadline", "[integration][testing]") {
    Client client = test::make_client();
    auto spec = web_server();
    spec.with_port("8080").with_wait(wait::all_of({wait::for_log("serving"), wait::for_port("8080"),
                                                   wait::for_http("/index.html", "8080")}),
                                     30s);
    CHECK_NOTHROW(Container::start(client, spec));

    spec.with_wait(wait::any_of({wait::for_log("never printed"), wait::for_port("8080")}), 30s);
    CHECK_NOTHROW(Container::start(client, spec));

    // The deadline is shared: each part may not take it whole.
    spec.with_wait(wait::all_of({wait::for_port("8080"), wait::for_log("never printed")}), 1500ms);
    try {
        Container::start(client, spec);
        FAIL("no timeout");
    } catch (const WaitTimeoutError& e) {
        CHECK(e.waited() < 20s);
        CHECK(contains(e.strategy(), "all of (port 8080, log line /never printed/)"));
    }

    // any_of fails once every part failed.
    auto exits = busybox_spec({"sh", "-c", "exit 4"});
    exits.with_wait(wait::any_of({wait::for_exit(0), wait::for_exit(1)}), 30s);
    CHECK_THROWS_WITH(Container::start(client, exits), Catch::Contains("exited with code 4"));
}

TEST_CASE("testing: copy in before start and out, creating folders", "[integration][testing]") {
    Client client = test::make_client();
    test::TempDir local;
    std::string file = local.path() + "/config.txt";
    std::ofstream(file) << "port=1234\n";
    auto spec = busybox_spec({"sleep", "60"});
    spec.with_file(file, "/etc/app/conf.d");  // missing: created as docker cp does
    Container c = Container::start(client, spec);
    CHECK(c.exec({"cat", "/etc/app/conf.d/config.txt"}).out == "port=1234\n");

    c.copy_to(file, "/another/new/dir");
    CHECK(c.exec({"cat", "/another/new/dir/config.txt"}).exit_code == 0);

    std::string out_dir = local.path() + "/out/nested";
    c.copy_from("/etc/app/conf.d/config.txt", out_dir);
    std::ifstream copied(out_dir + "/config.txt");
    std::string line;
    std::getline(copied, line);
    CHECK(line == "port=1234");
    CHECK_THROWS_AS(c.copy_to(file, "relative/dir"), UsageError);
}

TEST_CASE("testing: two containers on a network reach each other by alias; run() returns output",
          "[integration][testing]") {
    Client client = test::make_client();
    testing::Network net = testing::Network::create(client);
    CHECK(net.inspect().labels.at(session_label) == session_id());

    auto server = web_server();
    server.with_network(net.name(), {"web"}).with_wait(wait::for_port("8080"), 30s);
    Container web = Container::start(client, server);

    auto fetch = busybox_spec({"wget", "-q", "-O", "-", "http://web:8080/index.html"});
    fetch.with_network(net.name());
    RunResult result = run(client, fetch, 60s);
    CHECK(result.exit_code == 0);
    CHECK(result.out == "hello\n");

    RunResult failed = run(client, busybox_spec({"sh", "-c", "echo out; echo err >&2; exit 7"}));
    CHECK(failed.exit_code == 7);
    CHECK(failed.out == "out\n");
    CHECK(failed.err == "err\n");
}

TEST_CASE("testing: a failed clean-up goes to the hook, never out of a destructor", "[integration][testing]") {
    Client client = test::make_client();
    std::vector<std::string> reported;
    set_cleanup_failure_handler([&](const std::string& message) { reported.push_back(message); });
    std::string kept;
    std::string net_name;
    {
        testing::Network net = testing::Network::create(client);
        net_name = net.name();
        auto spec = busybox_spec({"sleep", "60"});
        spec.with_network(net.name());
        kept = Container::start(client, spec).release();
    }  // the network is still in use: its removal fails
    set_cleanup_failure_handler({});
    REQUIRE(reported.size() == 1);
    CHECK(contains(reported[0], net_name));
    RemoveContainerOptions force;
    force.force = true;
    client.containers().remove(kept, force);
    client.networks().remove(net_name);
}

}  // namespace integration_testing_test
