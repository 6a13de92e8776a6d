// Registry credentials as the docker CLI stores them, written by the real CLI: `docker login`
// into `auths`, and through docker-credential-pass (pass + a throw-away gnupg key) as
// credsStore; then pull and push through the SDK with no credentials in the code. Also
// contexts made by `docker context create`, and POST /auth with save to config.

#include <string>

#include "integration/remote_config_support.hpp"
#include "support/catch.hpp"

// A namespace per test file: test files are compiled in batches (unity build).
namespace integration_credentials_test {
using namespace docker;
using docker::test::docker_cli;
using docker::test::engine;
using docker::test::run_command;
using docker::test::ScopedEnv;
using docker::test::shell_quote;
using docker::test::TempDir;

namespace {

// `docker login` (the real CLI, through the private engine) into `config_dir`. `path` empty
// hides every credential helper from the CLI, which would otherwise pick docker-credential-pass
// by itself (its DetectDefaultStore) and write to `auths` only through it.
void cli_login(const std::string& config_dir, const std::string& path = {}) {
    auto [status, out] = run_command("printf '%s' " + shell_quote(engine().auth_password) + " | PATH=" +
                                     shell_quote(path.empty() ? "/nonexistent" : path) + " DOCKER_HOST=" +
                                     shell_quote(engine().host) + " " + docker_cli() + " --config " +
                                     shell_quote(config_dir) + " login -u " + engine().auth_user +
                                     " --password-stdin " + engine().auth_registry);
    INFO(out);
    REQUIRE(status == 0);
}

// Pull the authenticated registry's busybox, tag it anew and push it back: no AuthConfig given.
void pull_and_push_without_credentials(Client& client) {
    std::string image = engine().auth_registry + "/busybox";
    test::ImageGuard pulled(client, image + ":latest");
    client.images().pull(image, "latest");
    std::string repo = engine().auth_registry + "/" + test::unique_name("creds");
    client.images().tag(image + ":latest", repo, "v1");
    test::ImageGuard tagged(client, repo + ":v1");
    ImagePushOptions push;
    push.tag = "v1";
    bool digest = false;
    client.images().push(repo, push, [&](const ProgressEvent& e) {
        if (e.raw.dump().find("sha256:") != std::string::npos) digest = true;
    });
    CHECK(digest);
}

}  // namespace

TEST_CASE("credentials: docker login writes auths; pull and push use them", "[integration][credentials]") {
    TempDir dir("dcpp-cfg");
    cli_login(dir.path());
    config::CredentialStore store(dir.path());
    auto found = store.get(engine().auth_registry);
    REQUIRE(found);
    CHECK(found->username == engine().auth_user);
    CHECK(found->server_address == engine().auth_registry);
    // The registry key, whichever way it is spelled.
    CHECK(store.get("https://" + engine().auth_registry + "/v2/"));
    CHECK(store.for_image(engine().auth_registry + "/busybox:latest"));
    CHECK_FALSE(store.for_image("busybox"));

    ClientOptions options;
    options.host = engine().host;
    options.config_dir = dir.path();
    Client client(options);
    pull_and_push_without_credentials(client);

    // Without the config, the same pull is refused by the registry.
    TempDir empty("dcpp-cfg");
    ClientOptions bare = options;
    bare.config_dir = empty.path();
    Client anonymous(bare);
    CHECK_THROWS_AS(anonymous.images().pull(engine().auth_registry + "/busybox", "latest"), Error);
}

TEST_CASE("credentials: docker-credential-pass as credsStore", "[integration][credentials]") {
    if (run_command("command -v docker-credential-pass && command -v pass && command -v gpg").first != 0) {
        WARN("docker-credential-pass, pass or gpg missing: skipped");
        return;
    }
    TempDir gnupg("dcpp-gpg"), store_dir("dcpp-pass"), dir("dcpp-cfg");
    ScopedEnv home("GNUPGHOME", gnupg.path());
    ScopedEnv password_store("PASSWORD_STORE_DIR", store_dir.path());
    auto [key_status, key_out] = run_command(
        "gpg --batch --pinentry-mode loopback --passphrase '' --quick-gen-key 'docker-cpp test <test@docker-cpp.invalid>' "
        "default default never && pass init test@docker-cpp.invalid");
    INFO(key_out);
    REQUIRE(key_status == 0);
    struct AgentStop {  // gpg started an agent for this GNUPGHOME only; end it with the test
        std::string home;
        ~AgentStop() { run_command("GNUPGHOME=" + shell_quote(home) + " gpgconf --kill gpg-agent"); }
    } agent{gnupg.path()};

    test::write_file(dir.path() + "/config.json", "{\"credsStore\": \"pass\"}\n");
    cli_login(dir.path(), std::getenv("PATH"));
    // The CLI put the password in pass, not in config.json.
    std::string config_text = test::run_command("cat " + shell_quote(dir.path() + "/config.json")).second;
    CHECK(config_text.find(engine().auth_password) == std::string::npos);
    CHECK(config_text.find("\"auth\"") == std::string::npos);

    config::CredentialStore store(dir.path());
    auto found = store.get(engine().auth_registry);
    REQUIRE(found);
    CHECK(found->username == engine().auth_user);
    CHECK(found->password == engine().auth_password);
    CHECK(store.all().count(engine().auth_registry) == 1);

    ClientOptions options;
    options.host = engine().host;
    options.config_dir = dir.path();
    Client client(options);
    pull_and_push_without_credentials(client);
}

TEST_CASE("credentials: credHelpers and a scripted helper answering", "[integration][credentials]") {
    TempDir dir("dcpp-cfg"), bin("dcpp-bin");
    test::make_scripted_helper(bin.path(), "dcpp");
    ScopedEnv path("PATH", bin.path() + ":" + std::getenv("PATH"));
    ScopedEnv mode("DCPP_HELPER_MODE", std::string("ok"));
    test::write_file(dir.path() + "/config.json",
                     "{\"auths\": {\"https://index.docker.io/v1/\": {\"auth\": \"aHViLXVzZXI6aHViLXBhc3M=\"}},"
                     " \"credHelpers\": {\"registry.example:5000\": \"dcpp\"}}");
    config::CredentialStore store(dir.path());
    auto helper = store.for_image("registry.example:5000/team/app:1");
    REQUIRE(helper);
    CHECK(helper->username == "scripted-user");
    CHECK(helper->password == "scripted-secret-42");
    CHECK(helper->server_address == "registry.example:5000");
    // Docker Hub under any of its names.
    for (const char* image : {"busybox", "library/busybox", "docker.io/library/busybox", "index.docker.io/x/y"}) {
        INFO(image);
        auto hub = store.for_image(image);
        REQUIRE(hub);
        CHECK(hub->username == "hub-user");
        CHECK(hub->server_address == "https://index.docker.io/v1/");
    }
    auto all = store.all();
    CHECK(all.size() == 2);
    ScopedEnv notfound("DCPP_HELPER_MODE", std::string("notfound"));
    CHECK_FALSE(store.for_image("registry.example:5000/app"));
}

// covers: SystemAuth (real engine)
TEST_CASE("system().auth: login through the daemon, saved to config on request", "[integration][credentials]") {
    TempDir dir("dcpp-cfg");
    ClientOptions options;
    options.host = engine().host;
    options.config_dir = dir.path();
    Client client(options);
    AuthConfig credentials;
    credentials.username = engine().auth_user;
    credentials.password = engine().auth_password;
    credentials.server_address = engine().auth_registry;

    auto answer = client.system().auth(credentials);
    CHECK(answer.status == "Login Succeeded");
    CHECK_FALSE(config::CredentialStore(dir.path()).get(engine().auth_registry));  // not saved unless asked

    SystemAuthOptions save;
    save.save_to_config = true;
    client.system().auth(credentials, save);
    auto saved = config::CredentialStore(dir.path()).get(engine().auth_registry);
    REQUIRE(saved);
    CHECK(saved->username == engine().auth_user);
    // And the real CLI reads what we wrote.
    auto [status, out] = run_command(docker_cli() + " --config " + shell_quote(dir.path()) + " pull --help >/dev/null");
    CHECK(status == 0);

    AuthConfig wrong = credentials;
    wrong.password = "not-the-password";
    // dockerd 20.10 answers 500 (newer ones 401); either way an ApiError naming the registry.
    CHECK_THROWS_AS(client.system().auth(wrong), ApiError);
}

TEST_CASE("contexts: made by docker context create, picked explicitly, by env and as current",
          "[integration][contexts]") {
    TempDir dir("dcpp-cfg");
    ScopedEnv config("DOCKER_CONFIG", dir.path());
    ScopedEnv host("DOCKER_HOST", std::nullopt);
    ScopedEnv context_env("DOCKER_CONTEXT", std::nullopt);
    std::string cli = docker_cli();
    auto create = run_command(cli + " context create dcpp-unix --docker host=" + shell_quote(engine().host));
    INFO(create.second);
    REQUIRE(create.first == 0);

    ClientOptions explicit_options;
    explicit_options.context = "dcpp-unix";
    Client by_name(explicit_options);
    CHECK(by_name.connection().context == "dcpp-unix");
    CHECK(by_name.endpoint().to_string() == engine().host);
    CHECK_FALSE(by_name.system().version().version.empty());

    {
        ScopedEnv env("DOCKER_CONTEXT", std::string("dcpp-unix"));
        CHECK(Client().connection().context == "dcpp-unix");
    }
    REQUIRE(run_command(cli + " context use dcpp-unix").first == 0);
    Client current = Client::from_env();
    CHECK(current.connection().context == "dcpp-unix");
    CHECK(current.system().ping().api_version.size() >= 4);
    {
        // DOCKER_HOST beats the current context, as with the CLI.
        ScopedEnv env("DOCKER_HOST", std::string("unix:///nonexistent/docker.sock"));
        CHECK(Client().connection().context.empty());
        CHECK(Client().endpoint().path == "/nonexistent/docker.sock");
    }

    const char* tls_host = std::getenv("DOCKER_CPP_TEST_TLS_HOST");
    const char* tls_dir = std::getenv("DOCKER_CPP_TEST_TLS_DIR");
    if (tls_host && tls_dir && transport::tls_available()) {
        std::string d = tls_dir;
        auto made = run_command(cli + " context create dcpp-tls --docker " +
                                shell_quote(std::string("host=") + tls_host + ",ca=" + d + "/ca.pem,cert=" + d +
                                            "/client/cert.pem,key=" + d + "/client/key.pem"));
        INFO(made.second);
        REQUIRE(made.first == 0);
        ClientOptions tls_options;
        tls_options.context = "dcpp-tls";
        Client tls(tls_options);
        REQUIRE(tls.connection().tls);
        CHECK(tls.connection().tls->ca_file.find("/contexts/tls/" + config::context_id("dcpp-tls")) != std::string::npos);
        CHECK_FALSE(tls.system().version().version.empty());
    }
    const char* ssh_host = std::getenv("DOCKER_CPP_TEST_SSH_HOST");
    if (ssh_host) {
        REQUIRE(run_command(cli + " context create dcpp-ssh --docker host=" + shell_quote(ssh_host)).first == 0);
        ClientOptions ssh_options;
        ssh_options.context = "dcpp-ssh";
        Client ssh(ssh_options);
        CHECK(ssh.endpoint().kind == Endpoint::Kind::ssh);
        CHECK(ssh.system().ping().api_version.size() >= 4);
    }
}

}  // namespace integration_credentials_test
