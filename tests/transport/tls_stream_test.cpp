// TlsStream against an in-process OpenSSL server on 127.0.0.1: read timeouts, a reader and a
// writer on two threads (attach), many records per read, half-close with close_notify, and
// cancellation. Each server gives up after a few seconds, so a regression fails, never hangs.

#include <docker/transport/tls_stream.hpp>

#ifdef DOCKER_CPP_OPENSSL

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <string>
#include <thread>

#include "support/catch.hpp"

// A namespace per test file: test files are compiled in batches (unity build).
namespace transport_tls_stream_test {
using namespace docker;
using namespace std::chrono_literals;

namespace {

// A throw-away self-signed certificate; the client does not verify it (DOCKER_TLS mode).
struct ServerContext {
    SSL_CTX* ctx = SSL_CTX_new(TLS_server_method());
    ServerContext() {
        EVP_PKEY* key = EVP_EC_gen("P-256");
        X509* cert = X509_new();
        X509_set_version(cert, 2);
        ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
        X509_gmtime_adj(X509_getm_notBefore(cert), 0);
        X509_gmtime_adj(X509_getm_notAfter(cert), 3600);
        X509_set_pubkey(cert, key);
        X509_NAME* name = X509_get_subject_name(cert);
        X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("localhost"), -1,
                                   -1, 0);
        X509_set_issuer_name(cert, name);
        X509_sign(cert, key, EVP_sha256());
        SSL_CTX_use_certificate(ctx, cert);
        SSL_CTX_use_PrivateKey(ctx, key);
        X509_free(cert);
        EVP_PKEY_free(key);
    }
    ~ServerContext() { SSL_CTX_free(ctx); }
};

// Waits up to `limit` for the peer to send something (or close).
bool readable(SSL* ssl, std::chrono::milliseconds limit) {
    if (SSL_pending(ssl) > 0) return true;
    pollfd p{SSL_get_fd(ssl), POLLIN, 0};
    return ::poll(&p, 1, static_cast<int>(limit.count())) > 0;
}

bool write_all(SSL* ssl, const char* data, std::size_t size) {
    while (size > 0) {
        int n = SSL_write(ssl, data, static_cast<int>(size));
        if (n <= 0) return false;
        data += n;
        size -= static_cast<std::size_t>(n);
    }
    return true;
}

// One connection on 127.0.0.1: handshake, then `script` on a blocking socket, then close.
class TlsServer {
public:
    explicit TlsServer(std::function<void(SSL*)> script) {
        listener_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        REQUIRE(::bind(listener_, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
        socklen_t len = sizeof a;
        ::getsockname(listener_, reinterpret_cast<sockaddr*>(&a), &len);
        port_ = ntohs(a.sin_port);
        REQUIRE(::listen(listener_, 1) == 0);
        thread_ = std::thread([this, script = std::move(script)] {
            pollfd p{listener_, POLLIN, 0};
            if (::poll(&p, 1, 10000) <= 0) return;
            int fd = ::accept(listener_, nullptr, nullptr);
            if (fd < 0) return;
            SSL* ssl = SSL_new(context_.ctx);
            SSL_set_fd(ssl, fd);
            if (SSL_accept(ssl) == 1) script(ssl);
            SSL_free(ssl);
            ::close(fd);
        });
    }
    ~TlsServer() {
        thread_.join();
        ::close(listener_);
    }
    TlsServer(const TlsServer&) = delete;
    TlsServer& operator=(const TlsServer&) = delete;

    std::unique_ptr<transport::TlsStream> connect() {
        TlsOptions options;
        options.verify = false;
        auto context = std::make_shared<const transport::TlsContext>(options);
        return transport::TlsStream::connect(Endpoint::parse("tcp://127.0.0.1:" + std::to_string(port_)),
                                             context, 5000ms);
    }

private:
    ServerContext context_;
    int listener_ = -1;
    int port_ = 0;
    std::thread thread_;
};

std::string pattern(std::size_t offset, std::size_t size) {
    std::string s(size, '\0');
    for (std::size_t i = 0; i < size; ++i) s[i] = static_cast<char>('a' + (offset + i) % 23);
    return s;
}

}  // namespace

TEST_CASE("TLS: a silent daemon makes a read time out within its timeout", "[transport][tls]") {
    TlsServer server([](SSL* ssl) { readable(ssl, 3000ms); });  // says nothing until the client goes
    auto stream = server.connect();
    char buffer[64];
    auto start = std::chrono::steady_clock::now();
    CHECK_THROWS_MATCHES(stream->read_some(buffer, sizeof buffer, 200ms), TimeoutError,
                         Catch::Matchers::Predicate<TimeoutError>([](const TimeoutError& e) {
                             return std::string(e.what()).find("timed out after 200 ms") != std::string::npos;
                         }));
    CHECK(std::chrono::steady_clock::now() - start < 2s);
}

TEST_CASE("TLS: a daemon that accepts but never answers the handshake times out", "[transport][tls]") {
    int listener = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::bind(listener, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
    socklen_t len = sizeof a;
    ::getsockname(listener, reinterpret_cast<sockaddr*>(&a), &len);
    REQUIRE(::listen(listener, 1) == 0);  // the kernel completes the TCP connect; nobody speaks TLS
    std::atomic<bool> gave_up{false};
    std::thread closer([&] {
        pollfd p{listener, POLLIN, 0};
        if (::poll(&p, 1, 5000) <= 0) return;
        int fd = ::accept(listener, nullptr, nullptr);
        auto limit = std::chrono::steady_clock::now() + 3s;  // until the client gives up, at most 3 s
        while (!gave_up && std::chrono::steady_clock::now() < limit) std::this_thread::sleep_for(10ms);
        ::close(fd);
    });
    TlsOptions options;
    options.verify = false;
    auto context = std::make_shared<const transport::TlsContext>(options);
    auto start = std::chrono::steady_clock::now();
    CHECK_THROWS_MATCHES(
        transport::TlsStream::connect(Endpoint::parse("tcp://127.0.0.1:" + std::to_string(ntohs(a.sin_port))), context,
                                      300ms),
        TimeoutError, Catch::Matchers::Predicate<TimeoutError>([](const TimeoutError& e) {
            return std::string(e.what()).find("TLS handshake with") != std::string::npos &&
                   std::string(e.what()).find("timed out after 300 ms") != std::string::npos;
        }));
    CHECK(std::chrono::steady_clock::now() - start < 2s);
    gave_up = true;
    closer.join();
    ::close(listener);
}

TEST_CASE("TLS: a reader waiting for the daemon does not hold up a writer on another thread", "[transport][tls]") {
    // As an attached stream: one thread reads the output while another writes stdin.
    TlsServer server([](SSL* ssl) {
        if (!readable(ssl, 5000ms)) return;
        char in[16];
        int n = SSL_read(ssl, in, sizeof in);
        if (n > 0) write_all(ssl, "pong", 4);
        readable(ssl, 3000ms);
    });
    auto stream = server.connect();
    std::string got;
    std::thread reader([&] {
        char buffer[16];
        std::size_t n = stream->read_some(buffer, sizeof buffer, 5000ms);
        got.assign(buffer, n);
    });
    std::this_thread::sleep_for(100ms);  // the reader is waiting by now
    auto start = std::chrono::steady_clock::now();
    stream->write_all("ping", 4, 5000ms);
    CHECK(std::chrono::steady_clock::now() - start < 2s);
    reader.join();
    CHECK(got == "pong");
}

TEST_CASE("TLS: many records per read, in order, to the end", "[transport][tls]") {
    const std::size_t total = 8u << 20, piece = 1u << 20;
    TlsServer server([&](SSL* ssl) {
        for (std::size_t sent = 0; sent < total; sent += piece)
            if (!write_all(ssl, pattern(sent, piece).data(), piece)) return;
        SSL_shutdown(ssl);
    });
    auto stream = server.connect();
    std::string buffer(64 * 1024, '\0');
    std::size_t received = 0, reads = 0, largest = 0;
    bool in_order = true;
    while (std::size_t n = stream->read_some(buffer.data(), buffer.size(), 5000ms)) {
        in_order = in_order && buffer.compare(0, n, pattern(received, n)) == 0;
        received += n;
        largest = std::max(largest, n);
        ++reads;
    }
    CHECK(in_order);
    CHECK(received == total);
    CHECK(largest > 16384);  // one read takes several 16 KiB records when they are there
    CHECK(reads >= total / buffer.size());
}

TEST_CASE("TLS: shutdown_write sends close_notify and the answer still arrives", "[transport][tls]") {
    TlsServer server([](SSL* ssl) {
        std::size_t got = 0;
        char in[256];
        for (;;) {
            if (!readable(ssl, 5000ms)) return;
            int n = SSL_read(ssl, in, sizeof in);
            if (n > 0) {
                got += static_cast<std::size_t>(n);
                continue;
            }
            if (SSL_get_error(ssl, n) != SSL_ERROR_ZERO_RETURN) return;  // not a close_notify
            break;
        }
        std::string answer = "got " + std::to_string(got);
        write_all(ssl, answer.data(), answer.size());
        SSL_shutdown(ssl);
    });
    auto stream = server.connect();
    stream->write_all("hello", 5, 5000ms);
    stream->shutdown_write();
    std::string answer;
    char buffer[64];
    while (std::size_t n = stream->read_some(buffer, sizeof buffer, 5000ms)) answer.append(buffer, n);
    CHECK(answer == "got 5");
}

TEST_CASE("TLS: shutdown_both from another thread ends a read waiting without a timeout", "[transport][tls]") {
    TlsServer server([](SSL* ssl) { readable(ssl, 5000ms); });
    auto stream = server.connect();
    std::atomic<bool> done{false};
    std::size_t n = 1;
    std::thread reader([&] {
        char buffer[16];
        n = stream->read_some(buffer, sizeof buffer, transport::no_timeout);
        done = true;
    });
    std::this_thread::sleep_for(100ms);
    auto start = std::chrono::steady_clock::now();
    stream->shutdown_both();
    reader.join();
    CHECK(done);
    CHECK(n == 0);
    CHECK(std::chrono::steady_clock::now() - start < 2s);
}

#endif  // DOCKER_CPP_OPENSSL

}  // namespace transport_tls_stream_test
