// libFuzzer target for JsonLinesDecoder (progress, build and event streams). The input is
// a body of newline-separated JSON. Every delivery (whole, byte by byte, split, random
// pieces) must yield the same values and fail exactly when the whole-input run fails. A
// ProtocolError is a legitimate outcome; anything else is a finding.

#include <docker/stream/json_lines.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_support.hpp"

namespace {

using docker::fuzz::finding;
using docker::fuzz::Pieces;

struct Outcome {
    bool error = false;
    std::vector<std::string> values;  // each value serialised
    bool operator==(const Outcome& o) const { return error == o.error && values == o.values; }
};

Outcome decode(const Pieces& pieces, std::size_t max_line) {
    docker::stream::JsonLinesDecoder decoder(max_line);
    Outcome out;
    auto collect = [&](const nlohmann::json& value) {
        out.values.push_back(value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    };
    try {
        for (std::string_view piece : pieces) decoder.feed(piece, collect);
        decoder.finish(collect);
    } catch (const docker::ProtocolError&) {
        out.error = true;
    }
    return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view input(reinterpret_cast<const char*>(data), size);
    std::uint64_t h = docker::fuzz::hash(input);
    // Mostly a small line limit, so inputs of fuzzing size reach it.
    std::size_t max_line = (h & 3) == 0 ? 16 * 1024 * 1024 : 1 + static_cast<std::size_t>((h >> 8) % 64);
    auto deliveries = docker::fuzz::deliveries(input, h);
    Outcome first = decode(deliveries[0], max_line);
    for (std::size_t i = 1; i < deliveries.size(); ++i)
        if (!(decode(deliveries[i], max_line) == first)) finding("outcome differs from the whole-input decode", i);
    return 0;
}
