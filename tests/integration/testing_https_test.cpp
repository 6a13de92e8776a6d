// The HTTPS form of wait::for_http on the real engine: a container serving HTTPS with the
// host's own `openssl s_server` (binary and shared libraries imported as a one-layer image,
// nothing downloaded) and a self-signed certificate made here by `openssl req`.
// Without OpenSSL compiled in, only the refusal is checked: HTTPS is a ConfigError at once.

#include "support/catch.hpp"

#include "integration/engine.hpp"
#include "support/temp_dir.hpp"
#include "support/text.hpp"

#include <docker/testing.hpp>

#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <memory>
#include <set>
#include <sstream>
#include <stdexcept>

// A namespace per test file: test files are compiled in batches (unity build).
namespace integration_testing_https_test {
using namespace docker;
using namespace docker::testing;
using namespace std::chrono_literals;

namespace {

constexpr const char* openssl_binary = "/usr/bin/openssl";

using test_support::contains;

std::string run_command(const std::string& command) {
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(::popen(command.c_str(), "r"), ::pclose);
    if (!pipe) throw std::runtime_error("cannot run: " + command);
    std::string out;
    std::array<char, 4096> buffer;
    while (std::size_t n = std::fread(buffer.data(), 1, buffer.size(), pipe.get())) out.append(buffer.data(), n);
    return out;
}

std::string read_whole(const std::string& path) {
    std::ifstream in(path, std::ios::binary);  // follows symlinks: the image gets the real bytes
    if (!in) throw std::runtime_error("cannot read " + path);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

// A rootfs tar holding `binary` and every library ldd names for it (the loader too), and /tmp.
std::string rootfs_tar(const std::string& binary) {
    std::vector<std::string> files{binary};
    std::istringstream lines(run_command("ldd " + binary));
    for (std::string line; std::getline(lines, line);) {
        std::istringstream words(line);
        std::vector<std::string> w{std::istream_iterator<std::string>(words), {}};
        if (w.size() >= 3 && w[1] == "=>" && w[2][0] == '/') files.push_back(w[2]);
        else if (!w.empty() && w[0][0] == '/') files.push_back(w[0]);
    }
    if (files.size() < 2) throw std::runtime_error("ldd found no libraries for " + binary);
    std::string tar;
    stream::TarWriter writer([&](std::string_view bytes) { tar.append(bytes); });
    std::set<std::string> directories;
    auto add_directory = [&](const std::string& dir, std::uint32_t mode) {
        if (!directories.insert(dir).second) return;
        TarEntry entry;
        entry.name = dir;
        entry.type = TarEntryType::directory;
        entry.mode = mode;
        writer.add(entry);
    };
    add_directory("tmp", 01777);
    for (const auto& file : files) {
        std::string relative = file.substr(1);
        for (std::size_t slash = relative.find('/'); slash != std::string::npos; slash = relative.find('/', slash + 1))
            add_directory(relative.substr(0, slash), 0755);
        std::string bytes = read_whole(file);
        TarEntry entry;
        entry.name = relative;
        entry.mode = 0755;
        entry.size = bytes.size();
        writer.add(entry, bytes);
    }
    writer.finish();
    return tar;
}

// "docker-cpp-openssl:local", imported once per daemon.
std::string ensure_openssl_image(Client& client) {
    const std::string reference = "docker-cpp-openssl:local";
    try {
        client.images().inspect(reference);
        return reference;
    } catch (const NotFound&) {
    }
    auto tar = std::make_shared<std::string>(rootfs_tar(openssl_binary));
    auto offset = std::make_shared<std::size_t>(0);
    client.images().import_image(
        [tar, offset](char* buffer, std::size_t size) {
            std::size_t n = std::min(size, tar->size() - *offset);
            tar->copy(buffer, n, *offset);
            *offset += n;
            return n;
        },
        tar->size(), "docker-cpp-openssl", "local");
    return reference;
}

// A self-signed certificate for DNS:localhost in DIR/NAME-cert.pem, its key in DIR/NAME-key.pem.
void make_certificate(const std::string& dir, const std::string& name) {
    std::string command = std::string(openssl_binary) + " req -x509 -newkey rsa:2048 -nodes -sha256 -days 2 -subj /CN=localhost"
                          " -addext subjectAltName=DNS:localhost -keyout '" + dir + "/" + name + "-key.pem' -out '" +
                          dir + "/" + name + "-cert.pem' 2>/dev/null";
    if (std::system(command.c_str()) != 0) throw std::runtime_error("openssl req failed: " + command);
}

// `openssl s_server -www` on port 8443 with DIR/server-{cert,key}.pem: any GET answers 200
// with a status page. It prints ACCEPT once it listens.
ContainerSpec https_server(const std::string& image, const std::string& dir) {
    ContainerSpec spec(image);
    spec.pull = PullPolicy::never;  // built here
    spec.cmd = {openssl_binary, "s_server", "-accept", "8443", "-www", "-cert", "/tls/server-cert.pem",
                "-key", "/tls/server-key.pem"};
    spec.with_file(dir + "/server-cert.pem", "/tls").with_file(dir + "/server-key.pem", "/tls").with_port("8443");
    return spec;
}

// Verified HTTPS: the self-signed certificate is its own CA, issued for "localhost".
wait::HttpWaitOptions verified(const std::string& ca_file) {
    TlsOptions tls;
    tls.verify = true;
    tls.ca_file = ca_file;
    tls.server_name = "localhost";
    return wait::HttpWaitOptions().with_tls(tls);
}

bool openssl_usable() {
    if (!transport::tls_available()) {
        WARN("built without OpenSSL: only the refusal of HTTPS is checked");
        return false;
    }
    if (::access(openssl_binary, X_OK) != 0) {
        WARN(std::string(openssl_binary) + " is missing: the HTTPS wait tests need it for their server");
        return false;
    }
    return true;
}

}  // namespace

TEST_CASE("testing: HTTPS wait without OpenSSL is a ConfigError at once, never plain text",
          "[integration][testing][https]") {
    if (transport::tls_available()) {
        // Built with OpenSSL: making the strategy loads nothing that could fail.
        CHECK(wait::for_https("/", "8443").description() == "HTTPS 200 from GET / on port 8443");
        return;
    }
    try {
        wait::for_https("/health", "8443");
        FAIL("HTTPS accepted without OpenSSL");
    } catch (const ConfigError& e) {
        CHECK(contains(e.what(), "without OpenSSL"));
        CHECK(contains(e.what(), "GET /health on port 8443"));
    }
    CHECK_THROWS_AS(wait::for_http("/", "8443", wait::HttpWaitOptions().with_tls()), ConfigError);
}

TEST_CASE("testing: HTTPS status wait against a self-signed server", "[integration][testing][https]") {
    CHECK_THROWS_AS(wait::for_http("/", "8443", wait::HttpWaitOptions().with_status(99)), UsageError);
    CHECK_THROWS_AS(wait::for_http("/", "8443", wait::HttpWaitOptions().with_status(600)), UsageError);
    if (!openssl_usable()) return;

    test::TempDir dir("dcpp-https");
    make_certificate(dir.path(), "server");
    make_certificate(dir.path(), "other");  // a stranger's: verification against it fails

    // A CA file that cannot be read fails when the strategy is made, not as a timeout.
    try {
        wait::for_http("/", "8443", verified(dir.path() + "/no-such-ca.pem"));
        FAIL("a missing CA file was accepted");
    } catch (const ConfigError& e) {
        CHECK(contains(e.what(), "no-such-ca.pem"));
    }

    Client client = test::make_client();
    const std::string image = ensure_openssl_image(client);

    // Ready once the server answers 200, its certificate taken as it comes.
    auto spec = https_server(image, dir.path());
    spec.with_wait(wait::for_https("/", "8443"), 60s);
    Container server = Container::start(client, spec);
    ContainerOutput log = server.logs();
    CHECK(contains(log.out + log.err, "ACCEPT"));

    // Verified: against the certificate itself as CA, by the name it was issued for.
    auto checked = https_server(image, dir.path());
    checked.with_wait(wait::for_http("/", "8443", verified(dir.path() + "/server-cert.pem")), 60s);
    CHECK_NOTHROW(Container::start(client, checked));

    // The failures, against the server already running: each a timeout at its deadline that
    // names the strategy, says the last answer and carries the log's tail (where the server's
    // complaint about each refused handshake soon pushes out its start-up lines).
    const auto deadline = 3s;
    auto expect_timeout = [&](const WaitStrategy& strategy, const std::string& strategy_name,
                              const std::string& reason, const std::string& log_text) {
        auto start = std::chrono::steady_clock::now();
        try {
            wait_until_ready(client, server.id(), strategy, deadline);
            FAIL("no timeout for " + strategy_name);
        } catch (const WaitTimeoutError& e) {
            auto took = std::chrono::steady_clock::now() - start;
            CHECK(e.strategy() == strategy_name);
            CHECK(contains(e.what(), reason));
            CHECK(contains(e.what(), "waiting for " + strategy_name + " failed after"));
            INFO(e.what());
            CHECK(contains(e.logs_tail(), log_text));
            CHECK(e.state().running);
            CHECK(e.waited() >= deadline);
            CHECK(took < deadline + 10s);  // one probe's own limit past the deadline, at most
        }
    };
    // (In sequence, not SECTIONs: each would start the containers again.)
    expect_timeout(wait::for_https("/", "8443", 204), "HTTPS 204 from GET / on port 8443", "answered 200",
                   "ACCEPT");
    expect_timeout(wait::for_http("/", "8443"), "HTTP 200 from GET / on port 8443", "HTTP GET / on",
                   "SSL routines:ssl3_get_record:http request");
    // A certificate that another CA would have to vouch for.
    expect_timeout(wait::for_http("/", "8443", verified(dir.path() + "/other-cert.pem")),
                   "HTTPS 200 from GET / on port 8443", "certificate was rejected", "SSL routines");
    // Verified by the address connected to, which the certificate (DNS:localhost only) is not for.
    TlsOptions by_address;
    by_address.ca_file = dir.path() + "/server-cert.pem";
    expect_timeout(wait::for_http("/", "8443", wait::HttpWaitOptions().with_tls(by_address)),
                   "HTTPS 200 from GET / on port 8443", "is not for '127.0.0.1'", "SSL routines");
}

TEST_CASE("testing: HTTPS wait against a plain HTTP server times out naming TLS",
          "[integration][testing][https]") {
    if (!openssl_usable()) return;
    Client client = test::make_client();
    ContainerSpec spec(test::engine().image);
    spec.cmd = {"sh", "-c", "mkdir -p /www && echo hello > /www/index.html && echo serving && "
                            "exec httpd -f -v -p 8080 -h /www"};
    spec.with_port("8080").with_wait(wait::for_https("/index.html", "8080"), 3s);
    try {
        Container::start(client, spec);
        FAIL("HTTPS against plain HTTP was ready");
    } catch (const WaitTimeoutError& e) {
        CHECK(e.strategy() == "HTTPS 200 from GET /index.html on port 8080");
        CHECK(contains(e.what(), "HTTPS GET /index.html on"));
        CHECK(contains(e.what(), "TLS"));
        CHECK(contains(e.logs_tail(), "serving"));
    }
}

}  // namespace integration_testing_https_test
