// The per-operation cost of the library next to the floor it cannot beat, for instruction
// counts (valgrind --tool=callgrind), syscall counts (strace -c) and heap allocations (the
// operator new below). Each mode does N operations against a canned server; run it twice
// with different N and take the difference, so connecting and start-up cancel out
// (scripts/floor.sh does exactly that).
//
//   floor_bench serve SOCKET                       canned server (until killed), forks per connection
//   floor_bench ping-client SOCKET N               GET /_ping through docker::Client
//   floor_bench ping-hand SOCKET N                 the same bytes by send/recv on one socket
//   floor_bench logs-straddle SOCKET MIB           a log stream whose frames straddle chunks, as LogFrames
//   floor_bench logs-pieces SOCKET MIB             the same stream as copy-free pieces (next_piece)
//   floor_bench download SOCKET MIB                a plain chunked body, read piece by piece
//   floor_bench version-typed SOCKET N             client.system().version()
//   floor_bench version-raw SOCKET N               client.get("/version") + one nlohmann::json::parse
//
// Every mode prints "allocations per op: X" (heap allocations during the N operations / N).

#include <docker/docker.hpp>

#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>
#include <string>

#include "canned_server.hpp"

namespace {
std::atomic<long> allocations{0};
}

// Not inlined, or g++ sees malloc() paired with a delete-expression and warns (as in
// parser_bench.cpp).
[[gnu::noinline]] void* operator new(std::size_t size) {
    allocations.fetch_add(1, std::memory_order_relaxed);
    if (void* p = std::malloc(size ? size : 1)) return p;
    throw std::bad_alloc();
}
[[gnu::noinline]] void* operator new[](std::size_t size) { return ::operator new(size); }
[[gnu::noinline]] void operator delete(void* p) noexcept { std::free(p); }
[[gnu::noinline]] void operator delete[](void* p) noexcept { std::free(p); }
[[gnu::noinline]] void operator delete(void* p, std::size_t) noexcept { std::free(p); }
[[gnu::noinline]] void operator delete[](void* p, std::size_t) noexcept { std::free(p); }

namespace {

constexpr const char ping_response[] =
    "HTTP/1.1 200 OK\r\nApi-Version: 1.41\r\nCache-Control: no-cache, no-store, must-revalidate\r\n"
    "Content-Length: 2\r\nContent-Type: text/plain; charset=utf-8\r\nDocker-Experimental: false\r\n"
    "Ostype: linux\r\nPragma: no-cache\r\nServer: Docker/20.10.24+dfsg1 (linux)\r\n"
    "Date: Mon, 30 Nov 2026 23:00:00 GMT\r\n\r\nOK";

// What dockerd 20.10 answers to GET /version (one line of JSON).
const std::string version_body =
    R"({"Platform":{"Name":""},"Components":[{"Name":"Engine","Version":"20.10.24+dfsg1","Details":{"ApiVersion":"1.41","Arch":"amd64","BuildTime":"2023-05-18T08:38:34.000000000+00:00","Experimental":"false","GitCommit":"5d6db84","GoVersion":"go1.19.8","KernelVersion":"6.1.0-13-amd64","MinAPIVersion":"1.12","Os":"linux"}},{"Name":"containerd","Version":"1.6.20~ds1","Details":{"GitCommit":"1.6.20~ds1-1+b1"}},{"Name":"runc","Version":"1.1.5+ds1","Details":{"GitCommit":"1.1.5+ds1-1+deb12u1"}},{"Name":"docker-init","Version":"0.19.0","Details":{"GitCommit":""}}],"Version":"20.10.24+dfsg1","ApiVersion":"1.41","MinAPIVersion":"1.12","GitCommit":"5d6db84","GoVersion":"go1.19.8","Os":"linux","Arch":"amd64","KernelVersion":"6.1.0-13-amd64","BuildTime":"2023-05-18T08:38:34.000000000+00:00"})"
    "\n";

// One log frame: 8-byte header and payload.
void append_frame(std::string& out, int type, std::size_t size, char fill) {
    char header[8] = {static_cast<char>(type), 0, 0, 0, static_cast<char>((size >> 24) & 0xff),
                      static_cast<char>((size >> 16) & 0xff), static_cast<char>((size >> 8) & 0xff),
                      static_cast<char>(size & 0xff)};
    out.append(header, 8);
    out.append(size - 1, fill);
    out += '\n';
}

// Exactly 1 MiB of whole frames, 40-200 bytes (one in five up to 16 KiB), stdout and stderr
// mixed: the same bytes per MiB as the plain download, so per-MiB figures compare like for
// like (the last frame is sized to fill the block).
std::string log_block() {
    const std::size_t mib = 1024 * 1024;
    std::string block;
    std::uint32_t seed = 12345;
    auto next = [&seed] { return seed = seed * 1103515245u + 12345u; };
    for (;;) {
        std::size_t size = 40 + next() % 161;
        if (next() % 5 == 0) size = 40 + next() % 16344;
        int type = next() % 2 ? 1 : 2;
        char fill = static_cast<char>('a' + next() % 26);
        if (block.size() + 8 + size + 8 + 40 > mib) {  // leave room for a last frame of at least 40 bytes
            append_frame(block, type, mib - block.size() - 8, fill);
            return block;
        }
        append_frame(block, type, size, fill);
    }
}

void chunk_header(std::string& out, std::size_t size) {
    char line[32];
    int n = std::snprintf(line, sizeof line, "%zx\r\n", size);
    out.append(line, static_cast<std::size_t>(n));
}

// Sends `mib` MiB of `block` repeated, in HTTP chunks of 4000 bytes: the chunk boundaries fall
// anywhere in the frames, as a daemon under load sends them. Then the last chunk.
// The chunks go out 256 KiB at a time: written one by one, a client slowed down by callgrind
// sometimes caught up with the writes, and its extra partial reads moved the per-MiB
// instruction counts by up to 10 % from run to run. Batched, the socket is always full.
bool send_chunked(int fd, const std::string& block, std::size_t mib) {
    const std::size_t chunk = 4000, batch = 256 * 1024;
    std::uint64_t total = static_cast<std::uint64_t>(mib) * 1024 * 1024;
    // Whole blocks: a frame never spans the repetition, so the stream stays well-formed.
    std::uint64_t blocks = (total + block.size() - 1) / block.size();
    std::string out;
    out.reserve(batch + chunk + 16);
    std::size_t offset = 0;
    for (std::uint64_t b = 0; b < blocks;) {
        std::size_t take = std::min(chunk, block.size() - offset);
        chunk_header(out, take);
        out.append(block, offset, take);
        out += "\r\n";
        if (out.size() >= batch) {
            if (!bench::write_all(fd, out.data(), out.size())) return false;
            out.clear();
        }
        offset += take;
        if (offset == block.size()) {
            offset = 0;
            ++b;
        }
    }
    out += "0\r\n\r\n";
    return bench::write_all(fd, out.data(), out.size());
}

void serve(int fd) {
    static const std::string block = log_block();
    static std::string plain(1024 * 1024, 'x');
    std::string buffer, head;
    while (bench::read_request(fd, buffer, head)) {
        std::string target = head.substr(head.find(' ') + 1);
        target = target.substr(0, target.find(' '));
        if (target.find("/_ping") != std::string::npos) {
            if (!bench::write_all(fd, ping_response, sizeof ping_response - 1)) return;
        } else if (target.find("/version") != std::string::npos) {
            std::string answer = "HTTP/1.1 200 OK\r\nApi-Version: 1.41\r\nContent-Type: application/json\r\n"
                                 "Server: Docker/20.10.24+dfsg1 (linux)\r\nContent-Length: " +
                                 std::to_string(version_body.size()) + "\r\n\r\n" + version_body;
            if (!bench::write_all(fd, answer.data(), answer.size())) return;
        } else if (target.find("/logs") != std::string::npos || target.find("/download") != std::string::npos) {
            std::size_t mib = std::strtoul(target.substr(target.find("mib=") + 4).c_str(), nullptr, 10);
            bool logs = target.find("/logs") != std::string::npos;
            std::string answer = std::string("HTTP/1.1 200 OK\r\nContent-Type: ") +
                                 (logs ? "application/vnd.docker.multiplexed-stream" : "application/octet-stream") +
                                 "\r\nTransfer-Encoding: chunked\r\n\r\n";
            if (!bench::write_all(fd, answer.data(), answer.size())) return;
            if (!send_chunked(fd, logs ? block : plain, mib)) return;
        } else {
            const char missing[] = "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n";
            if (!bench::write_all(fd, missing, sizeof missing - 1)) return;
        }
    }
}

docker::Client make_client(const std::string& socket) {
    docker::ClientOptions options;
    options.host = "unix://" + socket;
    options.api_version = "1.41";
    return docker::Client(options);
}

void report(long ops, long allocs_before) {
    long allocs = allocations.load() - allocs_before;
    std::printf("allocations per op: %.2f (%ld in %ld)\n", static_cast<double>(allocs) / static_cast<double>(ops),
                allocs, ops);
}

int run(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: floor_bench MODE SOCKET [N]\n");
        return 2;
    }
    std::string mode = argv[1], socket = argv[2];
    long n = argc > 3 ? std::atol(argv[3]) : 1000;
    if (mode == "serve") {
        bench::CannedServer server(serve, 3600, socket);
        std::printf("serving on %s\n", socket.c_str());
        std::fflush(stdout);
        ::pause();
        return 0;
    }
    if (mode == "ping-hand") {
        const std::string request = "GET /_ping HTTP/1.1\r\nHost: localhost\r\nUser-Agent: docker-cpp/" +
                                    std::string(DOCKER_CPP_VERSION_STRING) + "\r\n\r\n";
        int fd = bench::connect_unix(socket);
        char buffer[4096];
        long before = allocations.load();
        for (long i = 0; i < n; ++i) {
            if (!bench::write_all(fd, request.data(), request.size())) bench::die("write");
            std::size_t have = 0;
            for (;;) {
                ssize_t got = ::recv(fd, buffer + have, sizeof buffer - have, 0);
                if (got <= 0) bench::die("recv");
                have += static_cast<std::size_t>(got);
                const char* end = static_cast<const char*>(::memmem(buffer, have, "\r\n\r\n", 4));
                if (end && have >= static_cast<std::size_t>(end - buffer) + 4 + 2) break;
            }
        }
        report(n, before);
        ::close(fd);
        return 0;
    }
    docker::Client client = make_client(socket);
    docker::CallOptions unversioned;
    unversioned.versioned = false;
    client.request(docker::Client::make_request("GET", "/_ping"), unversioned);  // connect first
    long before = allocations.load();
    if (mode == "ping-client") {
        for (long i = 0; i < n; ++i) {
            auto response = client.request(docker::Client::make_request("GET", "/_ping"), unversioned);
            if (response.body != "OK") bench::die("unexpected /_ping body");
        }
    } else if (mode == "version-typed") {
        std::size_t total = 0;
        for (long i = 0; i < n; ++i) total += client.system().version().version.size();
        if (total == 0) bench::die("no version");
    } else if (mode == "version-raw") {
        std::size_t total = 0;
        for (long i = 0; i < n; ++i) total += nlohmann::json::parse(client.get("/version").body).size();
        if (total == 0) bench::die("no version");
    } else if (mode == "logs-straddle") {
        auto response = client.stream(docker::Client::make_request("GET", "/containers/x/logs?mib=" + std::to_string(n)));
        docker::stream::FrameReader<docker::ResponseStream> frames(std::move(response), true);
        docker::LogFrame frame;
        std::uint64_t bytes = 0;
        while (frames.next(frame)) bytes += frame.data.size();
        std::printf("log payload bytes: %llu\n", static_cast<unsigned long long>(bytes));
    } else if (mode == "logs-pieces") {
        auto response = client.stream(docker::Client::make_request("GET", "/containers/x/logs?mib=" + std::to_string(n)));
        docker::stream::FrameReader<docker::ResponseStream> frames(std::move(response), true);
        docker::LogPiece piece;
        std::uint64_t bytes = 0, stderr_bytes = 0;
        while (frames.next_piece(piece)) {
            bytes += piece.data.size();
            if (piece.is_stderr()) stderr_bytes += piece.data.size();
        }
        std::printf("log payload bytes: %llu (stderr %llu)\n", static_cast<unsigned long long>(bytes),
                    static_cast<unsigned long long>(stderr_bytes));
    } else if (mode == "download") {
        auto response = client.stream(docker::Client::make_request("GET", "/download?mib=" + std::to_string(n)));
        std::uint64_t bytes = 0;
        for (auto piece = response.read(); !piece.empty(); piece = response.read()) bytes += piece.size();
        std::printf("body bytes: %llu\n", static_cast<unsigned long long>(bytes));
    } else {
        std::fprintf(stderr, "unknown mode %s\n", mode.c_str());
        return 2;
    }
    report(n, before);
    return 0;
}

}  // namespace

int main(int argc, char** argv) { return bench::main_reporting_errors(run, argc, argv); }
