#pragma once
// SHA-1 (FIPS 180-4), only for the WebSocket handshake: RFC 6455 derives the server's
// Sec-WebSocket-Accept from the client's key with it. Not used for anything that needs a
// secure hash.

#include <array>
#include <cstdint>
#include <string_view>

#include "docker/detail/compiled_mode.hpp"

namespace docker::detail {

DOCKER_CPP_INLINE std::array<unsigned char, 20> sha1(std::string_view data);

#if DOCKER_CPP_BODIES
DOCKER_CPP_INLINE std::array<unsigned char, 20> sha1(std::string_view data) {
    std::uint32_t h[5] = {0x67452301u, 0xEFCDAB89u, 0x98BADCFEu, 0x10325476u, 0xC3D2E1F0u};
    auto rotl = [](std::uint32_t x, int n) { return (x << n) | (x >> (32 - n)); };
    auto block = [&](const unsigned char* p) {
        std::uint32_t w[80];
        for (int i = 0; i < 16; ++i)
            w[i] = (std::uint32_t(p[4 * i]) << 24) | (std::uint32_t(p[4 * i + 1]) << 16) |
                   (std::uint32_t(p[4 * i + 2]) << 8) | std::uint32_t(p[4 * i + 3]);
        for (int i = 16; i < 80; ++i) w[i] = rotl(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
        std::uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
        for (int i = 0; i < 80; ++i) {
            std::uint32_t f, k;
            if (i < 20) f = (b & c) | (~b & d), k = 0x5A827999u;
            else if (i < 40) f = b ^ c ^ d, k = 0x6ED9EBA1u;
            else if (i < 60) f = (b & c) | (b & d) | (c & d), k = 0x8F1BBCDCu;
            else f = b ^ c ^ d, k = 0xCA62C1D6u;
            std::uint32_t t = rotl(a, 5) + f + e + k + w[i];
            e = d, d = c, c = rotl(b, 30), b = a, a = t;
        }
        h[0] += a, h[1] += b, h[2] += c, h[3] += d, h[4] += e;
    };
    std::size_t full = data.size() / 64 * 64;
    for (std::size_t i = 0; i < full; i += 64) block(reinterpret_cast<const unsigned char*>(data.data()) + i);
    // The tail, the 0x80 marker and the length in bits fill one or two last blocks.
    unsigned char tail[128] = {};
    std::size_t rest = data.size() - full;
    for (std::size_t i = 0; i < rest; ++i) tail[i] = static_cast<unsigned char>(data[full + i]);
    tail[rest] = 0x80;
    std::size_t tail_size = rest + 9 <= 64 ? 64 : 128;
    std::uint64_t bits = std::uint64_t(data.size()) * 8;
    for (int i = 0; i < 8; ++i) tail[tail_size - 1 - i] = static_cast<unsigned char>(bits >> (8 * i));
    block(tail);
    if (tail_size == 128) block(tail + 64);
    std::array<unsigned char, 20> out{};
    for (int i = 0; i < 5; ++i)
        for (int j = 0; j < 4; ++j) out[4 * i + j] = static_cast<unsigned char>(h[i] >> (24 - 8 * j));
    return out;
}
#endif

}  // namespace docker::detail
