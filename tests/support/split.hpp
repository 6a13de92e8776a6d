#pragma once
// Runs a ResponseParser over an input delivered in pieces — whole, byte by byte, split at
// every offset, at random offsets — and reduces each run to a comparable outcome. An
// incremental parser must not care where the network happened to cut the bytes, so every
// delivery of the same input has to give the same outcome.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "docker/error.hpp"
#include "docker/http/response_parser.hpp"
#include "support/catch.hpp"

namespace docker::test {

using FieldList = std::vector<std::pair<std::string, std::string>>;

struct ParseOptions {
    bool expect_no_body = false;  // the answer to a HEAD request
    http::ParserLimits limits{};
};

struct ParseOutcome {
    bool ok = false;
    std::string error;  // ProtocolError::what(), or a "[driver]" contract violation
    int status = 0;     // 0 unless a final head was reported
    std::string reason;
    FieldList headers;
    std::string body;  // every body byte reported, also those before an error
    FieldList trailers;
    bool keep_alive = false;
    http::BodyFraming framing = http::BodyFraming::none;
    bool upgraded = false;
    std::size_t bytes_consumed_total = 0;  // only meaningful when ok (zeroed on error)
    bool complete = false;

    bool operator==(const ParseOutcome& o) const {
        return ok == o.ok && error == o.error && status == o.status && reason == o.reason &&
               headers == o.headers && body == o.body && trailers == o.trailers && keep_alive == o.keep_alive &&
               framing == o.framing && upgraded == o.upgraded && bytes_consumed_total == o.bytes_consumed_total &&
               complete == o.complete;
    }
    bool operator!=(const ParseOutcome& o) const { return !(*this == o); }
};

inline const char* framing_name(http::BodyFraming f) {
    switch (f) {
    case http::BodyFraming::none: return "none";
    case http::BodyFraming::content_length: return "content_length";
    case http::BodyFraming::chunked: return "chunked";
    case http::BodyFraming::until_close: return "until_close";
    }
    return "?";
}

// Control bytes escaped, long strings shortened: readable in a failure message.
inline std::string escaped(std::string_view s, std::size_t max = 120) {
    std::string out = "\"";
    for (char c : s.substr(0, max)) {
        unsigned char u = static_cast<unsigned char>(c);
        if (c == '\r') out += "\\r";
        else if (c == '\n') out += "\\n";
        else if (u < 0x20 || u == 0x7f) {
            static constexpr char hex[] = "0123456789abcdef";
            out += "\\x";
            out += hex[u >> 4];
            out += hex[u & 15];
        } else out += c;
    }
    if (s.size() > max) out += "...(" + std::to_string(s.size()) + " bytes)";
    return out + "\"";
}

inline std::string describe(const ParseOutcome& o) {
    std::ostringstream out;
    out << (o.ok ? "ok" : "error " + escaped(o.error)) << " status=" << o.status << " reason=" << escaped(o.reason)
        << " headers={";
    for (const auto& [n, v] : o.headers) out << escaped(n) << ":" << escaped(v) << " ";
    out << "} body=" << escaped(o.body) << " trailers={";
    for (const auto& [n, v] : o.trailers) out << escaped(n) << ":" << escaped(v) << " ";
    out << "} keep_alive=" << o.keep_alive << " framing=" << framing_name(o.framing) << " upgraded=" << o.upgraded
        << " consumed=" << o.bytes_consumed_total << " complete=" << o.complete;
    return out.str();
}

namespace detail {

inline FieldList fields_of(const http::Headers& h) { return FieldList(h.begin(), h.end()); }

}  // namespace detail

// The driver, shaped like http::Connection: each piece is one read. parse() is called on
// the unconsumed rest of the current piece until it says need_more (which must mean every
// byte was used, since Connection then overwrites its buffer) or done; after the last
// piece, finish() stands for the peer closing the connection.
inline ParseOutcome parse_pieces(const std::vector<std::string_view>& pieces, const ParseOptions& options = {}) {
    http::ResponseParser parser(options.limits);
    parser.expect_no_body(options.expect_no_body);
    ParseOutcome out;
    bool done = false;
    try {
        for (std::size_t i = 0; i < pieces.size() && !done; ++i) {
            std::string_view rest = pieces[i];
            for (;;) {
                auto step = parser.parse(rest);
                if (step.consumed > rest.size()) {
                    out.error = "[driver] parse() consumed more bytes than it was given";
                    return out;
                }
                rest.remove_prefix(step.consumed);
                out.bytes_consumed_total += step.consumed;
                using Event = http::ResponseParser::Event;
                if (step.event == Event::head) {
                    if (out.status != 0) {
                        out.error = "[driver] a second head event";
                        return out;
                    }
                    out.status = parser.head().status;
                    out.reason = parser.head().reason;
                    out.headers = detail::fields_of(parser.head().headers);
                    continue;
                }
                if (step.event == Event::body) {
                    if (step.body.empty()) {
                        // Connection::read_body would take an empty piece for the end.
                        out.error = "[driver] empty body event";
                        return out;
                    }
                    out.body.append(step.body);
                    continue;
                }
                if (step.event == Event::done) {
                    done = true;
                    break;
                }
                if (!rest.empty()) {
                    out.error = "[driver] need_more with " + std::to_string(rest.size()) + " bytes unconsumed";
                    return out;
                }
                break;  // need_more: next piece
            }
        }
        if (!done) {
            auto step = parser.finish();
            if (step.event != http::ResponseParser::Event::done) {
                out.error = "[driver] finish() returned something other than done";
                return out;
            }
        }
        out.ok = true;
    } catch (const ProtocolError& e) {
        out.ok = false;
        out.error = e.what();
        out.bytes_consumed_total = 0;  // depends on where the input was cut
    }
    // A head that completed before an error is part of the outcome (it was reported).
    if (out.ok && parser.head_complete() && out.status == 0) {
        out.ok = false;
        out.error = "[driver] head completed but never reported";
    }
    out.trailers = detail::fields_of(parser.trailers());
    out.keep_alive = parser.keep_alive();
    out.framing = parser.framing();
    out.upgraded = parser.upgraded();
    out.complete = parser.complete();
    return out;
}

inline ParseOutcome parse_whole(std::string_view input, const ParseOptions& options = {}) {
    std::vector<std::string_view> pieces;
    if (!input.empty()) pieces.push_back(input);
    return parse_pieces(pieces, options);
}

inline ParseOutcome parse_bytewise(std::string_view input, const ParseOptions& options = {}) {
    std::vector<std::string_view> pieces;
    for (std::size_t i = 0; i < input.size(); ++i) pieces.push_back(input.substr(i, 1));
    return parse_pieces(pieces, options);
}

// Cuts `input` at the given sorted offsets (each in 1..size-1).
inline std::vector<std::string_view> cut(std::string_view input, const std::vector<std::size_t>& offsets) {
    std::vector<std::string_view> pieces;
    std::size_t begin = 0;
    for (std::size_t at : offsets) {
        pieces.push_back(input.substr(begin, at - begin));
        begin = at;
    }
    pieces.push_back(input.substr(begin));
    return pieces;
}

inline ParseOutcome parse_in_pieces_of(std::string_view input, std::size_t piece_size, const ParseOptions& options = {}) {
    std::vector<std::string_view> pieces;
    for (std::size_t i = 0; i < input.size(); i += piece_size) pieces.push_back(input.substr(i, piece_size));
    return parse_pieces(pieces, options);
}

// One outcome per split offset 1..size-1: two pieces each.
inline std::vector<ParseOutcome> parse_two_way_splits(std::string_view input, const ParseOptions& options = {}) {
    std::vector<ParseOutcome> outcomes;
    for (std::size_t at = 1; at < input.size(); ++at) outcomes.push_back(parse_pieces(cut(input, {at}), options));
    return outcomes;
}

// Every pair of offsets: three pieces. Quadratic in the input size, so for short inputs.
// `visit(first, second, outcome)` sees each run.
template <class Visit>
void for_each_three_way_split(std::string_view input, const ParseOptions& options, Visit&& visit) {
    for (std::size_t a = 1; a + 1 < input.size(); ++a)
        for (std::size_t b = a + 1; b < input.size(); ++b) visit(a, b, parse_pieces(cut(input, {a, b}), options));
}

// `points` distinct random offsets from a fixed seed: reproducible.
inline std::vector<std::size_t> random_offsets(std::size_t size, std::size_t points, std::uint32_t seed) {
    std::vector<std::size_t> offsets;
    if (size < 2) return offsets;
    points = std::min(points, size - 1);
    std::mt19937 rng(seed);
    std::uniform_int_distribution<std::size_t> pick(1, size - 1);
    while (offsets.size() < points) {
        std::size_t at = pick(rng);
        if (std::find(offsets.begin(), offsets.end(), at) == offsets.end()) offsets.push_back(at);
    }
    std::sort(offsets.begin(), offsets.end());
    return offsets;
}

inline ParseOutcome parse_random_splits(std::string_view input, std::size_t points, std::uint32_t seed,
                                        const ParseOptions& options = {}) {
    return parse_pieces(cut(input, random_offsets(input.size(), points, seed)), options);
}

struct SplitCheck {
    bool three_way = true;              // done only when the input is at most max_three_way_size
    std::size_t max_three_way_size = 160;
    std::size_t random_rounds = 24;     // seeds 1..random_rounds
    std::size_t random_points = 6;
};

// Parses `input` every way and asserts every outcome equals the whole-input one, which is
// returned for the caller to check against its expectation.
inline ParseOutcome parse_every_way(std::string_view input, const ParseOptions& options = {},
                                    const SplitCheck& check = {}) {
    const ParseOutcome whole = parse_whole(input, options);
    std::size_t runs = 0, mismatches = 0;
    std::string first_mismatch;
    auto compare = [&](const std::string& how, const ParseOutcome& o) {
        ++runs;
        if (o == whole) return;
        if (mismatches++ == 0) first_mismatch = how + ": " + describe(o);
    };
    compare("byte by byte", parse_bytewise(input, options));
    auto twos = parse_two_way_splits(input, options);
    for (std::size_t i = 0; i < twos.size(); ++i) compare("split at " + std::to_string(i + 1), twos[i]);
    if (check.three_way && input.size() <= check.max_three_way_size)
        for_each_three_way_split(input, options, [&](std::size_t a, std::size_t b, const ParseOutcome& o) {
            compare("split at " + std::to_string(a) + " and " + std::to_string(b), o);
        });
    for (std::uint32_t seed = 1; seed <= check.random_rounds; ++seed)
        compare("random split, seed " + std::to_string(seed),
                parse_random_splits(input, check.random_points, seed, options));
    INFO("input: " << escaped(input, 400));
    INFO("whole: " << describe(whole));
    INFO("first mismatch of " << mismatches << " in " << runs << " runs: " << first_mismatch);
    CHECK(mismatches == 0);
    return whole;
}

}  // namespace docker::test
