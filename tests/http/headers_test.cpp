#include "docker/http/headers.hpp"

#include <string>
#include <vector>

#include "support/catch.hpp"

// A namespace per test file: test files are compiled in batches (unity build).
namespace http_headers_test {
using docker::http::Headers;
using docker::http::detail::iequals;
using docker::http::detail::list_contains;

TEST_CASE("Headers: lookups ignore case", "[http][headers]") {
    Headers h;
    CHECK(h.empty());
    h.add("Content-Type", "application/json");
    h.add("X-Docker-Thing", "1");
    CHECK(h.size() == 2);
    REQUIRE(h.find("content-type"));
    CHECK(*h.find("CONTENT-TYPE") == "application/json");
    CHECK_FALSE(h.find("Content-Typ"));
    CHECK_FALSE(h.find("Content-Type-X"));
    CHECK(h.get("x-docker-thing") == "1");
    CHECK(h.get("missing") == "");
    CHECK(h.get("missing", "fallback") == "fallback");
    CHECK(h.contains("X-DOCKER-THING"));
    CHECK_FALSE(h.contains("X-Docker"));
}

TEST_CASE("Headers: repeated fields", "[http][headers]") {
    Headers h;
    h.add("Set-Cookie", "a=1");
    h.add("Other", "x");
    h.add("set-cookie", "b=2");
    CHECK(h.get("Set-Cookie") == "a=1");  // the first
    CHECK(h.all("SET-COOKIE") == std::vector<std::string>{"a=1", "b=2"});
    CHECK(h.all("nothing").empty());
}

TEST_CASE("Headers: set replaces every field of the name, remove drops them", "[http][headers]") {
    Headers h;
    h.add("A", "1");
    h.add("b", "2");
    h.add("a", "3");
    h.set("A", "new");
    CHECK(h.size() == 2);
    CHECK(h.all("a") == std::vector<std::string>{"new"});
    // Order of the rest is kept; the replacement goes last.
    std::vector<Headers::Field> fields(h.begin(), h.end());
    CHECK(fields == std::vector<Headers::Field>{{"b", "2"}, {"A", "new"}});

    h.remove("B");
    CHECK(h.size() == 1);
    CHECK_FALSE(h.contains("b"));
    h.remove("not there");
    CHECK(h.size() == 1);
    h.append_to_last_value("changed");
    CHECK(h.get("a") == "new changed");
    h.clear();
    CHECK(h.empty());
}

TEST_CASE("iequals compares ASCII case-insensitively", "[http][headers]") {
    CHECK(iequals("Keep-Alive", "keep-alive"));
    CHECK_FALSE(iequals("keep-alive", "keep-alive "));
    CHECK_FALSE(iequals("a", "b"));
    CHECK(iequals("", ""));
    CHECK_FALSE(iequals("\xc3\x89", "\xc3\xa9"));  // no Unicode case folding
}

TEST_CASE("list_contains finds a token in a comma-separated value", "[http][headers]") {
    CHECK(list_contains("close", "close"));
    CHECK(list_contains("Close", "close"));
    CHECK(list_contains("keep-alive, close", "close"));
    CHECK(list_contains("keep-alive,close", "CLOSE"));
    CHECK(list_contains(" \tclose\t ,x", "close"));
    CHECK(list_contains("a,,close,", "close"));
    CHECK_FALSE(list_contains("", "close"));
    CHECK_FALSE(list_contains("closed", "close"));
    CHECK_FALSE(list_contains("not-close", "close"));
    CHECK_FALSE(list_contains("keep-alive", "alive"));
    CHECK_FALSE(list_contains(",", "close"));
    CHECK(list_contains("Upgrade, keep-alive", "keep-alive"));
}

}  // namespace http_headers_test
