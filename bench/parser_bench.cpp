// Throughput of the HTTP response parser against memcpy of the same bytes, and heap
// allocations per chunk of a chunked body (Google Benchmark, custom main for a summary).
//
// Three responses: a 1 KB JSON answer (Content-Length), a 100 KB one, and a 64 MiB body in
// 16 KiB chunks. Each is delivered in 64 KiB pieces, as Connection reads them. Per response:
//   Memcpy/...      copies the wire bytes piece by piece into a 64 KiB buffer: the cost of
//                   merely moving them once, which every read has to pay anyway;
//   Parse/...       ResponseParser alone over bytes already in memory (body as views);
//   Connection/...  http::Connection::read_body over an in-memory stream whose read_some
//                   copies into the connection's buffer: the copy plus the parser, the
//                   path every response takes.
// Every parsing benchmark also times memcpy of its bytes in the same process just before
// it and reports ratio_vs_memcpy = its time / memcpy's time (1.0: as cheap as a copy).

#include <benchmark/benchmark.h>

#include <docker/http/connection.hpp>
#include <docker/http/response_parser.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <new>
#include <string>
#include <string_view>
#include <vector>

// ---- allocation counting: every global operator new of this binary goes through here ----

namespace {
std::atomic<std::uint64_t> g_allocations{0};
}

// None of these is inlined: g++ would otherwise see malloc() paired with a delete-expression
// (or a new-expression with free()) and warn (-Wmismatched-new-delete), though replacing
// both sides like this is what the standard allows.
[[gnu::noinline]] void* operator new(std::size_t size) {
    g_allocations.fetch_add(1, std::memory_order_relaxed);
    if (void* p = std::malloc(size ? size : 1)) return p;
    throw std::bad_alloc();
}
[[gnu::noinline]] void* operator new[](std::size_t size) { return ::operator new(size); }
[[gnu::noinline]] void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
    g_allocations.fetch_add(1, std::memory_order_relaxed);
    return std::malloc(size ? size : 1);
}
[[gnu::noinline]] void* operator new[](std::size_t size, const std::nothrow_t& tag) noexcept { return ::operator new(size, tag); }
[[gnu::noinline]] void operator delete(void* p) noexcept { std::free(p); }
[[gnu::noinline]] void operator delete[](void* p) noexcept { std::free(p); }
[[gnu::noinline]] void operator delete(void* p, std::size_t) noexcept { std::free(p); }
[[gnu::noinline]] void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
[[gnu::noinline]] void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
[[gnu::noinline]] void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }

namespace {

using Clock = std::chrono::steady_clock;
using docker::http::ResponseParser;
constexpr std::size_t read_size = docker::http::Connection::buffer_size;  // 64 KiB, as a read

// ---- the responses ----------------------------------------------------------------------

std::string docker_head(const std::string& framing) {
    return "HTTP/1.1 200 OK\r\n"
           "Api-Version: 1.41\r\n"
           "Content-Type: application/json\r\n"
           "Date: Mon, 01 Jan 2024 00:00:00 GMT\r\n"
           "Docker-Experimental: false\r\n"
           "Ostype: linux\r\n"
           "Server: Docker/20.10.24+dfsg1 (linux)\r\n" +
           framing + "\r\n";
}

std::string json_body(std::size_t size) {
    std::string body = "[";
    for (int i = 0; body.size() + 120 < size; ++i) {
        if (i) body += ',';
        body += "{\"Id\":\"" + std::string(64, static_cast<char>('a' + i % 6)) + "\",\"Names\":[\"/c" +
                std::to_string(i) + "\"],\"State\":\"running\"}";
    }
    body += "]";
    body.resize(size, ' ');  // JSON allows trailing whitespace
    return body;
}

std::string content_length_response(std::size_t body_size) {
    std::string body = json_body(body_size);
    return docker_head("Content-Length: " + std::to_string(body.size()) + "\r\n") + body;
}

constexpr std::size_t chunk_size = 16 * 1024;
constexpr std::size_t chunked_body_size = 64u * 1024 * 1024;

std::string chunked_response() {
    std::string wire = docker_head("Transfer-Encoding: chunked\r\n");
    wire.reserve(chunked_body_size + chunked_body_size / chunk_size * 16 + 1024);
    std::string data(chunk_size, 'x');
    for (std::size_t i = 0; i < chunk_size; ++i) data[i] = static_cast<char>('a' + i % 26);
    for (std::size_t done = 0; done < chunked_body_size; done += chunk_size) {
        wire += "4000\r\n";
        wire += data;
        wire += "\r\n";
    }
    wire += "0\r\n\r\n";
    return wire;
}

struct Case {
    const char* name;
    std::string wire;
    std::size_t body_size;
    std::size_t chunks;  // 0: not chunked
};

const Case& get_case(int index) {
    static const Case cases[] = {
        {"json_1k", content_length_response(1024), 1024, 0},
        {"json_100k", content_length_response(100 * 1024), 100 * 1024, 0},
        {"chunked_64m", chunked_response(), chunked_body_size, chunked_body_size / chunk_size},
    };
    return cases[index];
}

// ---- the three ways of going over the bytes ----------------------------------------------

// memcpy of the wire bytes in read-sized pieces into a read-sized buffer.
void copy_pass(std::string_view wire, char* buffer) {
    for (std::size_t at = 0; at < wire.size(); at += read_size) {
        std::size_t n = std::min(read_size, wire.size() - at);
        std::memcpy(buffer, wire.data() + at, n);
        benchmark::ClobberMemory();
    }
    benchmark::DoNotOptimize(buffer);
}

struct ParseResult {
    std::size_t body_bytes = 0;
    std::uint64_t body_allocations = 0;  // heap allocations after the head, until done
};

ParseResult parse_pass(std::string_view wire, ResponseParser& parser) {
    parser.reset();
    ParseResult result;
    std::uint64_t allocations_at_head = 0;
    bool done = false;
    for (std::size_t at = 0; at < wire.size() && !done; at += read_size) {
        std::string_view piece = wire.substr(at, read_size);
        while (!done) {
            auto step = parser.parse(piece);
            piece.remove_prefix(step.consumed);
            if (step.event == ResponseParser::Event::need_more) break;
            if (step.event == ResponseParser::Event::head)
                allocations_at_head = g_allocations.load(std::memory_order_relaxed);
            if (step.event == ResponseParser::Event::body) result.body_bytes += step.body.size();
            if (step.event == ResponseParser::Event::done) done = true;
        }
    }
    if (!done) std::abort();
    result.body_allocations = g_allocations.load(std::memory_order_relaxed) - allocations_at_head;
    return result;
}

// An in-memory byte stream: read_some copies from the wire as recv() copies from the kernel.
class WireStream final : public docker::transport::Stream {
public:
    explicit WireStream(std::string_view wire) : wire_(wire) {}
    void rewind() { at_ = 0; }
    std::size_t read_some(char* buffer, std::size_t size, docker::transport::Timeout) override {
        std::size_t n = std::min(size, wire_.size() - at_);
        std::memcpy(buffer, wire_.data() + at_, n);
        at_ += n;
        return n;
    }
    void write_all(const char*, std::size_t, docker::transport::Timeout) override {}
    void shutdown_write() override {}
    bool unusable_while_idle() override { return false; }
    std::string describe() const override { return "memory"; }

private:
    std::string_view wire_;
    std::size_t at_ = 0;
};

ParseResult connection_pass(docker::http::Connection& connection, WireStream& stream,
                            const docker::http::Request& request) {
    stream.rewind();
    connection.send(request, docker::transport::no_timeout);
    connection.read_head(docker::transport::no_timeout);
    ParseResult result;
    std::uint64_t before = g_allocations.load(std::memory_order_relaxed);
    for (;;) {
        std::string_view piece = connection.read_body(docker::transport::no_timeout);
        if (piece.empty()) break;
        result.body_bytes += piece.size();
    }
    result.body_allocations = g_allocations.load(std::memory_order_relaxed) - before;
    return result;
}

// Seconds per call of `pass`: the best of several batches of at least 20 ms each.
template <class Pass>
double seconds_per_pass(Pass&& pass) {
    std::size_t batch = 1;
    double best = 1e300;
    for (int round = 0; round < 5;) {
        auto start = Clock::now();
        for (std::size_t i = 0; i < batch; ++i) pass();
        double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
        if (elapsed < 0.02 && batch < (1u << 24)) {
            batch *= 2;
            continue;
        }
        best = std::min(best, elapsed / static_cast<double>(batch));
        ++round;
    }
    return best;
}

// ---- results for the summary -------------------------------------------------------------

struct Figure {
    double seconds_per_pass = 0;  // of the benchmark itself
    double memcpy_seconds = 0;    // memcpy of the same bytes, measured beside it
    std::size_t bytes = 0;
    double allocations_per_chunk = -1;
};
std::map<std::string, Figure>& figures() {
    static std::map<std::string, Figure> f;
    return f;
}

void BM_Memcpy(benchmark::State& state) {
    const Case& c = get_case(static_cast<int>(state.range(0)));
    std::vector<char> buffer(read_size);
    for (auto _ : state) copy_pass(c.wire, buffer.data());
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * c.wire.size()));
    state.SetLabel(c.name);
}

void report(benchmark::State& state, const Case& c, const char* kind, double seconds, double memcpy_seconds,
            std::uint64_t body_allocations) {
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * c.wire.size()));
    state.counters["ratio_vs_memcpy"] = seconds / memcpy_seconds;
    Figure& f = figures()[std::string(kind) + "/" + c.name];
    f.seconds_per_pass = seconds;
    f.memcpy_seconds = memcpy_seconds;
    f.bytes = c.wire.size();
    if (c.chunks) {
        f.allocations_per_chunk = static_cast<double>(body_allocations) / static_cast<double>(c.chunks);
        state.counters["allocs_per_chunk"] = f.allocations_per_chunk;
    }
    state.SetLabel(c.name);
}

void BM_Parse(benchmark::State& state) {
    const Case& c = get_case(static_cast<int>(state.range(0)));
    std::vector<char> buffer(read_size);
    double memcpy_seconds = seconds_per_pass([&] { copy_pass(c.wire, buffer.data()); });
    ResponseParser parser;
    std::uint64_t worst_allocations = 0;
    double total = 0;
    for (auto _ : state) {
        auto start = Clock::now();
        ParseResult r = parse_pass(c.wire, parser);
        total += std::chrono::duration<double>(Clock::now() - start).count();
        if (r.body_bytes != c.body_size) state.SkipWithError("wrong body size");
        worst_allocations = std::max(worst_allocations, r.body_allocations);
    }
    report(state, c, "Parse", total / static_cast<double>(state.iterations()), memcpy_seconds, worst_allocations);
}

void BM_Connection(benchmark::State& state) {
    const Case& c = get_case(static_cast<int>(state.range(0)));
    std::vector<char> buffer(read_size);
    double memcpy_seconds = seconds_per_pass([&] { copy_pass(c.wire, buffer.data()); });
    auto owned = std::make_unique<WireStream>(c.wire);
    WireStream& stream = *owned;
    docker::http::Connection connection(std::move(owned), "localhost");
    docker::http::Request request;
    request.target = "/v1.41/containers/json";
    std::uint64_t worst_allocations = 0;
    double total = 0;
    for (auto _ : state) {
        auto start = Clock::now();
        ParseResult r = connection_pass(connection, stream, request);
        total += std::chrono::duration<double>(Clock::now() - start).count();
        if (r.body_bytes != c.body_size) state.SkipWithError("wrong body size");
        worst_allocations = std::max(worst_allocations, r.body_allocations);
    }
    report(state, c, "Connection", total / static_cast<double>(state.iterations()), memcpy_seconds,
           worst_allocations);
}

BENCHMARK(BM_Memcpy)->DenseRange(0, 2)->Unit(benchmark::kMicrosecond)->UseRealTime();
BENCHMARK(BM_Parse)->DenseRange(0, 2)->Unit(benchmark::kMicrosecond)->UseRealTime();
BENCHMARK(BM_Connection)->DenseRange(0, 2)->Unit(benchmark::kMicrosecond)->UseRealTime();

}  // namespace

int main(int argc, char** argv) {
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();

    // The figures against their limits: parser >= 1 GB/s and within 3x memcpy on the
    // chunked body, 0 allocations per chunk.
    std::printf("\nsummary (wire bytes; ratio = time / memcpy time of the same bytes, same run)\n");
    std::printf("%-24s %12s %12s %8s %16s\n", "benchmark", "MB/s", "memcpy MB/s", "ratio", "allocs/chunk");
    bool ok = true;
    for (const auto& [name, f] : figures()) {
        double mbps = static_cast<double>(f.bytes) / f.seconds_per_pass / 1e6;
        double memcpy_mbps = static_cast<double>(f.bytes) / f.memcpy_seconds / 1e6;
        double ratio = f.seconds_per_pass / f.memcpy_seconds;
        char allocs[32] = "-";
        if (f.allocations_per_chunk >= 0) std::snprintf(allocs, sizeof allocs, "%.4f", f.allocations_per_chunk);
        std::printf("%-24s %12.0f %12.0f %8.2f %16s\n", name.c_str(), mbps, memcpy_mbps, ratio, allocs);
        if (name.find("chunked") != std::string::npos) {
            bool pass = mbps >= 1000 && ratio <= 3.0 && f.allocations_per_chunk == 0;
            ok = ok && pass;
            std::printf("  %s: %.2f GB/s (target >= 1), %.2fx memcpy (target <= 3), %.4f allocs/chunk (target 0): %s\n",
                        name.c_str(), mbps / 1000, ratio, f.allocations_per_chunk, pass ? "ok" : "MISSED");
        }
    }
    return ok ? 0 : 2;
}
