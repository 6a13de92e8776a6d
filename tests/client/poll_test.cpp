// Streams driven without a thread: native_handle(), pending() and the non-blocking steps
// (ResponseStream::try_read, FrameReader::try_next_piece, JsonStream::try_next) never wait.
#include <poll.h>

#include <chrono>
#include <string>

#include "docker/client.hpp"
#include "docker/stream/json_stream.hpp"
#include "docker/stream/log_frames.hpp"
#include "support/catch.hpp"
#include "support/fake_daemon.hpp"

// A namespace per test file: test files are compiled in batches (unity build).
namespace client_poll_test {
using docker::Client;
using docker::PollResult;
using docker::test::FakeDaemon;
using namespace std::chrono_literals;

namespace {

docker::ClientOptions options_for(const FakeDaemon& daemon) {
    docker::ClientOptions o;
    o.host = daemon.host();
    o.api_version = "1.41";
    o.read_timeout = docker::no_timeout;  // a blocking read here would hang the test
    return o;
}

bool readable(int fd, int ms) {
    pollfd p{fd, POLLIN, 0};
    return ::poll(&p, 1, ms) > 0;
}

std::string frame(char type, const std::string& payload) {
    std::string out(8, '\0');
    out[0] = type;
    out[7] = static_cast<char>(payload.size());
    return out + payload;
}

const std::string chunked_head = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";

std::string chunk(const std::string& data) {
    char size[16];
    std::snprintf(size, sizeof size, "%zx\r\n", data.size());
    return size + data + "\r\n";
}

}  // namespace

TEST_CASE("poll: a response stream steps without blocking", "[client][poll]") {
    FakeDaemon daemon({{FakeDaemon::read_request(), FakeDaemon::send(chunked_head), FakeDaemon::sleep(300ms),
                        FakeDaemon::send(chunk("hello")), FakeDaemon::sleep(300ms), FakeDaemon::send("0\r\n\r\n")}});
    Client client(options_for(daemon));
    auto stream = client.stream(Client::make_request("GET", "/events"));
    REQUIRE(stream.native_handle() >= 0);
    CHECK_FALSE(stream.try_read().has_value());  // nothing yet: would block
    std::string got;
    for (;;) {
        auto piece = stream.try_read();
        if (!piece) {
            REQUIRE(readable(stream.native_handle(), 5000));
            continue;
        }
        if (piece->empty()) break;
        got.append(*piece);
    }
    CHECK(got == "hello");
}

TEST_CASE("poll: log pieces of frames straddling chunks, without blocking", "[client][poll]") {
    std::string bytes = frame(1, "first line\n") + frame(2, "an error\n") + frame(1, "last\n");
    std::string body = chunk(bytes.substr(0, 5)) + chunk(bytes.substr(5, 12)) + chunk(bytes.substr(17));
    FakeDaemon daemon({{FakeDaemon::read_request(), FakeDaemon::send(chunked_head), FakeDaemon::sleep(200ms),
                        FakeDaemon::send(body.substr(0, 20)), FakeDaemon::sleep(200ms), FakeDaemon::send(body.substr(20)),
                        FakeDaemon::send("0\r\n\r\n")}});
    Client client(options_for(daemon));
    docker::stream::FrameReader<docker::ResponseStream> frames(client.stream(Client::make_request("GET", "/logs")), true);
    std::string out, err;
    int would_block = 0;
    docker::LogPiece piece;
    for (;;) {
        PollResult r = frames.try_next_piece(piece);
        if (r == PollResult::ended) break;
        if (r == PollResult::would_block) {
            ++would_block;
            REQUIRE(readable(frames.source().native_handle(), 5000));
            continue;
        }
        (piece.is_stderr() ? err : out).append(piece.data);
    }
    CHECK(out == "first line\nlast\n");
    CHECK(err == "an error\n");
    CHECK(would_block > 0);
}

TEST_CASE("poll: JSON lines without blocking", "[client][poll]") {
    FakeDaemon daemon({{FakeDaemon::read_request(), FakeDaemon::send(chunked_head), FakeDaemon::sleep(200ms),
                        FakeDaemon::send(chunk("{\"a\":1}\n{\"a\"")), FakeDaemon::sleep(200ms),
                        FakeDaemon::send(chunk(":2}\n")), FakeDaemon::send("0\r\n\r\n")}});
    Client client(options_for(daemon));
    docker::stream::JsonStream<nlohmann::json, docker::ResponseStream> lines(
        client.stream(Client::make_request("GET", "/events")));
    std::vector<int> values;
    nlohmann::json value;
    for (;;) {
        PollResult r = lines.try_next(value);
        if (r == PollResult::ended) break;
        if (r == PollResult::would_block) {
            REQUIRE(readable(lines.source().native_handle(), 5000));
            continue;
        }
        values.push_back(value.at("a").get<int>());
    }
    CHECK(values == std::vector<int>{1, 2});
}

}  // namespace client_poll_test
