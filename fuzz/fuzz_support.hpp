#pragma once
// Shared by the fuzz targets: the ways one input is cut into pieces. The wire can cut a
// message anywhere, so a decoder fed the same bytes in different pieces must reach the same
// outcome; each target runs every delivery below and traps when two of them disagree.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string_view>
#include <vector>

namespace docker::fuzz {

using Pieces = std::vector<std::string_view>;

// FNV-1a: a cheap, stable function of the input, so a crash reproduces from its file alone.
inline std::uint64_t hash(std::string_view data) {
    std::uint64_t h = 1469598103934665603ull;
    for (unsigned char c : data) {
        h ^= c;
        h *= 1099511628211ull;
    }
    return h;
}

// Every delivery of `data` to compare: whole, one byte at a time, in two at a split point
// derived from the input, and in pseudo-random pieces of 1..64 bytes.
inline std::vector<Pieces> deliveries(std::string_view data, std::uint64_t h) {
    std::vector<Pieces> out;
    out.push_back(Pieces{data});

    Pieces bytes;
    for (std::size_t i = 0; i < data.size(); ++i) bytes.push_back(data.substr(i, 1));
    out.push_back(bytes);

    std::size_t split = data.empty() ? 0 : static_cast<std::size_t>(h % (data.size() + 1));
    out.push_back(Pieces{data.substr(0, split), data.substr(split)});

    Pieces random;
    std::uint64_t state = h | 1;
    for (std::size_t at = 0; at < data.size();) {
        state = state * 6364136223846793005ull + 1442695040888963407ull;
        std::size_t n = 1 + static_cast<std::size_t>((state >> 33) % 64);
        random.push_back(data.substr(at, n));
        at += n;
    }
    out.push_back(random);
    return out;
}

// A disagreement or a broken contract: say what, then stop the way libFuzzer records a crash.
[[noreturn]] inline void finding(const char* what, std::size_t delivery) {
    std::fprintf(stderr, "FINDING: %s (delivery %zu: 0 whole, 1 bytewise, 2 split, 3 random pieces)\n", what,
                 delivery);
    __builtin_trap();
}

}  // namespace docker::fuzz
