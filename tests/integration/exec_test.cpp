// The exec endpoints against the real engine: create, start (attached and detached),
// inspect, resize, and run().
// covers: ContainerExec, ExecStart, ExecInspect, ExecResize (real engine)

#include "support/catch.hpp"

#include "integration/engine.hpp"

#include <chrono>
#include <string>

// A namespace per test file: test files are compiled in batches (unity build).
namespace integration_exec_test {
using namespace docker;
using docker::test::ContainerGuard;
using docker::test::busybox;

namespace {

// A running container to exec in, removed when the test ends.
struct RunningContainer {
    explicit RunningContainer(Client& client)
        : id(client.containers().create(busybox({"sleep", "300"})).id), guard(client, id) {
        client.containers().start(id);
    }
    std::string id;
    ContainerGuard guard;
};

// Every byte value, ctrl-p ctrl-q (the detach keys), NULs, CRs and ^D included, and then
// a plain line: without a TTY, all of it must reach the process untouched.
std::string binary_input(std::size_t size) {
    std::string data;
    data.reserve(size + 16);
    for (std::size_t i = 0; i < size; ++i) data += static_cast<char>((i * 7 + i / 256) & 0xff);
    data += "a plain line\n";
    return data;
}

struct Collected {
    std::string out;
    std::string err;
};

Collected collect(AttachedStream& stream) {
    Collected c;
    for (const LogFrame& frame : stream) (frame.is_stderr() ? c.err : c.out) += frame.data;
    return c;
}

}  // namespace

TEST_CASE("exec cat: stdin written, half-closed, and read back on stdout", "[integration][exec]") {
    Client client = test::make_client();
    RunningContainer container(client);

    ExecConfig config;
    config.cmd = {"cat"};
    config.attach_stdin = true;
    config.attach_stdout = true;
    config.attach_stderr = true;
    auto exec = client.exec().create(container.id, config);
    REQUIRE(exec.id.size() == 64);

    AttachedStream stream = client.exec().start(exec.id, false, std::chrono::seconds(60));
    CHECK(stream.multiplexed());
    std::string input = binary_input(6 * 1024);
    stream.write(input.substr(0, 1000));  // in two writes: the stream stays open between them
    stream.write(input.substr(1000));
    stream.close_stdin();
    CHECK_THROWS_AS(stream.write("late"), UsageError);

    Collected output = collect(stream);
    CHECK(output.out.size() == input.size());
    CHECK(output.out == input);
    CHECK(output.err.empty());
    CHECK(client.exec().wait_exit_code(exec.id) == 0);

    auto info = client.exec().inspect(exec.id);
    CHECK_FALSE(info.running);
    CHECK(info.exit_code == 0);
    CHECK(info.container_id == container.id);
    CHECK(info.open_stdin);
    CHECK(info.process_config.entrypoint == "cat");
    CHECK(info.raw.at("ID") == exec.id);
}

TEST_CASE("exec run: stdout and stderr apart, the exit code, a large input", "[integration][exec]") {
    Client client = test::make_client();
    RunningContainer container(client);

    SECTION("separate streams and a non-zero exit code") {
        auto result = client.exec().run(container.id, {"sh", "-c", "echo out; echo err >&2; exit 3"});
        CHECK(result.out == "out\n");
        CHECK(result.err == "err\n");
        CHECK(result.exit_code == 3);
        CHECK(result.id.size() == 64);
    }

    SECTION("env, working dir and user are applied") {
        ExecRunOptions options;
        options.env = {"GREETING=hi-from-env"};
        options.working_dir = "/tmp";
        options.user = "65534";
        auto result = client.exec().run(container.id, {"sh", "-c", "echo $GREETING; pwd; id -u"}, options);
        CHECK(result.out == "hi-from-env\n/tmp\n65534\n");
        CHECK(result.exit_code == 0);
    }

    SECTION("a megabyte through cat: written while the output is read") {
        // More than the socket and pipe buffers hold: writing it all before reading would
        // dead-lock against cat's output.
        ExecRunOptions options;
        options.input = binary_input(1024 * 1024);
        options.timeout = std::chrono::seconds(60);
        auto result = client.exec().run(container.id, {"cat"}, options);
        CHECK(result.out.size() == options.input->size());
        CHECK(result.out == *options.input);
        CHECK(result.err.empty());
        CHECK(result.exit_code == 0);
    }

    SECTION("a process that does not read its input still ends cleanly") {
        ExecRunOptions options;
        options.input = std::string(4 * 1024 * 1024, 'x');
        auto result = client.exec().run(container.id, {"sh", "-c", "echo ignoring; exit 5"}, options);
        CHECK(result.out == "ignoring\n");
        CHECK(result.exit_code == 5);
    }
}

TEST_CASE("exec with a TTY: one raw stream", "[integration][exec]") {
    Client client = test::make_client();
    RunningContainer container(client);

    SECTION("start attached by hand") {
        ExecConfig config;
        config.cmd = {"sh", "-c", "echo out; echo err >&2; exit 3"};
        config.attach_stdout = true;
        config.attach_stderr = true;
        config.tty = true;
        auto exec = client.exec().create(container.id, config);
        AttachedStream stream = client.exec().start(exec.id, true);
        CHECK_FALSE(stream.multiplexed());
        std::string out;
        LogFrame frame;
        while (stream.next(frame)) {
            CHECK(frame.is_stdout());
            out += frame.data;
        }
        CHECK(out.find("out") != std::string::npos);
        CHECK(out.find("err") != std::string::npos);
        CHECK(out.find("\r\n") != std::string::npos);  // the terminal's line endings
        CHECK(client.exec().wait_exit_code(exec.id) == 3);
        CHECK(client.exec().inspect(exec.id).process_config.tty);
    }

    SECTION("run") {
        ExecRunOptions options;
        options.tty = true;
        auto result = client.exec().run(container.id, {"sh", "-c", "echo out; echo err >&2; exit 3"}, options);
        CHECK(result.out.find("out") != std::string::npos);
        CHECK(result.out.find("err") != std::string::npos);
        CHECK(result.err.empty());
        CHECK(result.exit_code == 3);
    }

    SECTION("run with input: its end reaches cat as ^D, after a full or a partial line") {
        ExecRunOptions options;
        options.tty = true;
        options.input = "typed line\n";
        auto full = client.exec().run(container.id, {"cat"}, options);
        CHECK(full.out.find("typed line") != std::string::npos);
        CHECK(full.exit_code == 0);

        options.input = "no newline";
        auto partial = client.exec().run(container.id, {"cat"}, options);
        CHECK(partial.out.find("no newline") != std::string::npos);
        CHECK(partial.exit_code == 0);
    }
}

TEST_CASE("exec start detached, then inspect until it ends", "[integration][exec]") {
    Client client = test::make_client();
    RunningContainer container(client);

    ExecConfig config;
    config.cmd = {"sh", "-c", "sleep 1; exit 4"};
    auto exec = client.exec().create(container.id, config);
    auto before = client.exec().inspect(exec.id);
    CHECK_FALSE(before.running);
    CHECK_FALSE(before.exit_code.has_value());

    client.exec().start_detached(exec.id);
    auto during = client.exec().inspect(exec.id);
    CHECK(during.running);
    CHECK_FALSE(during.exit_code.has_value());
    CHECK(during.pid > 0);
    CHECK(during.process_config.entrypoint == "sh");
    CHECK(during.process_config.arguments == std::vector<std::string>{"-c", "sleep 1; exit 4"});

    // Bounded: the exec ends after a second; allow plenty for a slow machine.
    CHECK(client.exec().wait_exit_code(exec.id, std::chrono::seconds(20)) == 4);
    auto after = client.exec().inspect(exec.id);
    CHECK_FALSE(after.running);
    CHECK(after.exit_code == 4);
}

TEST_CASE("exec errors: missing exec, stopped container, usage", "[integration][exec][errors]") {
    Client client = test::make_client();

    SECTION("a missing exec is NotFound") {
        try {
            client.exec().inspect("dcpp-no-such-exec");
            FAIL("inspect of a missing exec succeeded");
        } catch (const NotFound& e) {
            CHECK(e.status() == 404);
            CHECK(e.path().find("/exec/dcpp-no-such-exec/json") != std::string::npos);
        }
        CHECK_THROWS_AS(client.exec().start("dcpp-no-such-exec"), NotFound);
        CHECK_THROWS_AS(client.exec().start_detached("dcpp-no-such-exec"), NotFound);
        CHECK_THROWS_AS(client.exec().resize("dcpp-no-such-exec", 24, 80), NotFound);
        ExecConfig config;
        config.cmd = {"true"};
        CHECK_THROWS_AS(client.exec().create("dcpp-no-such-container", config), NotFound);
    }

    SECTION("exec in a stopped container is a Conflict") {
        auto created = client.containers().create(busybox({"sleep", "300"}));
        ContainerGuard guard(client, created.id);
        ExecConfig config;
        config.cmd = {"true"};
        try {
            client.exec().create(created.id, config);
            FAIL("exec create in a stopped container succeeded");
        } catch (const Conflict& e) {
            CHECK(e.status() == 409);
            CHECK(e.method() == "POST");
        }
    }

    SECTION("usage errors are caught before anything is sent") {
        ExecConfig empty;
        CHECK_THROWS_AS(client.exec().create("anything", empty), UsageError);
        CHECK_THROWS_AS(client.exec().inspect(""), UsageError);
    }
}

TEST_CASE("exec resize on a TTY exec", "[integration][exec]") {
    Client client = test::make_client();
    RunningContainer container(client);

    ExecConfig config;
    config.cmd = {"sh", "-c", "read x; stty size"};
    config.attach_stdin = true;
    config.attach_stdout = true;
    config.tty = true;
    auto exec = client.exec().create(container.id, config);
    AttachedStream stream = client.exec().start(exec.id, true, std::chrono::seconds(60));
    client.exec().resize(exec.id, 40, 100);  // the daemon waits for the process to start
    stream.write("go\n");                    // only now does the shell ask the size
    Collected output = collect(stream);
    CHECK(output.out.find("40 100") != std::string::npos);
    CHECK(client.exec().wait_exit_code(exec.id) == 0);
}

}  // namespace integration_exec_test
