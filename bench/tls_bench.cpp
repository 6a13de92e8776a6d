// TLS against plain TCP, side by side in one run: a 1 GiB log stream (FrameReader over the
// client's ResponseStream) and a GET /_ping loop on one kept-alive connection, each over
// tcp:// and over tcp:// + TLS to the same forked server (the TLS one does SSL_accept first).
// Targets: the TLS stream within 1.5x of plain's time, peak RSS growth <= 8 MiB for both.
//
//   tls_bench CERT_DIR [--mib N] [--pings N] [--rounds R] [--only plain|tls]
//
// CERT_DIR from scripts/tls-certs.sh. N MiB per side (default 1024) in R rounds (default 4)
// that alternate plain and TLS. --only runs one side (for callgrind; no ratio).

#include <docker/docker.hpp>

#ifndef DOCKER_CPP_OPENSSL
#include <cstdio>
int main() {
    std::printf("tls_bench: built without OpenSSL, nothing to compare\n");
    return 0;
}
#else

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/ssl.h>
#include <fcntl.h>
#include <sys/prctl.h>

#include <chrono>
#include <cstdint>
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <utility>

#include "canned_server.hpp"

namespace {

using Clock = std::chrono::steady_clock;
std::uint64_t g_body_bytes = 1024ull * 1024 * 1024;

// Chunk-encoded log frames, as stream_bench's: lines of 40..200 bytes, one in five up to 16 KiB.
struct Block {
    std::string wire;
    std::uint64_t payload = 0;
};

Block log_block() {
    Block b;
    std::uint32_t state = 12345;
    auto next = [&] {
        state = state * 1103515245u + 12345u;
        return state >> 8;
    };
    while (b.wire.size() < 1024 * 1024) {
        std::uint32_t r = next();
        std::size_t size = r % 5 == 0 ? 1 + next() % 16384 : 40 + next() % 161;
        char hex[32];
        std::snprintf(hex, sizeof hex, "%zx\r\n", size + 8);
        b.wire += hex;
        unsigned char header[8] = {1, 0, 0, 0, static_cast<unsigned char>(size >> 24), static_cast<unsigned char>(size >> 16),
                                   static_cast<unsigned char>(size >> 8), static_cast<unsigned char>(size)};
        b.wire.append(reinterpret_cast<const char*>(header), 8);
        for (std::size_t i = 0; i + 1 < size; ++i) b.wire += static_cast<char>('a' + (i + r) % 26);
        b.wire += "\n\r\n";
        b.payload += size;
    }
    return b;
}

std::uint64_t blocks() {
    static const std::uint64_t n = (g_body_bytes + log_block().payload - 1) / log_block().payload;
    return n;
}

// The server side of one connection, over a plain fd or an SSL session.
struct Peer {
    int fd;
    SSL* ssl;
    bool write(const char* data, std::size_t size) {
        if (!ssl) return bench::write_all(fd, data, size);
        while (size > 0) {
            int n = SSL_write(ssl, data, static_cast<int>(size));
            if (n <= 0) return false;
            data += n;
            size -= static_cast<std::size_t>(n);
        }
        return BIO_flush(SSL_get_wbio(ssl)) == 1;  // the records of this write leave together
    }
    bool read_head(std::string& buffer) {
        for (;;) {
            std::size_t end = buffer.find("\r\n\r\n");
            if (end != std::string::npos) return true;
            char chunk[4096];
            int n = ssl ? SSL_read(ssl, chunk, sizeof chunk) : static_cast<int>(::recv(fd, chunk, sizeof chunk, 0));
            if (n <= 0) return false;
            buffer.append(chunk, static_cast<std::size_t>(n));
        }
    }
};

// `report`: where each log stream's server CPU seconds go (a pipe the client reads).
void serve(Peer peer, int report) {
    static const std::string pong = "HTTP/1.1 200 OK\r\nApi-Version: 1.41\r\nContent-Length: 2\r\n\r\nOK";
    Block block = log_block();
    std::string buffer;
    while (peer.read_head(buffer)) {
        std::size_t end = buffer.find("\r\n\r\n");
        std::string head = buffer.substr(0, end);
        buffer.erase(0, end + 4);
        bool logs = head.find("/logs") != std::string::npos;
        if (!logs) {
            if (!peer.write(pong.data(), pong.size())) return;
            continue;
        }
        std::string answer_head = "HTTP/1.1 200 OK\r\nContent-Type: application/vnd.docker.multiplexed-stream\r\n"
                                  "Transfer-Encoding: chunked\r\n\r\n";
        double cpu = bench::cpu_seconds();
        if (!peer.write(answer_head.data(), answer_head.size())) return;
        for (std::uint64_t i = blocks(); i > 0; --i)
            if (!peer.write(block.wire.data(), block.wire.size())) return;
        if (!peer.write("0\r\n\r\n", 5)) return;
        cpu = bench::cpu_seconds() - cpu;
        if (::write(report, &cpu, sizeof cpu) != sizeof cpu) return;  // atomic: less than PIPE_BUF
    }
}

// A forked TCP server on 127.0.0.1 (TLS when cert_dir is given); one process per connection.
class TcpServer {
public:
    TcpServer(const std::string& cert_dir, bool tls) {
        int listener = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::bind(listener, reinterpret_cast<sockaddr*>(&a), sizeof a) < 0) bench::die("bind");
        socklen_t len = sizeof a;
        ::getsockname(listener, reinterpret_cast<sockaddr*>(&a), &len);
        port_ = ntohs(a.sin_port);
        if (::listen(listener, 16) < 0) bench::die("listen");
        if (::pipe2(report_, O_CLOEXEC) < 0) bench::die("pipe");
        std::fflush(nullptr);
        pid_ = ::fork();
        if (pid_ < 0) bench::die("fork");
        if (pid_ > 0) {
            ::close(listener);
            ::close(report_[1]);
            return;
        }
        ::close(report_[0]);
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        ::alarm(600);
        ::signal(SIGCHLD, SIG_IGN);
        SSL_CTX* ctx = nullptr;
        if (tls) {
            ctx = SSL_CTX_new(TLS_server_method());
            // dockerd's choice (Go's crypto/tls on a CPU with AES instructions): AES-128-GCM
            // first, by the server's preference, not OpenSSL's AES-256-GCM.
            SSL_CTX_set_ciphersuites(ctx,
                                     "TLS_AES_128_GCM_SHA256:TLS_CHACHA20_POLY1305_SHA256:TLS_AES_256_GCM_SHA384");
            SSL_CTX_set_options(ctx, SSL_OP_CIPHER_SERVER_PREFERENCE);
            if (SSL_CTX_use_certificate_chain_file(ctx, (cert_dir + "/server-cert.pem").c_str()) != 1 ||
                SSL_CTX_use_PrivateKey_file(ctx, (cert_dir + "/server-key.pem").c_str(), SSL_FILETYPE_PEM) != 1)
                bench::die("server certificate");
        }
        for (;;) {
            int fd = ::accept(listener, nullptr, nullptr);
            if (fd < 0) {
                if (errno == EINTR) continue;
                ::_exit(0);
            }
            if (::fork() == 0) {
                ::prctl(PR_SET_PDEATHSIG, SIGKILL);
                ::close(listener);
                // As dockerd (Go sets it on every TCP connection): without it, Nagle holds each
                // 16 KiB TLS record back until the previous one is acknowledged.
                int one = 1;
                ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
                SSL* ssl = nullptr;
                if (ctx) {
                    ssl = SSL_new(ctx);
                    // The records of one write (up to 16 KiB each) collect in a buffer and leave
                    // in one send, as the plain server sends its 1 MiB block: with a send per
                    // record the server spends more on syscalls than on the cipher, and the
                    // client, finding one record per wakeup, pays four reads for plain's one.
                    BIO* buffered = BIO_new(BIO_f_buffer());
                    if (!buffered || BIO_set_write_buffer_size(buffered, 2 * 1024 * 1024) != 1) ::_exit(1);
                    BIO_push(buffered, BIO_new_socket(fd, BIO_NOCLOSE));
                    SSL_set_bio(ssl, buffered, buffered);
                    if (SSL_accept(ssl) != 1) ::_exit(1);
                }
                serve(Peer{fd, ssl}, report_[1]);
                ::_exit(0);
            }
            ::close(fd);
        }
    }
    ~TcpServer() {
        ::kill(pid_, SIGTERM);
        int status = 0;
        ::waitpid(pid_, &status, 0);
        ::close(report_[0]);
    }
    TcpServer(const TcpServer&) = delete;
    TcpServer& operator=(const TcpServer&) = delete;

    // The CPU seconds the server spent sending the last log stream (waits for its report).
    double stream_cpu() const {
        double cpu = 0;
        if (::read(report_[0], &cpu, sizeof cpu) != sizeof cpu) bench::die("server CPU report");
        return cpu;
    }
    std::string host() const { return "tcp://127.0.0.1:" + std::to_string(port_); }

private:
    int port_ = 0;
    pid_t pid_ = -1;
    int report_[2] = {-1, -1};
};

struct Figures {
    double stream_seconds = 0;
    double stream_cpu_seconds = 0;   // the client's CPU time: what TLS costs, whatever the machine's load
    double server_cpu_seconds = 0;   // the serving process's, to show which side limits the stream
    long stream_rss_kib = 0;         // the largest growth of any one stream
    double ping_seconds = 0;
    int pings = 0;
    bool correct = true;
};

// One log stream of g_body_bytes, added to `f`. Not inlined, so callgrind can collect this
// function alone (--toggle-collect='*stream_logs*').
[[gnu::noinline]] void stream_logs(docker::Client& client, const TcpServer& server, Figures& f) {
    docker::CallOptions call;
    call.versioned = false;
    bool reset = bench::reset_peak_rss();
    long base = reset ? bench::status_kib("VmHWM") : bench::status_kib("VmRSS");
    auto start = Clock::now();
    double cpu = bench::cpu_seconds();
    std::uint64_t payload = 0;
    {
        auto response = client.stream(docker::Client::make_request("GET", "/containers/bench/logs"), call);
        docker::stream::FrameReader<docker::ResponseStream> reader(std::move(response), true);
        docker::LogFrame frame;
        while (reader.next(frame)) payload += frame.data.size();
    }
    f.stream_seconds += std::chrono::duration<double>(Clock::now() - start).count();
    f.stream_cpu_seconds += bench::cpu_seconds() - cpu;
    f.stream_rss_kib = std::max(f.stream_rss_kib, bench::status_kib("VmHWM") - base);
    f.correct = f.correct && payload == log_block().payload * blocks();
    f.server_cpu_seconds += server.stream_cpu();
}

void ping_loop(docker::Client& client, int pings, Figures& f) {
    auto start = Clock::now();
    for (int i = 0; i < pings; ++i) client.system().ping();
    f.ping_seconds += std::chrono::duration<double>(Clock::now() - start).count();
    f.pings += pings;
}

}  // namespace

static int run(int argc, char** argv) {
    const char* usage = "usage: %s CERT_DIR [--mib N] [--pings N] [--rounds R] [--only plain|tls]\n";
    if (argc < 2) {
        std::fprintf(stderr, usage, argv[0]);
        return 2;
    }
    std::string certs = argv[1];
    std::uint64_t total_mib = 1024;
    int pings = 20000, rounds = 4;
    std::string only;
    for (int i = 2; i < argc; ++i) {
        std::string flag = argv[i];
        if (i + 1 >= argc) {
            std::fprintf(stderr, usage, argv[0]);
            return 2;
        }
        const char* value = argv[++i];
        if (flag == "--mib") total_mib = std::strtoull(value, nullptr, 10);
        else if (flag == "--pings") pings = std::atoi(value);
        else if (flag == "--rounds") rounds = std::atoi(value);
        else if (flag == "--only") only = value;
        else {
            std::fprintf(stderr, usage, argv[0]);
            return 2;
        }
    }
    if (rounds < 1 || total_mib < static_cast<std::uint64_t>(rounds) || (!only.empty() && only != "plain" && only != "tls")) {
        std::fprintf(stderr, usage, argv[0]);
        return 2;
    }
    // Each round streams its share over plain TCP and over TLS, in alternating order, so a
    // change of machine load hits both alike.
    g_body_bytes = (total_mib << 20) / static_cast<std::uint64_t>(rounds);
    std::setvbuf(stdout, nullptr, _IOLBF, 0);

    bool run_plain = only != "tls", run_tls = only != "plain";
    std::optional<TcpServer> plain_server, tls_server;
    std::optional<docker::Client> plain_client, tls_client;
    if (run_plain) {
        plain_server.emplace(certs, false);
        docker::ClientOptions o;
        o.host = plain_server->host();
        o.api_version = "1.41";
        plain_client.emplace(o);
        plain_client->system().ping();  // connect outside the measurement
    }
    if (run_tls) {
        tls_server.emplace(certs, true);
        docker::ClientOptions o;
        o.host = tls_server->host();
        o.api_version = "1.41";
        docker::TlsOptions t;
        t.ca_file = certs + "/ca.pem";
        t.cert_file = certs + "/client/cert.pem";
        t.key_file = certs + "/client/key.pem";
        o.tls = t;
        tls_client.emplace(o);
        tls_client->system().ping();  // connect and handshake outside the measurement
    }
    Figures plain, tls;
    for (int r = 0; r < rounds; ++r) {
        bool tls_first = r % 2 == 1;
        if (tls_first && run_tls) stream_logs(*tls_client, *tls_server, tls);
        if (run_plain) stream_logs(*plain_client, *plain_server, plain);
        if (!tls_first && run_tls) stream_logs(*tls_client, *tls_server, tls);
    }
    for (int r = 0; r < rounds; ++r) {
        int share = pings / rounds;
        bool tls_first = r % 2 == 1;
        if (tls_first && run_tls) ping_loop(*tls_client, share, tls);
        if (run_plain) ping_loop(*plain_client, share, plain);
        if (!tls_first && run_tls) ping_loop(*tls_client, share, tls);
    }

    double mib = static_cast<double>(total_mib);
    auto line = [&](const char* name, const Figures& f) {
        std::printf("%-10s log stream %.0f MiB: %6.0f MB/s (%.2f s wall, %.2f s client CPU, %.2f s server CPU), "
                    "peak RSS growth %.2f MiB; /_ping loop: %7.0f req/s%s\n",
                    name, mib, static_cast<double>(total_mib << 20) / f.stream_seconds / 1e6, f.stream_seconds,
                    f.stream_cpu_seconds, f.server_cpu_seconds, static_cast<double>(f.stream_rss_kib) / 1024.0,
                    f.pings > 0 ? f.pings / f.ping_seconds : 0.0, f.correct ? "" : "  WRONG BYTE COUNT");
    };
    if (run_plain) line("plain TCP", plain);
    if (run_tls) line("TLS", tls);
    if (!run_plain || !run_tls) return plain.correct && tls.correct ? 0 : 1;  // one side only: for profiling
    double ratio = tls.stream_seconds / plain.stream_seconds;
    bool ok = plain.correct && tls.correct && ratio <= 1.5 && tls.stream_rss_kib <= 8 * 1024 && plain.stream_rss_kib <= 8 * 1024;
    std::printf("TLS stream time / plain: %.2fx wall (target <= 1.5x), %.2fx client CPU; /_ping TLS / plain: %.2f; "
                "%d rounds; %s\n",
                ratio, tls.stream_cpu_seconds / plain.stream_cpu_seconds,
                tls.pings > 0 && plain.pings > 0 ? (tls.pings / tls.ping_seconds) / (plain.pings / plain.ping_seconds) : 0.0,
                rounds, ok ? "ok" : "MISSED");
    return ok ? 0 : 2;
}

int main(int argc, char** argv) { return bench::main_reporting_errors(run, argc, argv); }

#endif
