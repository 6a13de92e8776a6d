// Every way of pointing the SDK at a daemon or a registry wrongly, each against the real
// thing (TLS listener, openssl s_server, sshd, the docker CLI's files, credential helpers):
// the exception type and what() for each, printed as a table, and no password, token or
// helper secret in any message.

#include <functional>
#include <iostream>
#include <string>
#include <typeinfo>
#include <vector>

#include "integration/remote_config_support.hpp"
#include "support/catch.hpp"

// A namespace per test file: test files are compiled in batches (unity build).
namespace integration_failure_table_test {
using namespace docker;
using docker::test::engine;
using docker::test::ScopedEnv;
using docker::test::TempDir;
using docker::test::write_file;

namespace {

struct Case {
    std::string input;
    std::string expected_type;  // the exception's class name, without "docker::"
    std::function<void()> run;
};

template <class E>
const char* type_name(const E& e) {
    if (dynamic_cast<const TlsError*>(&e)) return "TlsError";
    if (dynamic_cast<const TimeoutError*>(&e)) return "TimeoutError";
    if (dynamic_cast<const ConnectionError*>(&e)) return "ConnectionError";
    if (dynamic_cast<const ConfigError*>(&e)) return "ConfigError";
    if (dynamic_cast<const CredentialsError*>(&e)) return "CredentialsError";
    if (dynamic_cast<const ApiError*>(&e)) return "ApiError";
    if (dynamic_cast<const StreamError*>(&e)) return "StreamError";
    if (dynamic_cast<const UsageError*>(&e)) return "UsageError";
    if (dynamic_cast<const ProtocolError*>(&e)) return "ProtocolError";
    return "Error";
}

std::string env(const char* name) {
    const char* v = std::getenv(name);
    return v ? v : "";
}

Client client_for(const std::string& host, std::optional<TlsOptions> tls = {}, const std::string& config_dir = {}) {
    ClientOptions o;
    o.host = host;
    o.tls = std::move(tls);
    o.config_dir = config_dir;
    o.connect_timeout = std::chrono::seconds(20);
    o.read_timeout = std::chrono::seconds(60);
    return Client(o);
}

}  // namespace

TEST_CASE("failure table: input -> exception type -> what(), and no secret in any", "[integration][failure-table]") {
    const std::string password = engine().auth_password;
    const std::string token = "dcpp-identity-token-7f3a";
    const std::string helper_secret = "scripted-secret-42";
    TempDir dir("dcpp-fail"), bin("dcpp-bin");
    test::make_scripted_helper(bin.path(), "dcppfail");
    ScopedEnv path("PATH", bin.path() + ":" + env("PATH"));
    ScopedEnv docker_host("DOCKER_HOST", std::nullopt);
    ScopedEnv docker_context("DOCKER_CONTEXT", std::nullopt);

    std::vector<Case> cases;
    const std::string tls_host = env("DOCKER_CPP_TEST_TLS_HOST"), tls_dir = env("DOCKER_CPP_TEST_TLS_DIR");
    auto good_tls = [&](const std::string& ca) {
        TlsOptions t;
        t.ca_file = ca;
        t.cert_file = tls_dir + "/client/cert.pem";
        t.key_file = tls_dir + "/client/key.pem";
        return t;
    };
    std::unique_ptr<test::TlsServer> expired, wrong_host;
    if (!tls_host.empty() && transport::tls_available()) {
        expired = std::make_unique<test::TlsServer>(tls_dir + "/expired/cert.pem", tls_dir + "/expired/key.pem");
        wrong_host = std::make_unique<test::TlsServer>(tls_dir + "/wrong-host/cert.pem", tls_dir + "/wrong-host/key.pem");
        cases.push_back({"TLS daemon, CA file of another CA", "TlsError",
                         [&] { client_for(tls_host, good_tls(tls_dir + "/other-ca/ca.pem")).system().ping(); }});
        cases.push_back({"TLS server with an expired certificate", "TlsError",
                         [&] { client_for(expired->host(), good_tls(tls_dir + "/ca.pem")).system().ping(); }});
        cases.push_back({"TLS server with a certificate for another host", "TlsError",
                         [&] { client_for(wrong_host->host(), good_tls(tls_dir + "/ca.pem")).system().ping(); }});
        cases.push_back({"client key file missing", "ConfigError", [&] {
                             TlsOptions t = good_tls(tls_dir + "/ca.pem");
                             t.key_file = tls_dir + "/client/missing-key.pem";
                             client_for(tls_host, t);
                         }});
        cases.push_back({"TLS daemon reached without TLS", "TlsError", [&] { client_for(tls_host).system().ping(); }});
        cases.push_back({"TLS to a plain-text server", "TlsError",
                         [&] { client_for("tcp://" + engine().registry, good_tls(tls_dir + "/ca.pem")).system().ping(); }});
    }
    if (!transport::tls_available())
        cases.push_back({"TLS asked for in a build without OpenSSL", "ConfigError",
                         [&] { client_for("tcp://127.0.0.1:2376", TlsOptions{}); }});

    const std::string ssh_host = env("DOCKER_CPP_TEST_SSH_HOST"), ssh_dir = env("DOCKER_CPP_TEST_SSH_DIR");
    const std::string ssh_opts = env("DOCKER_SSH_OPTS");
    auto with_key = [&](const std::string& key) {  // the test key swapped for another
        std::string o = ssh_opts;
        std::size_t at = o.find("client_key");
        if (at != std::string::npos) o.replace(at, 10, key);
        return o;
    };
    if (!ssh_host.empty()) {
        cases.push_back({"ssh: connection refused (closed port)", "ConnectionError",
                         [&] { client_for("ssh://root@127.0.0.1:1").system().ping(); }});
        cases.push_back({"ssh: key not accepted", "ConnectionError", [&] {
                             ScopedEnv o("DOCKER_SSH_OPTS", with_key("stranger_key"));
                             client_for(ssh_host).system().ping();
                         }});
        cases.push_back({"ssh: no docker on the remote side", "ConnectionError", [&] {
                             ScopedEnv o("DOCKER_SSH_OPTS", with_key("nodocker_key"));
                             client_for(ssh_host).system().ping();
                         }});
    }
    cases.push_back({"ssh:// URL with a password", "UsageError",
                     [&] { client_for("ssh://root:" + password + "@127.0.0.1"); }});

    // Contexts and config files.
    cases.push_back({"unknown context", "ConfigError", [&] {
                         ClientOptions o;
                         o.context = "no-such-context";
                         o.config_dir = dir.path();
                         Client c(o);
                     }});
    cases.push_back({"context meta.json malformed", "ConfigError", [&] {
                         std::string meta = config::context_meta_path(dir.path(), "broken");
                         std::string folder = meta.substr(0, meta.rfind('/'));
                         test::run_command("mkdir -p " + test::shell_quote(folder));
                         write_file(meta, "{\"Name\": \"broken\", \"Endpoints\": {\"docker\": {\"Host\": 42");
                         ClientOptions o;
                         o.context = "broken";
                         o.config_dir = dir.path();
                         Client c(o);
                     }});
    cases.push_back({"config.json malformed (holding a password and a token)", "ConfigError", [&] {
                         TempDir d("dcpp-cfg");
                         write_file(d.path() + "/config.json",
                                    "{\"auths\": {\"r:5000\": {\"password\": \"" + password + "\", \"identitytoken\": \"" +
                                        token + "\" oops}}}");
                         ScopedEnv c("DOCKER_CONFIG", d.path());
                         Client client;
                     }});
    cases.push_back({"auths entry whose auth is not base64", "ConfigError", [&] {
                         TempDir d("dcpp-cfg");
                         write_file(d.path() + "/config.json",
                                    "{\"auths\": {\"r.example:5000\": {\"auth\": \"" + password + "!!\"}}}");
                         config::CredentialStore(d.path()).get("r.example:5000");
                     }});

    // Credential helpers.
    auto helper_config = [&](const std::string& store) {
        auto d = std::make_shared<TempDir>("dcpp-cfg");
        write_file(d->path() + "/config.json", "{\"credsStore\": \"" + store + "\"}");
        return d;
    };
    cases.push_back({"credsStore helper not installed", "CredentialsError", [&] {
                         auto d = helper_config("nosuchhelper");
                         client_for(engine().host, {}, d->path()).images().pull(engine().registry + "/busybox", "latest");
                     }});
    cases.push_back({"credential helper fails", "CredentialsError", [&] {
                         auto d = helper_config("dcppfail");
                         ScopedEnv m("DCPP_HELPER_MODE", std::string("fail"));
                         client_for(engine().host, {}, d->path()).images().pull(engine().registry + "/busybox", "latest");
                     }});
    cases.push_back({"credential helper answers bad JSON (with the secret in it)", "CredentialsError", [&] {
                         auto d = helper_config("dcppfail");
                         ScopedEnv m("DCPP_HELPER_MODE", std::string("badjson"));
                         config::CredentialStore(d->path()).get(engine().auth_registry);
                     }});

    // Registries.
    cases.push_back({"POST /auth with a wrong password (dockerd 20.10: 500, newer: 401)", "ApiError", [&] {
                         AuthConfig a;
                         a.username = engine().auth_user;
                         a.password = password + "-wrong";
                         a.server_address = engine().auth_registry;
                         client_for(engine().host).system().auth(a);
                     }});
    cases.push_back({"pull from the htpasswd registry with no credentials", "ApiError", [&] {
                         TempDir d("dcpp-cfg");
                         client_for(engine().host, {}, d.path()).images().pull(engine().auth_registry + "/busybox", "latest");
                     }});

    std::cout << "\n| input | exception | what() |\n|---|---|---|\n";
    for (const auto& c : cases) {
        INFO(c.input);
        std::string type, what;
        try {
            c.run();
            type = "(nothing thrown)";
        } catch (const Error& e) {
            type = type_name(e);
            what = e.what();
        }
        std::cout << "| " << c.input << " | " << type << " | " << what << " |\n";
        CHECK(type == c.expected_type);
        CHECK_FALSE(what.empty());
        CHECK(what.find(password) == std::string::npos);
        CHECK(what.find(token) == std::string::npos);
        CHECK(what.find(helper_secret) == std::string::npos);
    }
    std::cout << std::endl;
}

}  // namespace integration_failure_table_test
