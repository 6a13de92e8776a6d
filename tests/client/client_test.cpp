#include "docker/client.hpp"

#include <chrono>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include "support/catch.hpp"
#include "support/fake_daemon.hpp"
#include "support/text.hpp"

// A namespace per test file: test files are compiled in batches (unity build).
namespace client_client_test {
// The client against a scripted fake daemon: version negotiation, headers, error mapping,
// the connection pool and its retry rules, timeouts and truncation.

using docker::Client;
using docker::ClientOptions;
using docker::test::FakeDaemon;
using docker::test::http_response;
using namespace std::chrono_literals;

namespace {

using Script = FakeDaemon::Script;

// DOCKER_API_VERSION would bypass negotiation: clear it for the scope of a test.
class ScopedEnv {
public:
    ScopedEnv(const char* name, const char* value) : name_(name) {
        if (const char* old = std::getenv(name)) old_ = old;
        if (value) ::setenv(name, value, 1);
        else ::unsetenv(name);
    }
    ~ScopedEnv() {
        if (old_) ::setenv(name_.c_str(), old_->c_str(), 1);
        else ::unsetenv(name_.c_str());
    }
    ScopedEnv(const ScopedEnv&) = delete;
    ScopedEnv& operator=(const ScopedEnv&) = delete;

private:
    std::string name_;
    std::optional<std::string> old_;
};

ClientOptions options_for(const FakeDaemon& daemon, const char* api_version = "1.43") {
    ClientOptions o;
    o.host = daemon.host();
    o.api_version = api_version ? api_version : "";
    o.connect_timeout = 2s;
    o.read_timeout = 3s;  // a bug shows up as a failure, not a hang
    return o;
}

FakeDaemon::Action ok(const std::string& body = "{}") {
    return FakeDaemon::respond(200, body, {{"Content-Type", "application/json"}});
}

FakeDaemon::Action ping(const std::string& api_version) {
    return FakeDaemon::respond(200, "OK", {{"Api-Version", api_version}, {"Content-Type", "text/plain"}});
}

FakeDaemon::Action req() { return FakeDaemon::read_request(); }  // short: scripts read like a dialogue

using test_support::contains;

}  // namespace

TEST_CASE("client: negotiates the daemon's API version from /_ping", "[client]") {
    ScopedEnv env("DOCKER_API_VERSION", nullptr);
    FakeDaemon daemon({{req(), ping("1.41"), req(), ok("[]"), req(), ok()}});
    Client client(options_for(daemon, nullptr));
    auto answer = client.get("/containers/json?all=1");
    CHECK(answer.status == 200);
    CHECK(answer.body == "[]");
    CHECK(client.api_version() == "1.41");  // negotiated once, then remembered
    client.get("/info");
    auto requests = daemon.requests();
    REQUIRE(requests.size() == 3);
    CHECK(requests[0].method == "GET");
    CHECK(requests[0].target == "/_ping");
    CHECK(requests[1].target == "/v1.41/containers/json?all=1");
    CHECK(requests[2].target == "/v1.41/info");
    CHECK(daemon.connections() == 1);
    CHECK(client.api_version_at_least("1.40"));
    CHECK(client.api_version_at_least("1.41"));
    CHECK_FALSE(client.api_version_at_least("1.42"));
}

TEST_CASE("client: a newer daemon is capped at the newest version we know", "[client]") {
    ScopedEnv env("DOCKER_API_VERSION", nullptr);
    FakeDaemon daemon({{req(), ping("9.99"), req(), ok()}});
    Client client(options_for(daemon, nullptr));
    client.get("/info");
    CHECK(client.api_version() == docker::newest_api_version);
    auto requests = daemon.requests();
    REQUIRE(requests.size() == 2);
    CHECK(requests[1].target == std::string("/v") + docker::newest_api_version + "/info");
}

TEST_CASE("client: versions compare number by number", "[client]") {
    ScopedEnv env("DOCKER_API_VERSION", nullptr);
    // "1.100" is newer than "1.55" although it sorts lower as text.
    FakeDaemon daemon({{req(), ping("1.100")}, {req(), ping("1.9")}});
    {
        Client newer(options_for(daemon, nullptr));
        CHECK(newer.api_version() == docker::newest_api_version);
    }  // its pooled connection goes away with it
    Client older(options_for(daemon, nullptr));
    CHECK(older.api_version() == "1.9");
}

TEST_CASE("client: a daemon that does not say its version is taken as 1.24", "[client]") {
    ScopedEnv env("DOCKER_API_VERSION", nullptr);
    FakeDaemon daemon({{req(), FakeDaemon::respond(200, "OK")}});
    Client client(options_for(daemon, nullptr));
    CHECK(client.api_version() == "1.24");
}

TEST_CASE("client: a configured API version means no ping", "[client]") {
    ScopedEnv env("DOCKER_API_VERSION", nullptr);
    FakeDaemon daemon({{req(), ok(), req(), ok()}});
    Client client(options_for(daemon, "1.43"));
    client.get("/version");
    ClientOptions with_v = options_for(daemon, "v1.44");  // a leading 'v' is tolerated
    Client other(with_v);
    CHECK(other.api_version() == "1.44");
    auto requests = daemon.requests();
    REQUIRE(requests.size() == 1);
    CHECK(requests[0].target == "/v1.43/version");
}

TEST_CASE("client: DOCKER_API_VERSION stands in for the option", "[client]") {
    ScopedEnv env("DOCKER_API_VERSION", "1.42");
    FakeDaemon daemon({{req(), ok()}});
    Client client(options_for(daemon, nullptr));
    client.get("/info");
    REQUIRE(daemon.requests().size() == 1);
    CHECK(daemon.requests()[0].target == "/v1.42/info");
}

TEST_CASE("client: Host and User-Agent headers", "[client]") {
    FakeDaemon daemon({{req(), ok(), req(), ok(), req(), ok()}});
    Client client(options_for(daemon));
    client.get("/info");
    auto request = client.make_request("GET", "/version");
    request.headers.set("User-Agent", "mine/1.0");
    client.request(std::move(request));
    docker::CallOptions unversioned;
    unversioned.versioned = false;
    client.request(client.make_request("GET", "/_ping"), unversioned);
    auto requests = daemon.requests();
    REQUIRE(requests.size() == 3);
    CHECK(requests[0].header("Host") == "localhost");
    CHECK(requests[0].header("User-Agent") == std::string("docker-cpp/") + DOCKER_CPP_VERSION_STRING);
    CHECK(requests[0].version == "HTTP/1.1");
    CHECK(requests[1].header("User-Agent") == "mine/1.0");
    CHECK(requests[2].target == "/_ping");  // unversioned on request
}

TEST_CASE("client: a custom user agent from the options", "[client]") {
    FakeDaemon daemon({{req(), ok()}});
    ClientOptions o = options_for(daemon);
    o.user_agent = "my-tool/2.0";
    Client client(o);
    client.get("/info");
    REQUIRE(daemon.requests().size() == 1);
    CHECK(daemon.requests()[0].header("User-Agent") == "my-tool/2.0");
}

TEST_CASE("client: POST sends its JSON body", "[client]") {
    FakeDaemon daemon({{req(), FakeDaemon::respond(201, R"({"Id":"abc"})"), req(), FakeDaemon::respond(204)}});
    Client client(options_for(daemon));
    auto created = client.post("/containers/create?name=x", {{"Image", "busybox"}});
    CHECK(created.status == 201);
    CHECK(created.body == R"({"Id":"abc"})");
    client.post("/containers/abc/start");
    auto requests = daemon.requests();
    REQUIRE(requests.size() == 2);
    CHECK(requests[0].method == "POST");
    CHECK(requests[0].body == R"({"Image":"busybox"})");
    CHECK(requests[0].header("Content-Type") == "application/json");
    CHECK(requests[1].header("Content-Length") == "0");
    CHECK(requests[1].body.empty());
    CHECK(daemon.connections() == 1);
}

TEST_CASE("client: error statuses map to exception types", "[client]") {
    struct Expect {
        int status;
        const char* message;
    };
    const std::vector<Expect> cases = {{400, "bad parameter"}, {401, "login"},      {403, "forbidden"},
                                       {404, "No such container: x"}, {406, "not running"}, {409, "name in use"},
                                       {418, "teapot"},        {500, "boom"},        {502, "gateway"},
                                       {503, "unavailable"}};
    Script script;
    for (const auto& c : cases) {
        script.push_back(req());
        script.push_back(FakeDaemon::respond(c.status, std::string(R"({"message":")") + c.message + "\"}",
                                             {{"Content-Type", "application/json"}}));
    }
    FakeDaemon daemon({script});
    Client client(options_for(daemon));

    auto error_of = [&](int status) -> std::string {
        try {
            client.get("/containers/x/json");
        } catch (const docker::BadRequest& e) {
            return status == 400 ? "BadRequest" : "wrong";
        } catch (const docker::Unauthorized&) {
            return "Unauthorized";
        } catch (const docker::Forbidden&) {
            return "Forbidden";
        } catch (const docker::NotFound& e) {
            CHECK(e.status() == 404);
            CHECK(e.method() == "GET");
            CHECK(e.path() == "/v1.43/containers/x/json");
            CHECK(e.message() == "No such container: x");
            CHECK(std::string(e.what()) == "GET /v1.43/containers/x/json: 404: No such container: x");
            return "NotFound";
        } catch (const docker::NotAcceptable&) {
            return "NotAcceptable";
        } catch (const docker::Conflict&) {
            return "Conflict";
        } catch (const docker::ServiceUnavailable&) {
            return "ServiceUnavailable";
        } catch (const docker::ServerError& e) {
            return "ServerError " + std::to_string(e.status());
        } catch (const docker::ApiError& e) {
            CHECK(contains(e.what(), "GET /v1.43/containers/x/json: " + std::to_string(status)));
            return "ApiError " + std::to_string(e.status());
        }
        return "no error";
    };
    CHECK(error_of(400) == "BadRequest");
    CHECK(error_of(401) == "Unauthorized");
    CHECK(error_of(403) == "Forbidden");
    CHECK(error_of(404) == "NotFound");
    CHECK(error_of(406) == "NotAcceptable");
    CHECK(error_of(409) == "Conflict");
    CHECK(error_of(418) == "ApiError 418");
    CHECK(error_of(500) == "ServerError 500");
    CHECK(error_of(502) == "ServerError 502");
    CHECK(error_of(503) == "ServiceUnavailable");
    // An error answer is a complete answer: the connection stays usable.
    CHECK(daemon.connections() == 1);
}

TEST_CASE("client: what() of an API error names method, path, status and message", "[client]") {
    FakeDaemon daemon({{req(),
                        FakeDaemon::respond(409, R"({"message":"Conflict. The container name \"/web\" is already in use"})"),
                        req(), FakeDaemon::respond(500, "plain text failure\n")}});
    Client client(options_for(daemon));
    try {
        client.post("/containers/create?name=web", {{"Image", "busybox"}});
        FAIL("no error");
    } catch (const docker::Conflict& e) {
        CHECK(std::string(e.what()) ==
              "POST /v1.43/containers/create?name=web: 409: Conflict. The container name \"/web\" is already in use");
    }
    try {
        client.del("/containers/web");
        FAIL("no error");
    } catch (const docker::ServerError& e) {
        CHECK(e.message() == "plain text failure");  // no JSON: the raw text, trimmed
        CHECK(std::string(e.what()) == "DELETE /v1.43/containers/web: 500: plain text failure");
    }
}

TEST_CASE("client: keep-alive reuses one connection", "[client]") {
    FakeDaemon daemon({{req(), ok(), req(), ok(), req(), ok()}});
    Client client(options_for(daemon));
    client.get("/a");
    CHECK(client.idle_connections() == 1);
    client.get("/b");
    client.get("/c");
    CHECK(daemon.connections() == 1);
    CHECK(daemon.requests().size() == 3);
    CHECK(client.idle_connections() == 1);
}

TEST_CASE("client: HEAD answers are read without a body", "[client]") {
    FakeDaemon daemon({{req(), FakeDaemon::send("HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\n"), req(), ok()}});
    Client client(options_for(daemon));
    auto answer = client.head("/images/busybox/json");
    CHECK(answer.body.empty());
    CHECK(answer.headers.get("Content-Length") == "1234");
    client.get("/after");  // the same connection is in sync
    CHECK(daemon.connections() == 1);
}

TEST_CASE("client: a HEAD answer that wrongly carries a body is not pooled", "[client]") {
    // The stray bytes would be read as the next answer's start.
    FakeDaemon daemon({{req(), FakeDaemon::respond(200, "{}")}, {req(), ok()}});
    Client client(options_for(daemon));
    CHECK(client.head("/x").body.empty());
    CHECK(client.idle_connections() == 0);
    client.get("/y");
    CHECK(daemon.connections() == 2);
}

TEST_CASE("client: a pooled connection the daemon closed is replaced", "[client]") {
    FakeDaemon daemon({{req(), ok(R"("first")"), FakeDaemon::close()}, {req(), ok(R"("second")")}});
    Client client(options_for(daemon));
    CHECK(client.get("/a").body == R"("first")");
    REQUIRE(daemon.wait_closed(1));  // the idle check sees it closed
    CHECK(client.get("/b").body == R"("second")");
    CHECK(daemon.connections() == 2);
    CHECK(daemon.requests().size() == 2);
}

TEST_CASE("client: a reused connection closed without an answer: GET is retried once", "[client]") {
    FakeDaemon daemon({{req(), ok(R"("first")"), req(), FakeDaemon::close()}, {req(), ok(R"("retried")")}});
    Client client(options_for(daemon));
    client.get("/a");
    CHECK(client.get("/b").body == R"("retried")");
    auto requests = daemon.requests();
    REQUIRE(requests.size() == 3);
    CHECK(requests[1].target == "/v1.43/b");
    CHECK(requests[1].connection == 0);
    CHECK(requests[2].target == "/v1.43/b");
    CHECK(requests[2].connection == 1);
    CHECK(daemon.connections() == 2);
}

TEST_CASE("client: a reused connection closed without an answer: POST is not sent twice", "[client]") {
    FakeDaemon daemon({{req(), ok(), req(), FakeDaemon::close()}, {req(), ok()}});
    Client client(options_for(daemon));
    client.get("/a");
    CHECK_THROWS_AS(client.post("/containers/x/start"), docker::ProtocolError);
    auto requests = daemon.requests();
    std::size_t posts = 0;
    for (const auto& r : requests) posts += r.method == "POST";
    CHECK(posts == 1);
    CHECK(daemon.connections() == 1);
}

TEST_CASE("client: a fresh connection closed without an answer is not retried", "[client]") {
    FakeDaemon daemon({{req(), FakeDaemon::close()}, {req(), ok()}});
    Client client(options_for(daemon));
    try {
        client.get("/a");
        FAIL("no error");
    } catch (const docker::ProtocolError& e) {
        CHECK(contains(e.what(), "before any response"));
    }
    CHECK(daemon.connections() == 1);
}

TEST_CASE("client: a GET is retried once, not twice", "[client]") {
    // The pooled connection dies, and so does the fresh one: the second error is the user's.
    FakeDaemon daemon({{req(), ok(), req(), FakeDaemon::close()}, {req(), FakeDaemon::close()}, {req(), ok()}});
    Client client(options_for(daemon));
    client.get("/a");
    CHECK_THROWS_AS(client.get("/b"), docker::ProtocolError);
    CHECK(daemon.connections() == 2);
}

TEST_CASE("client: Connection: close answers are not pooled", "[client]") {
    FakeDaemon daemon({{req(), FakeDaemon::respond(200, "{}", {{"Connection", "close"}})}, {req(), ok()}});
    Client client(options_for(daemon));
    client.get("/a");
    CHECK(client.idle_connections() == 0);
    client.get("/b");
    CHECK(daemon.connections() == 2);
    CHECK(client.idle_connections() == 1);
}

TEST_CASE("client: max_idle_connections = 0 disables the pool", "[client]") {
    FakeDaemon daemon({{req(), ok()}, {req(), ok()}});
    ClientOptions o = options_for(daemon);
    o.max_idle_connections = 0;
    Client client(o);
    client.get("/a");
    client.get("/b");
    CHECK(client.idle_connections() == 0);
    CHECK(daemon.connections() == 2);
}

TEST_CASE("client: a stalled daemon is a TimeoutError after read_timeout", "[client]") {
    FakeDaemon daemon({{req()}});  // reads the request, never answers
    ClientOptions o = options_for(daemon);
    o.read_timeout = 200ms;
    Client client(o);
    auto start = std::chrono::steady_clock::now();
    CHECK_THROWS_AS(client.get("/containers/x/wait"), docker::TimeoutError);
    auto elapsed = std::chrono::steady_clock::now() - start;
    CHECK(elapsed >= 180ms);
    CHECK(elapsed < 2s);
    CHECK(daemon.connections() == 1);  // a timeout is not retried
}

TEST_CASE("client: a per-call timeout overrides read_timeout", "[client]") {
    FakeDaemon daemon({{req()}});
    Client client(options_for(daemon));  // read_timeout 3 s
    docker::CallOptions call;
    call.timeout = 100ms;
    auto start = std::chrono::steady_clock::now();
    CHECK_THROWS_AS(client.request(client.make_request("GET", "/x"), call), docker::TimeoutError);
    CHECK(std::chrono::steady_clock::now() - start < 2s);
}

TEST_CASE("client: a body cut short by a close is a ProtocolError", "[client]") {
    SECTION("chunked") {
        FakeDaemon daemon({{req(), FakeDaemon::send("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel"),
                            FakeDaemon::close()}});
        Client client(options_for(daemon));
        try {
            client.get("/containers/json");
            FAIL("a short body passed as a success");
        } catch (const docker::ProtocolError& e) {
            CHECK(contains(e.what(), "in the middle of a chunked body"));
        }
        CHECK(daemon.connections() == 1);
    }
    SECTION("Content-Length") {
        FakeDaemon daemon({{req(), FakeDaemon::send("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"partial\""),
                            FakeDaemon::close()}});
        Client client(options_for(daemon));
        CHECK_THROWS_AS(client.get("/info"), docker::ProtocolError);
    }
}

TEST_CASE("client: nobody listening is a ConnectionError", "[client]") {
    docker::test::TempDir dir;
    ClientOptions o;
    o.host = "unix://" + dir.file("none.sock");
    o.api_version = "1.43";
    Client client(o);
    try {
        client.get("/info");
        FAIL("no error");
    } catch (const docker::ConnectionError& e) {
        CHECK(contains(e.what(), "no such socket"));
        CHECK(contains(e.what(), dir.file("none.sock")));
    }
}

TEST_CASE("client: stream() hands out the body piece by piece", "[client]") {
    const std::string body = "{\"status\":\"a\"}\n{\"status\":\"b\"}\n";
    FakeDaemon daemon({{req(), FakeDaemon::send("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"),
                        FakeDaemon::sleep(20ms), FakeDaemon::send("f\r\n{\"status\":\"a\"}\n\r\n"),
                        FakeDaemon::sleep(20ms), FakeDaemon::send("f\r\n{\"status\":\"b\"}\n\r\n0\r\n\r\n")},
                       {req(), FakeDaemon::respond(404, R"({"message":"no such image"})")}});
    Client client(options_for(daemon));
    auto stream = client.stream(client.make_request("POST", "/images/create?fromImage=busybox"));
    CHECK(stream.status() == 200);
    CHECK(stream.headers().get("Transfer-Encoding") == "chunked");
    std::string got;
    for (auto piece = stream.read(); !piece.empty(); piece = stream.read()) got.append(piece);
    CHECK(got == body);
    CHECK(stream.read().empty());
    stream.close();
    CHECK(stream.read().empty());

    // An error status throws before any body is handed out.
    CHECK_THROWS_AS(client.stream(client.make_request("POST", "/images/create?fromImage=nope")), docker::NotFound);
}

TEST_CASE("client: upgrade() returns the raw stream after 101", "[client]") {
    FakeDaemon daemon({{req(),
                        FakeDaemon::send("HTTP/1.1 101 UPGRADED\r\nContent-Type: application/vnd.docker.raw-stream\r\n"
                                         "Connection: Upgrade\r\nUpgrade: tcp\r\n\r\nearly"),
                        FakeDaemon::read_request()}});
    Client client(options_for(daemon));
    auto upgraded = client.upgrade(client.make_request("POST", "/containers/x/attach?stream=1&stdout=1"));
    CHECK(upgraded.early_bytes == "early");
    CHECK(upgraded.headers.get("Content-Type") == "application/vnd.docker.raw-stream");
    REQUIRE(upgraded.stream);
    auto requests = daemon.requests();
    REQUIRE(requests.size() == 1);
    CHECK(requests[0].header("Connection") == "Upgrade");
    CHECK(requests[0].header("Upgrade") == "tcp");
    // The raw stream is ours: anything goes, e.g. another request the fake happens to read.
    std::string more = "GET /raw HTTP/1.1\r\nHost: x\r\n\r\n";
    upgraded.stream->write_all(more.data(), more.size(), 1s);
    REQUIRE(daemon.wait_requests(2));
    CHECK(daemon.requests()[1].target == "/raw");
}

}  // namespace client_client_test
