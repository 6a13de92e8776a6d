#include "docker/stream/json_lines.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "support/catch.hpp"
#include "support/text.hpp"

// A namespace per test file: test files are compiled in batches (unity build).
namespace stream_json_lines_test {
using docker::stream::JsonLinesDecoder;

namespace {

// What a decoding produced: the values (as compact JSON text) or the error.
struct Decoded {
    std::vector<std::string> values;
    std::string error;
    bool operator==(const Decoded& o) const { return values == o.values && error == o.error; }
};

Decoded decode(const std::vector<std::string_view>& pieces, std::size_t max_line = 1024) {
    JsonLinesDecoder decoder(max_line);
    Decoded out;
    auto collect = [&](const nlohmann::json& value) { out.values.push_back(value.dump()); };
    try {
        for (auto piece : pieces) decoder.feed(piece, collect);
        decoder.finish(collect);
    } catch (const docker::ProtocolError& e) {
        out.error = e.what();
    }
    return out;
}

// Whole, byte by byte, and split at every offset (into two; into three when short): every
// delivery must decode the same. Returns the whole-input result.
Decoded decode_every_way(std::string_view input, std::size_t max_line = 1024) {
    Decoded whole = decode({input}, max_line);
    std::vector<std::string_view> bytes;
    for (std::size_t i = 0; i < input.size(); ++i) bytes.push_back(input.substr(i, 1));
    std::size_t mismatches = 0;
    std::string first;
    auto compare = [&](const Decoded& d, const std::string& how) {
        if (d == whole) return;
        if (mismatches++ == 0) first = how + ": " + std::to_string(d.values.size()) + " values, error '" + d.error + "'";
    };
    compare(decode(bytes, max_line), "byte by byte");
    for (std::size_t a = 1; a < input.size(); ++a) {
        compare(decode({input.substr(0, a), input.substr(a)}, max_line), "split at " + std::to_string(a));
        if (input.size() <= 100)
            for (std::size_t b = a + 1; b < input.size(); ++b)
                compare(decode({input.substr(0, a), input.substr(a, b - a), input.substr(b)}, max_line),
                        "split at " + std::to_string(a) + "," + std::to_string(b));
    }
    INFO("first mismatch: " << first);
    CHECK(mismatches == 0);
    return whole;
}

using test_support::contains;

}  // namespace

TEST_CASE("JSON lines: values in order, however the bytes arrive", "[stream][json]") {
    auto d = decode_every_way("{\"status\":\"Pulling\"}\n{\"id\":\"abc\",\"progress\":1}\n[1,2]\n\"text\"\n42\n");
    CHECK(d.error.empty());
    CHECK(d.values ==
          std::vector<std::string>{R"({"status":"Pulling"})", R"({"id":"abc","progress":1})", "[1,2]", R"("text")", "42"});
}

TEST_CASE("JSON lines: CRLF separators", "[stream][json]") {
    auto d = decode_every_way("{\"a\":1}\r\n{\"b\":2}\r\n");
    CHECK(d.error.empty());
    CHECK(d.values == std::vector<std::string>{R"({"a":1})", R"({"b":2})"});
}

TEST_CASE("JSON lines: blank and whitespace-only lines are skipped", "[stream][json]") {
    auto d = decode_every_way("\n\r\n{\"a\":1}\n\n  \t\n \r\n{\"b\":2}\n\n");
    CHECK(d.error.empty());
    CHECK(d.values == std::vector<std::string>{R"({"a":1})", R"({"b":2})"});
}

TEST_CASE("JSON lines: the last line needs no newline", "[stream][json]") {
    auto d = decode_every_way("{\"a\":1}\n{\"last\":true}");
    CHECK(d.error.empty());
    CHECK(d.values == std::vector<std::string>{R"({"a":1})", R"({"last":true})"});

    // Nothing is delivered for it before finish(): it might still grow.
    JsonLinesDecoder decoder;
    std::vector<std::string> values;
    auto collect = [&](const nlohmann::json& v) { values.push_back(v.dump()); };
    decoder.feed("{\"a\":1}\n{\"b\":", collect);
    CHECK(values.size() == 1);
    decoder.feed("2}", collect);
    CHECK(values.size() == 1);
    decoder.finish(collect);
    CHECK(values == std::vector<std::string>{R"({"a":1})", R"({"b":2})"});
    decoder.finish(collect);  // idempotent
    CHECK(values.size() == 2);
}

TEST_CASE("JSON lines: an empty stream has no values", "[stream][json]") {
    CHECK(decode({}).values.empty());
    CHECK(decode({""}).values.empty());
    CHECK(decode_every_way("\n\n").values.empty());
}

TEST_CASE("JSON lines: invalid JSON is a ProtocolError", "[stream][json]") {
    for (std::string input : {"{\"a\":1}\nnot json\n", "{\"a\":1}\n{\"unterminated\": \n", "{\"a\":1}\n{\"a\":1} {\"b\":2}\n",
                              "{\"a\":1}\n{broken"}) {
        INFO(input);
        auto d = decode_every_way(input);
        CHECK(contains(d.error, "invalid JSON in stream"));
        CHECK(d.values == std::vector<std::string>{R"({"a":1})"});  // the good line before it was delivered
    }
}

TEST_CASE("JSON lines: a line over the limit is a ProtocolError", "[stream][json]") {
    const std::string long_line = "{\"data\":\"" + std::string(100, 'x') + "\"}";  // 111 bytes
    // Arriving in pieces, the line must be buffered, and the buffer is bounded.
    for (std::size_t piece : {1u, 10u, 60u}) {
        INFO("pieces of " << piece);
        std::string input = "{\"a\":1}\n" + long_line + "\n";
        std::vector<std::string_view> pieces;
        for (std::size_t i = 0; i < input.size(); i += piece) pieces.push_back(std::string_view(input).substr(i, piece));
        auto d = decode(pieces, 64);
        CHECK(contains(d.error, "JSON stream line longer than 64 bytes"));
        CHECK(d.values == std::vector<std::string>{R"({"a":1})"});
    }
    // A last line without its newline is held too: every delivery fails alike.
    auto d = decode_every_way(long_line, 64);
    CHECK(contains(d.error, "longer than 64 bytes"));
}

TEST_CASE("JSON lines: a line at the limit is fine", "[stream][json]") {
    std::string line = "{\"data\":\"" + std::string(53, 'y') + "\"}";  // exactly 64 bytes
    REQUIRE(line.size() == 64);
    auto d = decode_every_way(line + "\n" + line + "\n", 64);
    CHECK(d.error.empty());
    CHECK(d.values.size() == 2);
}

TEST_CASE("JSON lines: UTF-8 and escapes pass through", "[stream][json]") {
    auto d = decode_every_way("{\"s\":\"caf\xc3\xa9 \\u00e9 \\n\"}\n");
    REQUIRE(d.values.size() == 1);
    CHECK(nlohmann::json::parse(d.values[0])["s"] == "caf\xc3\xa9 \xc3\xa9 \n");
}

// The limit must not depend on where reads were cut: a whole over-long line in one piece
// fails like one that had to be buffered.
TEST_CASE("JSON lines: the limit holds for a whole line in one piece too", "[stream][json]") {
    std::string input = "{\"data\":\"" + std::string(100, 'x') + "\"}\n";
    auto d = decode_every_way(input, 64);
    CHECK(contains(d.error, "longer than 64 bytes"));
}

}  // namespace stream_json_lines_test
