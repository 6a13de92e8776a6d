// Choosing the daemon and the transport without a daemon: the docker CLI's precedence of
// host, context and environment; TLS defaults; the ssh command line; a build without OpenSSL.

#include <cstdlib>
#include <fstream>
#include <vector>
#include <optional>
#include <string>

#include <docker/config/context.hpp>

#include "support/catch.hpp"
#include "support/temp_dir.hpp"

// A namespace per test file: test files are compiled in batches (unity build).
namespace transport_connector_test {
using namespace docker;

namespace {

struct Env {  // sets or clears variables for one scope
    std::vector<std::pair<std::string, std::optional<std::string>>> saved;
    void set(const std::string& name, const std::optional<std::string>& value) {
        const char* old = std::getenv(name.c_str());
        saved.emplace_back(name, old ? std::optional<std::string>(old) : std::nullopt);
        if (value) ::setenv(name.c_str(), value->c_str(), 1);
        else ::unsetenv(name.c_str());
    }
    ~Env() {
        for (auto it = saved.rbegin(); it != saved.rend(); ++it) {
            if (it->second) ::setenv(it->first.c_str(), it->second->c_str(), 1);
            else ::unsetenv(it->first.c_str());
        }
    }
};

transport::ConnectionSettings resolve(const config::ConnectionRequest& r) { return config::resolve_connection(r); }

}  // namespace

TEST_CASE("sha256 names contexts as the docker CLI does", "[transport][connector]") {
    CHECK(detail::sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(detail::sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(detail::sha256_hex(std::string(1000, 'a')) ==
          "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3");
}

TEST_CASE("resolve_connection: host > context > DOCKER_HOST > DOCKER_CONTEXT > currentContext > default",
          "[transport][connector]") {
    test::TempDir dir("dcpp-ctx");
    std::string meta = config::context_meta_path(dir.path(), "ctx-a");
    std::system(("mkdir -p '" + meta.substr(0, meta.rfind('/')) + "'").c_str());
    { std::ofstream(meta) << R"({"Name":"ctx-a","Endpoints":{"docker":{"Host":"tcp://ctx-host:2375","SkipTLSVerify":false}}})"; }
    Env env;
    env.set("DOCKER_CONFIG", dir.path());
    env.set("DOCKER_HOST", std::nullopt);
    env.set("DOCKER_CONTEXT", std::nullopt);
    env.set("DOCKER_TLS_VERIFY", std::nullopt);
    env.set("DOCKER_TLS", std::nullopt);
    env.set("DOCKER_CERT_PATH", std::nullopt);

    CHECK(resolve({}).endpoint.to_string() == "unix:///var/run/docker.sock");
    { std::ofstream(dir.path() + "/config.json") << R"({"currentContext":"ctx-a"})"; }
    CHECK(resolve({}).endpoint.host == "ctx-host");
    CHECK(resolve({}).context == "ctx-a");
    env.set("DOCKER_CONTEXT", std::string("default"));
    CHECK(resolve({}).endpoint.to_string() == "unix:///var/run/docker.sock");
    env.set("DOCKER_HOST", std::string("tcp://env-host:1234"));
    CHECK(resolve({}).endpoint.host == "env-host");
    config::ConnectionRequest by_context;
    by_context.context = "ctx-a";
    CHECK(resolve(by_context).endpoint.host == "ctx-host");
    config::ConnectionRequest by_host;
    by_host.host = "unix:///x.sock";
    by_host.context = "ctx-a";
    CHECK(resolve(by_host).endpoint.path == "/x.sock");

    config::ConnectionRequest unknown;
    unknown.context = "nope";
    CHECK_THROWS_AS(resolve(unknown), ConfigError);
}

TEST_CASE("resolve_connection: DOCKER_TLS_VERIFY and DOCKER_TLS as the CLI reads them", "[transport][connector]") {
    test::TempDir certs("dcpp-certs");
    { std::ofstream(certs.path() + "/cert.pem") << "x"; }
    Env env;
    env.set("DOCKER_HOST", std::nullopt);
    env.set("DOCKER_CONTEXT", std::nullopt);
    env.set("DOCKER_CONFIG", certs.path());
    env.set("DOCKER_TLS_VERIFY", std::string("1"));
    env.set("DOCKER_CERT_PATH", certs.path());
    auto s = resolve({});
    CHECK(s.endpoint.to_string() == "tcp://localhost:2376");  // the CLI's default TLS host
    REQUIRE(s.tls);
    CHECK(s.tls->verify);
    CHECK(s.tls->ca_file == certs.path() + "/ca.pem");
    CHECK(s.tls->cert_file == certs.path() + "/cert.pem");
    env.set("DOCKER_HOST", std::string("tcp://h"));
    CHECK(resolve({}).endpoint.port == 2376);
    env.set("DOCKER_TLS_VERIFY", std::nullopt);
    env.set("DOCKER_TLS", std::string("1"));
    REQUIRE(resolve({}).tls);
    CHECK_FALSE(resolve({}).tls->verify);
    CHECK(resolve({}).tls->ca_file.empty());
    env.set("DOCKER_TLS", std::nullopt);
    CHECK_FALSE(resolve({}).tls);
    CHECK(resolve({}).endpoint.port == 2375);
    env.set("DOCKER_HOST", std::string("unix:///s.sock"));
    env.set("DOCKER_TLS_VERIFY", std::string("1"));
    CHECK_FALSE(resolve({}).tls);  // TLS is for tcp:// only
}

TEST_CASE("ssh command line: the docker CLI's, extra options first, never a host taken for an option",
          "[transport][connector][ssh]") {
    SshOptions options;
    options.options = {"-i", "/k", "-o", "BatchMode=yes"};
    auto argv = transport::SshStream::command(Endpoint::parse("ssh://me@h:2222/run/d.sock"), options);
    std::vector<std::string> expected{"ssh", "-i", "/k", "-o", "BatchMode=yes", "-o", "ConnectTimeout=30", "-T", "-l",
                                      "me", "-p", "2222", "--", "h", "docker", "--host", "unix:///run/d.sock",
                                      "system", "dial-stdio"};
    CHECK(argv == expected);
}

TEST_CASE("TLS asked for: OpenSSL does it, or a clear error; never plain text", "[transport][connector]") {
    transport::ConnectionSettings s;
    s.endpoint = Endpoint::parse("tcp://127.0.0.1:2376");
    s.tls = TlsOptions{};
    s.tls->ca_file = "/nonexistent/ca.pem";
    try {
        transport::Connector connector(s);
        FAIL("no error");
    } catch (const ConfigError& e) {
        std::string what = e.what();
        if (transport::tls_available()) CHECK(what.find("/nonexistent/ca.pem") != std::string::npos);
        else CHECK(what.find("without OpenSSL") != std::string::npos);
    }
}

}  // namespace transport_connector_test
