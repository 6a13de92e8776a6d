// The low-level calls users reach for when a wrapper is missing: put(), extra headers on
// every shorthand, braced bodies that cannot silently become arrays, the filters builder and
// the registry-auth header.

#include "docker/client.hpp"

#include <chrono>
#include <memory>
#include <string>
#include <type_traits>

#include "docker/detail/base64.hpp"
#include "docker/filters.hpp"
#include "docker/registry_auth.hpp"
#include "support/catch.hpp"
#include "support/fake_client.hpp"
#include "support/fake_daemon.hpp"

// A namespace per test file: test files are compiled in batches (unity build).
namespace client_escape_hatch_test {
using namespace docker;
using docker::test::FakeDaemon;
using namespace std::chrono_literals;

namespace {

using docker::test::pinned_options;

FakeDaemon::Script answers(int n) {
    FakeDaemon::Script script;
    for (int i = 0; i < n; ++i) {
        script.push_back(FakeDaemon::read_request());
        script.push_back(FakeDaemon::respond(200));  // no body: one of them is a HEAD
    }
    return script;
}

}  // namespace

TEST_CASE("client: put and extra headers on every shorthand", "[client]") {
    FakeDaemon daemon({answers(5)});
    Client client(pinned_options(daemon));
    client.put("/volumes/v?version=3", json{{"Spec", json::object()}}, {{"X-Trace", "1"}});
    client.get("/info", {{"X-Registry-Auth", "abc"}});
    client.head("/_ping", {{"X-Trace", "2"}});
    client.del("/volumes/v", {{"X-Trace", "3"}});
    client.post("/images/create?fromImage=x", nullptr, {{"X-Registry-Auth", "def"}, {"X-Trace", "4"}});

    auto r = daemon.requests();
    REQUIRE(r.size() == 5);
    CHECK(r[0].method == "PUT");
    CHECK(r[0].target == "/v1.41/volumes/v?version=3");
    CHECK(r[0].body == R"({"Spec":{}})");
    CHECK(r[0].header("Content-Type") == "application/json");
    CHECK(r[0].header("X-Trace") == "1");
    CHECK(r[1].method == "GET");
    CHECK(r[1].header("X-Registry-Auth") == "abc");
    CHECK(r[2].method == "HEAD");
    CHECK(r[2].header("X-Trace") == "2");
    CHECK(r[3].method == "DELETE");
    CHECK(r[3].header("X-Trace") == "3");
    CHECK(r[4].method == "POST");
    CHECK(r[4].body.empty());
    CHECK_FALSE(r[4].has_header("Content-Type"));
    CHECK(r[4].header("X-Registry-Auth") == "def");
    CHECK(r[4].header("X-Trace") == "4");
}

TEST_CASE("client: a braced body is an object or refused, never a surprise array", "[client]") {
    FakeDaemon daemon({answers(3)});
    Client client(pinned_options(daemon));
    client.post("/networks/create", {{"Name", "n"}, {"Labels", {{"a", "b"}}}});
    client.put("/x", {{"Spec", {{"Availability", "drain"}}}});
    client.post("/y", json::array({"x"}));  // an array, when asked for by name
    CHECK_THROWS_AS(client.post("/z", {"x"}), UsageError);
    CHECK_THROWS_AS(client.put("/z", {"a", "b", "c"}), UsageError);
    CHECK_THROWS_WITH(client.post("/z", {{"a", 1}, {"b"}}), Catch::Contains("would be sent as a JSON array"));

    auto r = daemon.requests();
    REQUIRE(r.size() == 3);  // nothing sent for the refused ones
    CHECK(json::parse(r[0].body) == json::parse(R"({"Name":"n","Labels":{"a":"b"}})"));
    CHECK(json::parse(r[1].body) == json::parse(R"({"Spec":{"Availability":"drain"}})"));
    CHECK(r[2].body == R"(["x"])");
}

TEST_CASE("filters: built or written as a map, the same JSON", "[client]") {
    Filters built = Filters().label("app", "web").label("tier").add("dangling", true).add("name", "a").add("name", "b");
    CHECK(built.json() == R"({"dangling":["true"],"label":["app=web","tier"],"name":["a","b"]})");
    Filters written = {{"label", {"app=web"}}};
    CHECK(written.json() == R"({"label":["app=web"]})");
    CHECK(Filters().until(std::chrono::hours(24)).json() == R"({"until":["86400s"]})");
    CHECK(Filters().until(std::chrono::system_clock::time_point(std::chrono::seconds(1700000000))).json() ==
          R"({"until":["1700000000"]})");
    CHECK(Filters().without_label("keep").json() == R"({"label!":["keep"]})");
    const std::map<std::string, std::vector<std::string>>& as_map = built;  // fits every options struct
    CHECK(as_map.at("name").size() == 2);
}

TEST_CASE("registry_auth_header: base64url of the credentials' JSON", "[client]") {
    AuthConfig auth;
    auth.username = "user";
    auth.password = "p?ss>>";
    auth.server_address = "127.0.0.1:5011";
    std::string header = registry_auth_header(auth);
    CHECK(header.find_first_of("+/") == std::string::npos);  // URL-safe alphabet
    std::string standard = header;
    for (char& c : standard) c = c == '-' ? '+' : c == '_' ? '/' : c;
    CHECK(json::parse(detail::base64_decode(standard)) ==
          json{{"username", "user"}, {"password", "p?ss>>"}, {"serveraddress", "127.0.0.1:5011"}});
}

// The groups refer to their Client: moving one would leave them dangling, so it cannot move.
static_assert(!std::is_move_constructible_v<Client> && !std::is_move_assignable_v<Client>);
static_assert(!std::is_copy_constructible_v<Client> && !std::is_copy_assignable_v<Client>);

TEST_CASE("client: a factory can still hand out a Client, made in place", "[client]") {
    auto make = [](const std::string& host) { return Client(host); };  // guaranteed elision
    Client client = make("unix:///nonexistent/docker.sock");
    CHECK(client.endpoint().host_header() == "localhost");
    auto shared = std::make_shared<Client>("unix:///nonexistent/docker.sock");  // to pass it around
    CHECK(shared->endpoint().host_header() == "localhost");
}

}  // namespace client_escape_hatch_test
