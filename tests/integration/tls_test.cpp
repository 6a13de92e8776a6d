// TLS against the real engine's TLS listener (scripts/engine.sh with DOCKER_CPP_ENGINE_TLS=1)
// and against `openssl s_server` with bad certificates, all made by scripts/tls-certs.sh.
// Skipped (with a message) when the engine has no TLS listener or OpenSSL is not compiled in.

#include <cstdlib>
#include <string>
#include <thread>

#include "integration/remote_config_support.hpp"
#include "support/catch.hpp"
#include "support/text.hpp"

// A namespace per test file: test files are compiled in batches (unity build).
namespace integration_tls_test {
using namespace docker;
using docker::test::TlsServer;

namespace {

std::string env_or_empty(const char* name) {
    const char* v = std::getenv(name);
    return v ? v : "";
}

// Both set, or the TLS tests have nothing to talk to.
bool tls_engine_available() {
    if (!transport::tls_available()) {
        WARN("built without OpenSSL: TLS tests skipped");
        return false;
    }
    if (env_or_empty("DOCKER_CPP_TEST_TLS_HOST").empty() || env_or_empty("DOCKER_CPP_TEST_TLS_DIR").empty()) {
        WARN("DOCKER_CPP_TEST_TLS_HOST/DIR unset (engine.sh without DOCKER_CPP_ENGINE_TLS=1): TLS tests skipped");
        return false;
    }
    return true;
}

std::string tls_dir() { return env_or_empty("DOCKER_CPP_TEST_TLS_DIR"); }

TlsOptions client_tls(const std::string& ca = tls_dir() + "/ca.pem") {
    TlsOptions tls;
    tls.ca_file = ca;
    tls.cert_file = tls_dir() + "/client/cert.pem";
    tls.key_file = tls_dir() + "/client/key.pem";
    return tls;
}

Client tls_client(TlsOptions tls, const std::string& host = env_or_empty("DOCKER_CPP_TEST_TLS_HOST")) {
    ClientOptions options;
    options.host = host;
    options.tls = std::move(tls);
    options.connect_timeout = std::chrono::seconds(10);
    options.read_timeout = std::chrono::seconds(30);
    return Client(options);
}

using test_support::contains;

}  // namespace

TEST_CASE("TLS: verified, with a client certificate, via options and via the environment", "[integration][tls]") {
    if (!tls_engine_available()) return;
    Client client = tls_client(client_tls());
    REQUIRE(client.connection().tls);
    CHECK_FALSE(client.system().version().version.empty());
    client.system().ping();
    CHECK(client.idle_connections() == 1);  // kept alive and reused

    // DOCKER_TLS_VERIFY + DOCKER_CERT_PATH, as the docker CLI reads them.
    ::setenv("DOCKER_TLS_VERIFY", "1", 1);
    ::setenv("DOCKER_CERT_PATH", (tls_dir() + "/client").c_str(), 1);
    ClientOptions env_options;
    env_options.host = env_or_empty("DOCKER_CPP_TEST_TLS_HOST");
    Client from_env(env_options);
    ::unsetenv("DOCKER_TLS_VERIFY");
    ::unsetenv("DOCKER_CERT_PATH");
    REQUIRE(from_env.connection().tls);
    CHECK(from_env.connection().tls->verify);
    CHECK(from_env.connection().tls->ca_file == tls_dir() + "/client/ca.pem");
    CHECK(from_env.system().ping().api_version.size() >= 4);
}

TEST_CASE("TLS: DOCKER_TLS without verification still encrypts", "[integration][tls]") {
    if (!tls_engine_available()) return;
    ::setenv("DOCKER_TLS", "1", 1);
    ::setenv("DOCKER_CERT_PATH", (tls_dir() + "/client").c_str(), 1);
    ClientOptions options;
    options.host = env_or_empty("DOCKER_CPP_TEST_TLS_HOST");
    Client client(options);
    ::unsetenv("DOCKER_TLS");
    ::unsetenv("DOCKER_CERT_PATH");
    REQUIRE(client.connection().tls);
    CHECK_FALSE(client.connection().tls->verify);
    CHECK(client.system().ping().api_version.size() >= 4);
}

TEST_CASE("TLS: every bad certificate or mismatch is a typed error naming the cause", "[integration][tls]") {
    if (!tls_engine_available()) return;
    const std::string host = env_or_empty("DOCKER_CPP_TEST_TLS_HOST");

    SECTION("the daemon's certificate from another CA") {
        try {
            tls_client(client_tls(tls_dir() + "/other-ca/ca.pem")).system().ping();
            FAIL("no error");
        } catch (const TlsError& e) {
            CHECK(contains(e.what(), host));
            CHECK(contains(e.what(), "unable to get local issuer certificate"));
        }
    }
    SECTION("a client certificate the daemon does not trust") {
        TlsOptions tls = client_tls();
        tls.cert_file = tls_dir() + "/other-ca/cert.pem";
        tls.key_file = tls_dir() + "/other-ca/key.pem";
        // TLS 1.3: the daemon's refusal may arrive with the first read rather than the handshake.
        CHECK_THROWS_AS(tls_client(tls).system().ping(), ConnectionError);
    }
    SECTION("an expired certificate") {
        TlsServer server(tls_dir() + "/expired/cert.pem", tls_dir() + "/expired/key.pem");
        try {
            tls_client(client_tls(), server.host()).system().ping();
            FAIL("no error");
        } catch (const TlsError& e) {
            CHECK(contains(e.what(), "certificate has expired"));
        }
    }
    SECTION("a certificate for another host") {
        TlsServer server(tls_dir() + "/wrong-host/cert.pem", tls_dir() + "/wrong-host/key.pem");
        try {
            tls_client(client_tls(), server.host()).system().ping();
            FAIL("no error");
        } catch (const TlsError& e) {
            CHECK(contains(e.what(), "not for '127.0.0.1'"));
        }
    }
    SECTION("a missing key file: at construction, before anything is sent") {
        TlsOptions tls = client_tls();
        tls.key_file = tls_dir() + "/client/no-such-key.pem";
        try {
            tls_client(tls);
            FAIL("no error");
        } catch (const ConfigError& e) {
            CHECK(contains(e.what(), "no-such-key.pem"));
            CHECK(contains(e.what(), "No such file"));
        }
    }
    SECTION("plain text to the TLS daemon") {
        Client plain(host);
        try {
            plain.system().ping();
            FAIL("no error");
        } catch (const TlsError& e) {
            CHECK(contains(e.what(), "expects TLS"));
        }
    }
    SECTION("TLS to a plain-text server (the open registry)") {
        try {
            tls_client(client_tls(), "tcp://" + test::engine().registry).system().ping();
            FAIL("no error");
        } catch (const TlsError& e) {
            CHECK(contains(e.what(), "does not speak TLS"));
        }
    }
}

}  // namespace integration_tls_test
