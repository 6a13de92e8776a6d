#include "docker/transport/endpoint.hpp"

#include <cstdlib>
#include <optional>
#include <string>

#include "support/catch.hpp"
#include "support/text.hpp"

// A namespace per test file: test files are compiled in batches (unity build).
namespace transport_endpoint_test {
using docker::Endpoint;

namespace {

using test_support::contains;

std::string usage_error(const std::string& text) {
    try {
        Endpoint::parse(text);
    } catch (const docker::UsageError& e) {
        return e.what();
    }
    return "(no UsageError)";
}

// Sets or clears DOCKER_HOST for one scope, then puts the old value back.
class ScopedDockerHost {
public:
    explicit ScopedDockerHost(const char* value) {
        if (const char* old = std::getenv("DOCKER_HOST")) old_ = old;
        if (value) ::setenv("DOCKER_HOST", value, 1);
        else ::unsetenv("DOCKER_HOST");
    }
    ~ScopedDockerHost() {
        if (old_) ::setenv("DOCKER_HOST", old_->c_str(), 1);
        else ::unsetenv("DOCKER_HOST");
    }
    ScopedDockerHost(const ScopedDockerHost&) = delete;
    ScopedDockerHost& operator=(const ScopedDockerHost&) = delete;

private:
    std::optional<std::string> old_;
};

}  // namespace

TEST_CASE("Endpoint::parse: unix sockets", "[transport][endpoint]") {
    Endpoint e = Endpoint::parse("unix:///var/run/docker.sock");
    CHECK(e.kind == Endpoint::Kind::unix_socket);
    CHECK(e.path == "/var/run/docker.sock");
    CHECK(e.to_string() == "unix:///var/run/docker.sock");

    Endpoint bare = Endpoint::parse("/run/user/1000/docker.sock");
    CHECK(bare.kind == Endpoint::Kind::unix_socket);
    CHECK(bare.path == "/run/user/1000/docker.sock");
    CHECK(bare.to_string() == "unix:///run/user/1000/docker.sock");

    CHECK(contains(usage_error("unix://relative/docker.sock"), "absolute path"));
    CHECK(contains(usage_error("unix://"), "absolute path"));
}

TEST_CASE("Endpoint::parse: tcp hosts and ports", "[transport][endpoint]") {
    Endpoint e = Endpoint::parse("tcp://docker.example.com:2376");
    CHECK(e.kind == Endpoint::Kind::tcp);
    CHECK(e.host == "docker.example.com");
    CHECK(e.port == 2376);
    CHECK(e.to_string() == "tcp://docker.example.com:2376");

    Endpoint v4 = Endpoint::parse("tcp://127.0.0.1:1");
    CHECK(v4.host == "127.0.0.1");
    CHECK(v4.port == 1);

    Endpoint http = Endpoint::parse("http://10.0.0.2:65535");
    CHECK(http.kind == Endpoint::Kind::tcp);
    CHECK(http.host == "10.0.0.2");
    CHECK(http.port == 65535);

    Endpoint slash = Endpoint::parse("tcp://host:2375/");
    CHECK(slash.host == "host");
    CHECK(slash.port == 2375);
}

TEST_CASE("Endpoint::parse: default port 2375", "[transport][endpoint]") {
    Endpoint e = Endpoint::parse("tcp://docker-host");
    CHECK(e.host == "docker-host");
    CHECK(e.port == 2375);
    CHECK(e.to_string() == "tcp://docker-host:2375");
    CHECK(Endpoint::parse("tcp://[::1]").port == 2375);
}

TEST_CASE("Endpoint::parse: bracketed IPv6", "[transport][endpoint]") {
    Endpoint e = Endpoint::parse("tcp://[::1]:2375");
    CHECK(e.kind == Endpoint::Kind::tcp);
    CHECK(e.host == "::1");
    CHECK(e.port == 2375);
    CHECK(e.to_string() == "tcp://[::1]:2375");
    CHECK(e.host_header() == "[::1]:2375");

    Endpoint full = Endpoint::parse("tcp://[fe80::1:2]:4243");
    CHECK(full.host == "fe80::1:2");
    CHECK(full.port == 4243);
}

TEST_CASE("Endpoint::parse: invalid hosts are UsageErrors", "[transport][endpoint]") {
    for (const char* text : {"", "docker.sock", "relative/path", "tcp://", "tcp://:2375", "tcp://host:0", "tcp://host:65536",
                             "tcp://host:99999999999", "tcp://host:12ab", "tcp://host:-1", "tcp://[::1", "tcp://[::1]x",
                             "tcp://[::1]:port", "ftp://host:21", "TCP://host:2375"}) {
        INFO("'" << text << "'");
        CHECK_THROWS_AS(Endpoint::parse(text), docker::UsageError);
    }
    CHECK(contains(usage_error("tcp://host:0"), "bad port"));
    CHECK(contains(usage_error("tcp://[::1"), "unterminated IPv6"));
    CHECK(contains(usage_error("tcp://:2375"), "no host"));
    CHECK(contains(usage_error("ftp://host:21"), "expected unix:///path, tcp://host:port or ssh://host"));
}

TEST_CASE("Endpoint::parse: https, npipe and fd are refused with a reason", "[transport][endpoint]") {
    for (const char* text : {"https://docker.example.com:2376", "npipe:////./pipe/docker_engine", "fd://"}) {
        INFO(text);
        std::string message = usage_error(text);
        CHECK(contains(message, text));
        CHECK(contains(message, "only unix://, tcp:// and ssh:// are supported"));
    }
}

TEST_CASE("Endpoint::parse: ssh://[user@]host[:port][/path]", "[transport][endpoint][ssh]") {
    Endpoint e = Endpoint::parse("ssh://me@build-host:2222/run/user/docker.sock");
    CHECK(e.kind == Endpoint::Kind::ssh);
    CHECK(e.user == "me");
    CHECK(e.host == "build-host");
    CHECK(e.port == 2222);
    CHECK(e.path == "/run/user/docker.sock");
    CHECK(e.to_string() == "ssh://me@build-host:2222/run/user/docker.sock");
    Endpoint bare = Endpoint::parse("ssh://host");
    CHECK(bare.user.empty());
    CHECK(bare.port == 0);
    CHECK(bare.path.empty());
    CHECK(Endpoint::parse("ssh://[::1]:22").host == "::1");
    CHECK(contains(usage_error("ssh://"), "no host"));
    CHECK(contains(usage_error("ssh://-oProxyCommand=x"), "no host"));  // never an option to ssh
    CHECK(contains(usage_error("ssh://host:99999"), "bad port"));
    // A password in the URL is refused, and the message does not repeat it.
    std::string message = usage_error("ssh://me:s3cr3t@host");
    CHECK(contains(message, "password"));
    CHECK_FALSE(contains(message, "s3cr3t"));
}

TEST_CASE("Endpoint::host_header", "[transport][endpoint]") {
    // Daemons reject "Host: /var/run/docker.sock"; a unix socket gets a fixed name.
    CHECK(Endpoint::parse("unix:///var/run/docker.sock").host_header() == "localhost");
    CHECK(Endpoint::parse("/tmp/x.sock").host_header() == "localhost");
    CHECK(Endpoint::parse("tcp://docker:2375").host_header() == "docker:2375");
    CHECK(Endpoint::parse("tcp://docker").host_header() == "docker:2375");
}

TEST_CASE("Endpoint::from_environment reads DOCKER_HOST", "[transport][endpoint]") {
    {
        ScopedDockerHost env("tcp://10.1.2.3:2375");
        Endpoint e = Endpoint::from_environment();
        CHECK(e.kind == Endpoint::Kind::tcp);
        CHECK(e.host == "10.1.2.3");
        CHECK(e.port == 2375);
    }
    {
        ScopedDockerHost env("unix:///tmp/other.sock");
        CHECK(Endpoint::from_environment().path == "/tmp/other.sock");
    }
    {
        ScopedDockerHost env(nullptr);
        Endpoint e = Endpoint::from_environment();
        CHECK(e.kind == Endpoint::Kind::unix_socket);
        CHECK(e.path == "/var/run/docker.sock");
        CHECK(e.to_string() == Endpoint::default_host);
    }
    {
        ScopedDockerHost env("");  // set but empty: the default, as the docker CLI does
        CHECK(Endpoint::from_environment().path == "/var/run/docker.sock");
    }
    {
        ScopedDockerHost env("https://secure:2376");
        CHECK_THROWS_AS(Endpoint::from_environment(), docker::UsageError);
    }
}

}  // namespace transport_endpoint_test
