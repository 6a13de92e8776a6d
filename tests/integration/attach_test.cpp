// Container attach and resize against the real engine.
// covers: ContainerAttach, ContainerResize, ContainerLogs (real engine)

#include "support/catch.hpp"

#include "integration/engine.hpp"

#include <chrono>
#include <exception>
#include <string>
#include <thread>

// A namespace per test file: test files are compiled in batches (unity build).
namespace integration_attach_test {
using namespace docker;
using docker::test::ContainerGuard;
using docker::test::busybox;

namespace {

struct Collected {
    std::string out;
    std::string err;
};

Collected collect(AttachedStream& stream) {
    Collected c;
    for (const LogFrame& frame : stream) (frame.is_stderr() ? c.err : c.out) += frame.data;
    return c;
}

ContainerConfig interactive(std::vector<std::string> cmd) {
    ContainerConfig config = busybox(std::move(cmd));
    config.open_stdin = true;
    config.attach_stdin = true;
    config.attach_stdout = true;
    config.attach_stderr = true;
    return config;
}

}  // namespace

TEST_CASE("attach to a running container: its output, and our stdin", "[integration][attach]") {
    Client client = test::make_client();
    auto created = client.containers().create(interactive({"sh", "-c", "read line; echo got:$line; echo bye >&2"}));
    ContainerGuard guard(client, created.id);
    client.containers().start(created.id);  // it waits for a line, so nothing is missed

    AttachOptions options;
    options.timeout = std::chrono::seconds(60);
    AttachedStream stream = client.containers().attach(created.id, options);
    CHECK(stream.multiplexed());
    stream.write("hello\n");
    Collected output = collect(stream);  // ends when the container exits
    CHECK(output.out == "got:hello\n");
    CHECK(output.err == "bye\n");
    CHECK(client.containers().wait(created.id).status_code == 0);
}

TEST_CASE("attach with logs replays what the container already wrote", "[integration][attach]") {
    Client client = test::make_client();
    auto created = client.containers().create(busybox({"sh", "-c", "echo early-out; echo early-err >&2; sleep 300"}));
    ContainerGuard guard(client, created.id);
    client.containers().start(created.id);
    for (int i = 0; i < 200 && client.containers().logs_text(created.id).err.empty(); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(25));

    // logs without stream: the replay, then the end, though the container still runs.
    AttachOptions options;
    options.logs = true;
    options.stream = false;
    options.include_stdin = false;
    options.timeout = std::chrono::seconds(30);
    AttachedStream stream = client.containers().attach(created.id, options);
    Collected output = collect(stream);
    CHECK(output.out == "early-out\n");
    CHECK(output.err == "early-err\n");
    CHECK(client.containers().inspect(created.id).state.running);
}

TEST_CASE("destroying an attached stream midway detaches; the container stops promptly", "[integration][attach]") {
    Client client = test::make_client();
    auto created = client.containers().create(busybox({"sh", "-c", "while true; do echo tick; sleep 0.05; done"}));
    ContainerGuard guard(client, created.id);
    client.containers().start(created.id);

    AttachOptions options;
    options.include_stdin = false;
    options.timeout = std::chrono::seconds(30);
    {
        AttachedStream stream = client.containers().attach(created.id, options);
        LogFrame frame;
        for (int i = 0; i < 3; ++i) {
            REQUIRE(stream.next(frame));
            CHECK(frame.is_stdout());
            CHECK(frame.data.find("tick") != std::string::npos);
        }
    }  // destroyed mid-stream

    // The daemon let go of the first attachment: a second one works, and closing it by hand
    // ends its reads.
    AttachedStream again = client.containers().attach(created.id, options);
    LogFrame frame;
    REQUIRE(again.next(frame));
    CHECK(frame.data.find("tick") != std::string::npos);
    again.close();
    CHECK_FALSE(again.is_open());
    CHECK_FALSE(again.next(frame));
    CHECK_THROWS_AS(again.write("x"), UsageError);

    auto begin = std::chrono::steady_clock::now();
    StopContainerOptions stop;
    stop.timeout = 1;
    client.containers().stop(created.id, stop);
    client.containers().remove(created.id);
    CHECK(std::chrono::steady_clock::now() - begin < std::chrono::seconds(15));
    CHECK_THROWS_AS(client.containers().inspect(created.id), NotFound);
}

TEST_CASE("attach: read timeout, and cancel from another thread", "[integration][attach]") {
    Client client = test::make_client();
    auto created = client.containers().create(interactive({"sleep", "300"}));
    ContainerGuard guard(client, created.id);
    client.containers().start(created.id);

    SECTION("a quiet container hits the read timeout; the stream stays usable") {
        AttachOptions options;
        options.timeout = std::chrono::milliseconds(200);
        AttachedStream stream = client.containers().attach(created.id, options);
        LogFrame frame;
        CHECK_THROWS_AS(stream.next(frame), TimeoutError);
        CHECK(stream.is_open());
        CHECK_THROWS_AS(stream.next(frame), TimeoutError);
    }

    SECTION("cancel wakes a read blocked without a timeout") {
        AttachedStream stream = client.containers().attach(created.id);  // no timeout
        bool got_frame = true;
        std::exception_ptr failure;
        std::thread reader([&] {
            try {
                LogFrame frame;
                got_frame = stream.next(frame);
            } catch (...) {
                failure = std::current_exception();
            }
        });
        test::JoinOnExit join(reader);
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        auto begin = std::chrono::steady_clock::now();
        stream.cancel();
        reader.join();
        CHECK(std::chrono::steady_clock::now() - begin < std::chrono::seconds(5));
        if (failure) std::rethrow_exception(failure);
        CHECK_FALSE(got_frame);
    }
}

TEST_CASE("attach to a TTY container and resize it", "[integration][attach]") {
    Client client = test::make_client();
    ContainerConfig config = interactive({"sh", "-c", "read x; stty size"});
    config.tty = true;
    auto created = client.containers().create(config);
    ContainerGuard guard(client, created.id);
    client.containers().start(created.id);

    AttachOptions options;
    options.timeout = std::chrono::seconds(60);
    AttachedStream stream = client.containers().attach(created.id, options);
    CHECK_FALSE(stream.multiplexed());
    client.containers().resize(created.id, 40, 100);
    stream.write("go\n");  // only now does the shell ask the size
    Collected output = collect(stream);
    CHECK(output.out.find("40 100") != std::string::npos);
    CHECK(output.err.empty());
    CHECK(client.containers().wait(created.id).status_code == 0);
}

TEST_CASE("attach errors", "[integration][attach][errors]") {
    Client client = test::make_client();
    CHECK_THROWS_AS(client.containers().attach("dcpp-no-such-container"), NotFound);
    CHECK_THROWS_AS(client.containers().resize("dcpp-no-such-container", 24, 80), NotFound);
}

}  // namespace integration_attach_test
