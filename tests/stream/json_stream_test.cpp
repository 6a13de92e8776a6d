#include "docker/stream/json_stream.hpp"

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "support/catch.hpp"

// A namespace per test file: test files are compiled in batches (unity build).
namespace stream_json_stream_test {
namespace {

struct Point {
    int x = 0;
    int y = 0;
};

void from_json(const nlohmann::json& j, Point& p) {
    j.at("x").get_to(p.x);
    j.at("y").get_to(p.y);
}

// Serves its pieces in order, then the end; tells the test when it is destroyed.
struct PieceSource {
    std::vector<std::string> pieces;
    std::size_t next = 0;
    std::size_t reads = 0;
    std::shared_ptr<bool> destroyed = std::make_shared<bool>(false);

    PieceSource() = default;
    PieceSource(PieceSource&& o) noexcept
        : pieces(std::move(o.pieces)), next(o.next), reads(o.reads), destroyed(std::move(o.destroyed)) {}
    ~PieceSource() {
        if (destroyed) *destroyed = true;
    }

    std::string_view read() {
        ++reads;
        return next < pieces.size() ? std::string_view(pieces[next++]) : std::string_view{};
    }
};

using PointStream = docker::stream::JsonStream<Point, PieceSource>;

std::vector<Point> read_all(std::vector<std::string> pieces) {
    PieceSource source;
    source.pieces = std::move(pieces);
    PointStream stream(std::move(source), "a point");
    std::vector<Point> out;
    Point p;
    while (stream.next(p)) out.push_back(p);
    return out;
}

std::string points_text(const std::vector<Point>& points) {
    std::string s;
    for (const auto& p : points) s += std::to_string(p.x) + "," + std::to_string(p.y) + ";";
    return s;
}

}  // namespace

TEST_CASE("JsonStream yields one typed value per line, wherever the reads were cut", "[stream][json_stream]") {
    const std::string body = "{\"x\":1,\"y\":2}\n\n{\"x\":3,\"y\":4}\r\n{\"x\":5,\"y\":6}";  // no final newline
    const std::string expected = "1,2;3,4;5,6;";
    CHECK(points_text(read_all({body})) == expected);
    std::vector<std::string> bytes;
    for (char c : body) bytes.emplace_back(1, c);
    CHECK(points_text(read_all(bytes)) == expected);
    for (std::size_t a = 1; a < body.size(); ++a) {
        INFO("split at " << a);
        CHECK(points_text(read_all({body.substr(0, a), body.substr(a)})) == expected);
    }
}

TEST_CASE("JsonStream: range-for, and several values in one piece", "[stream][json_stream]") {
    PieceSource source;
    source.pieces = {"{\"x\":1,\"y\":1}\n{\"x\":2,\"y\":2}\n{\"x\":3,\"y\":3}\n"};
    PointStream stream(std::move(source));
    int sum = 0;
    int count = 0;
    for (const Point& p : stream) {
        sum += p.x;
        ++count;
    }
    CHECK(count == 3);
    CHECK(sum == 6);
    Point p;
    CHECK_FALSE(stream.next(p));  // stays ended
}

TEST_CASE("JsonStream reads lazily: a value is handed out before the next piece is asked for",
          "[stream][json_stream]") {
    PieceSource source;
    source.pieces = {"{\"x\":1,\"y\":1}\n", "{\"x\":2,\"y\":2}\n"};
    PointStream stream(std::move(source));
    Point p;
    REQUIRE(stream.next(p));
    CHECK(p.x == 1);
    CHECK(stream.source().reads == 1);
}

TEST_CASE("JsonStream: a line of another shape is a ProtocolError naming what was expected",
          "[stream][json_stream]") {
    PieceSource source;
    source.pieces = {"{\"x\":1,\"y\":1}\n{\"x\":\"no\"}\n"};
    PointStream stream(std::move(source), "a point");
    Point p;
    REQUIRE(stream.next(p));
    try {
        stream.next(p);
        FAIL("no error");
    } catch (const docker::ProtocolError& e) {
        CHECK(std::string(e.what()).find("a point") != std::string::npos);
    }
}

TEST_CASE("JsonStream: values before a broken line come first, then its error, which sticks",
          "[stream][json_stream]") {
    PieceSource source;
    source.pieces = {"{\"x\":1,\"y\":1}\n{\"x\":2,\"y\":2}\n{broken\n{\"x\":3,\"y\":3}\n"};
    PointStream stream(std::move(source));
    Point p;
    REQUIRE(stream.next(p));
    CHECK(p.x == 1);
    REQUIRE(stream.next(p));
    CHECK(p.x == 2);
    CHECK_THROWS_AS(stream.next(p), docker::ProtocolError);
    CHECK_THROWS_AS(stream.next(p), docker::ProtocolError);
}

TEST_CASE("JsonStream: invalid JSON and an overlong line are ProtocolErrors", "[stream][json_stream]") {
    {
        PieceSource source;
        source.pieces = {"{not json}\n"};
        PointStream stream(std::move(source));
        Point p;
        CHECK_THROWS_AS(stream.next(p), docker::ProtocolError);
    }
    {
        PieceSource source;
        source.pieces = {"{\"x\":1,", std::string(100, ' '), "\"y\":1}\n"};
        PointStream stream(std::move(source), "a point", 64);
        Point p;
        CHECK_THROWS_AS(stream.next(p), docker::ProtocolError);
    }
}

TEST_CASE("JsonStream owns its source: destroying the stream destroys it", "[stream][json_stream]") {
    PieceSource source;
    source.pieces = {"{\"x\":1,\"y\":1}\n"};
    auto destroyed = source.destroyed;
    {
        PointStream stream(std::move(source));
        Point p;
        REQUIRE(stream.next(p));
        CHECK_FALSE(*destroyed);
    }
    CHECK(*destroyed);
}

}  // namespace stream_json_stream_test
