// Streaming 1 GiB through docker::Client and measuring speed and memory:
//   logs:     a multiplexed log stream (8-byte frame headers), each frame in its own HTTP
//             chunk as dockerd's flushing writer sends them, read with Client::stream() and
//             the log FrameReader into a discarding sink;
//   download: a chunked body in 32 KiB chunks read with ResponseStream::read().
// A forked canned server generates the bytes on the fly from one repeated block, so it
// holds about 1 MiB, and in another process. Reported: MB/s (10^6 bytes of decoded body per
// second) and peak RSS growth of this process (VmHWM after resetting it through
// /proc/self/clear_refs), target <= 8 MiB for the whole GiB.
//
//   stream_bench [--mib N]     body size, default 1024

#include <docker/docker.hpp>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <cstdlib>
#include <string>

#include "canned_server.hpp"

namespace {

using Clock = std::chrono::steady_clock;

std::uint64_t g_body_bytes = 1024ull * 1024 * 1024;

void append_hex(std::string& out, std::size_t n) {
    char text[32];
    std::snprintf(text, sizeof text, "%zx\r\n", n);
    out += text;
}

// One block of the log body, HTTP-chunk-encoded, one frame per chunk: mostly log lines of
// 40..200 bytes, one in five up to 16 KiB (dockerd splits longer lines at 16 KiB).
struct Block {
    std::string wire;           // chunk-encoded
    std::uint64_t decoded = 0;  // body bytes it decodes to (frame headers included)
    std::uint64_t payload = 0;  // log bytes in it
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
        unsigned char stream = next() % 4 == 0 ? 2 : 1;
        append_hex(b.wire, size + 8);
        unsigned char header[8] = {stream, 0, 0, 0, static_cast<unsigned char>(size >> 24),
                                   static_cast<unsigned char>(size >> 16), static_cast<unsigned char>(size >> 8),
                                   static_cast<unsigned char>(size)};
        b.wire.append(reinterpret_cast<const char*>(header), 8);
        for (std::size_t i = 0; i + 1 < size; ++i) b.wire += static_cast<char>('a' + (i + r) % 26);
        b.wire += '\n';
        b.wire += "\r\n";
        b.decoded += size + 8;
        b.payload += size;
    }
    return b;
}

constexpr std::size_t download_chunk = 32 * 1024;

Block download_block() {
    Block b;
    std::string data(download_chunk, 'x');
    for (std::size_t i = 0; i < data.size(); ++i) data[i] = static_cast<char>(i * 7);
    for (int i = 0; i < 16; ++i) {
        append_hex(b.wire, download_chunk);
        b.wire += data;
        b.wire += "\r\n";
        b.decoded += download_chunk;
        b.payload += download_chunk;
    }
    return b;
}

std::uint64_t blocks_for(const Block& b) { return (g_body_bytes + b.decoded - 1) / b.decoded; }

void serve(int fd) {
    std::string buffer, head;
    while (bench::read_request(fd, buffer, head)) {
        bool logs = head.find("/logs") != std::string::npos;
        Block block = logs ? log_block() : download_block();
        std::string response_head = std::string("HTTP/1.1 200 OK\r\nContent-Type: ") +
                                    (logs ? "application/vnd.docker.multiplexed-stream" : "application/x-tar") +
                                    "\r\nTransfer-Encoding: chunked\r\n\r\n";
        if (!bench::write_all(fd, response_head.data(), response_head.size())) return;
        for (std::uint64_t i = blocks_for(block); i > 0; --i)
            if (!bench::write_all(fd, block.wire.data(), block.wire.size())) return;
        if (!bench::write_all(fd, "0\r\n\r\n", 5)) return;
    }
}

struct Result {
    double seconds = 0;
    std::uint64_t decoded = 0;
    long rss_growth_kib = -1;
};

template <class Body>
Result measure(Body&& body) {
    bool reset = bench::reset_peak_rss();
    long base = reset ? bench::status_kib("VmHWM") : bench::status_kib("VmRSS");
    auto start = Clock::now();
    Result r;
    r.decoded = body();
    r.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    long peak = bench::status_kib("VmHWM");
    if (!reset) std::printf("  note: /proc/self/clear_refs not writable; growth is against the lifetime peak\n");
    r.rss_growth_kib = peak - base;
    return r;
}

bool report(const char* what, const Result& r, std::uint64_t expected) {
    double mbps = static_cast<double>(r.decoded) / r.seconds / 1e6;
    bool ok = r.decoded == expected && r.rss_growth_kib <= 8 * 1024;
    std::printf("%s: %.0f MB/s (%.3f GiB in %.2fs), peak RSS growth %.2f MiB (target <= 8): %s\n", what, mbps,
                static_cast<double>(r.decoded) / (1024.0 * 1024 * 1024), r.seconds,
                static_cast<double>(r.rss_growth_kib) / 1024.0, ok ? "ok" : "MISSED");
    if (r.decoded != expected)
        std::printf("  wrong byte count: %llu, expected %llu\n", static_cast<unsigned long long>(r.decoded),
                    static_cast<unsigned long long>(expected));
    return ok;
}

}  // namespace

static int run(int argc, char** argv) {
    for (int i = 1; i < argc; ++i)
        if (std::string(argv[i]) == "--mib" && i + 1 < argc) g_body_bytes = std::strtoull(argv[++i], nullptr, 10) << 20;
    std::setvbuf(stdout, nullptr, _IOLBF, 0);

    // What the server will send, computed here before measuring (the blocks are freed again).
    std::uint64_t log_payload, log_decoded, download_decoded;
    {
        Block logs = log_block();
        log_payload = logs.payload * blocks_for(logs);
        log_decoded = logs.decoded * blocks_for(logs);
        Block download = download_block();
        download_decoded = download.decoded * blocks_for(download);
    }

    bench::CannedServer server(serve, 300);
    docker::ClientOptions options;
    options.host = server.host();
    options.api_version = "1.41";
    docker::Client client(options);
    docker::CallOptions call;
    call.versioned = false;
    bool ok = true;

    Result logs = measure([&] {
        auto response = client.stream(docker::Client::make_request("GET", "/containers/bench/logs?stdout=1&stderr=1"), call);
        docker::stream::FrameReader<docker::ResponseStream> reader(std::move(response), true);
        docker::LogFrame frame;
        std::uint64_t payload = 0, frames = 0;
        while (reader.next(frame)) {
            payload += frame.data.size();
            ++frames;
        }
        if (payload != log_payload)
            std::printf("  log payload %llu, expected %llu\n", static_cast<unsigned long long>(payload),
                        static_cast<unsigned long long>(log_payload));
        std::printf("  logs: %llu frames, %.1f MB of log text\n", static_cast<unsigned long long>(frames),
                    static_cast<double>(payload) / 1e6);
        return payload == log_payload ? log_decoded : payload;
    });
    ok = report("log stream (FrameReader)", logs, log_decoded) && ok;

    Result download = measure([&] {
        auto response = client.stream(docker::Client::make_request("GET", "/images/get"), call);
        std::uint64_t bytes = 0;
        for (std::string_view piece = response.read(); !piece.empty(); piece = response.read()) bytes += piece.size();
        return bytes;
    });
    ok = report("chunked download (ResponseStream::read)", download, download_decoded) && ok;
    return ok ? 0 : 2;
}

// Caught here so that the server's destructor runs (stops the child, removes the socket).
int main(int argc, char** argv) { return bench::main_reporting_errors(run, argc, argv); }
