#include "docker/http/url.hpp"

#include <cstdint>
#include <string>

#include "support/catch.hpp"

// A namespace per test file: test files are compiled in batches (unity build).
namespace http_url_test {
using docker::http::encode_path;
using docker::http::encode_path_segment;
using docker::http::encode_query_component;
using docker::http::Query;

TEST_CASE("encode_path_segment: a segment can never step into another path", "[http][url]") {
    CHECK(encode_path_segment("abc123") == "abc123");
    CHECK(encode_path_segment("a/b") == "a%2Fb");
    CHECK(encode_path_segment("../etc") == "..%2Fetc");
    CHECK(encode_path_segment("a b") == "a%20b");
    CHECK(encode_path_segment("a?b") == "a%3Fb");
    CHECK(encode_path_segment("a#b") == "a%23b");
    CHECK(encode_path_segment("100%") == "100%25");
    CHECK(encode_path_segment("%2F") == "%252F");  // already-encoded text is encoded again
}

TEST_CASE("encode_path_segment: image references stay readable", "[http][url]") {
    CHECK(encode_path_segment("busybox:latest") == "busybox:latest");
    CHECK(encode_path_segment("alpine@sha256:abcd") == "alpine@sha256:abcd");
    CHECK(encode_path_segment("my-name_1.2~x") == "my-name_1.2~x");
    CHECK(encode_path_segment("a+b,c;d=e") == "a+b,c;d=e");
}

TEST_CASE("encode_path_segment: bytes outside ASCII and controls", "[http][url]") {
    CHECK(encode_path_segment("\xc3\xa9") == "%C3%A9");  // UTF-8 é, upper-case hex
    CHECK(encode_path_segment(std::string("a\0b", 3)) == "a%00b");
    CHECK(encode_path_segment("\r\n") == "%0D%0A");
    CHECK(encode_path_segment("") == "");
}

TEST_CASE("encode_path keeps '/' between segments", "[http][url]") {
    CHECK(encode_path("127.0.0.1:5000/team/app") == "127.0.0.1:5000/team/app");
    CHECK(encode_path("a b/c?d") == "a%20b/c%3Fd");
}

TEST_CASE("encode_query_component: only unreserved characters stay", "[http][url]") {
    CHECK(encode_query_component("abc-._~XYZ09") == "abc-._~XYZ09");
    CHECK(encode_query_component("a b") == "a%20b");
    CHECK(encode_query_component("a&b=c") == "a%26b%3Dc");
    CHECK(encode_query_component("a+b") == "a%2Bb");  // '+' would read as a space
    CHECK(encode_query_component("busybox:latest") == "busybox%3Alatest");
    CHECK(encode_query_component(R"({"label":["a=b"]})") == "%7B%22label%22%3A%5B%22a%3Db%22%5D%7D");
    CHECK(encode_query_component("/?#%") == "%2F%3F%23%25");
}

TEST_CASE("Query: bools, integers and strings, in the order added", "[http][url]") {
    CHECK(Query().str().empty());
    Query q;
    q.add("all", true).add("size", false).add("limit", 10).add("since", std::int64_t{-5}).add("name", "a b");
    q.add("filters", std::string(R"({"status":["exited"]})"));
    q.add("unsigned", 42u);
    CHECK(q.str() == "?all=1&size=0&limit=10&since=-5&name=a%20b&filters=%7B%22status%22%3A%5B%22exited%22%5D%7D"
                     "&unsigned=42");

    Query one;
    one.add("t", std::string_view("x:y"));
    CHECK(one.str() == "?t=x%3Ay");

    // A string literal must not decay into the bool overload.
    Query literal;
    literal.add("signal", "SIGKILL");
    CHECK(literal.str() == "?signal=SIGKILL");

    Query keys;
    keys.add("a key", "v&w");
    CHECK(keys.str() == "?a%20key=v%26w");
}

}  // namespace http_url_test
