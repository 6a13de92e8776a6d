#include "docker/stream/log_frames.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "support/catch.hpp"
#include "support/text.hpp"

// A namespace per test file: test files are compiled in batches (unity build).
namespace stream_log_frames_test {
using docker::StreamType;
using docker::stream::LogFrameDecoder;

namespace {

std::string frame(StreamType type, std::string_view payload) {
    auto n = static_cast<std::uint32_t>(payload.size());
    std::string out;
    out += static_cast<char>(type);
    out += std::string(3, '\0');
    out += static_cast<char>((n >> 24) & 0xff);
    out += static_cast<char>((n >> 16) & 0xff);
    out += static_cast<char>((n >> 8) & 0xff);
    out += static_cast<char>(n & 0xff);
    out.append(payload);
    return out;
}

using Piece = std::pair<StreamType, std::string>;

struct Decoded {
    std::vector<Piece> pieces;
    std::string error;
    bool operator==(const Decoded& o) const { return pieces == o.pieces && error == o.error; }
};

Decoded decode(const std::vector<std::string_view>& input, std::size_t max_piece = 1024 * 1024) {
    LogFrameDecoder decoder(max_piece);
    Decoded out;
    try {
        for (auto part : input)
            decoder.feed(part, [&](StreamType t, std::string_view payload) {
                // A callback never sees an empty piece: an empty frame carries nothing.
                CHECK_FALSE(payload.empty());
                out.pieces.emplace_back(t, std::string(payload));
            });
        decoder.finish();
    } catch (const docker::ProtocolError& e) {
        out.error = e.what();
    }
    return out;
}

// Every delivery (whole, byte by byte, every split into two; into three when short) decodes the same.
Decoded decode_every_way(std::string_view input) {
    Decoded whole = decode({input});
    std::vector<std::string_view> bytes;
    for (std::size_t i = 0; i < input.size(); ++i) bytes.push_back(input.substr(i, 1));
    std::size_t mismatches = 0;
    std::string first;
    auto compare = [&](const Decoded& d, const std::string& how) {
        if (d == whole) return;
        if (mismatches++ == 0) first = how + ": " + std::to_string(d.pieces.size()) + " pieces, error '" + d.error + "'";
    };
    compare(decode(bytes), "byte by byte");
    for (std::size_t a = 1; a < input.size(); ++a) {
        compare(decode({input.substr(0, a), input.substr(a)}), "split at " + std::to_string(a));
        if (input.size() <= 200)
            for (std::size_t b = a + 1; b < input.size(); ++b)
                compare(decode({input.substr(0, a), input.substr(a, b - a), input.substr(b)}),
                        "split at " + std::to_string(a) + "," + std::to_string(b));
    }
    INFO("first mismatch: " << first);
    CHECK(mismatches == 0);
    return whole;
}

using test_support::contains;

}  // namespace

TEST_CASE("log frames: stdout, stderr, stdin and system frames", "[stream][frames]") {
    std::string input = frame(StreamType::stdout_stream, "hello\n") + frame(StreamType::stderr_stream, "oops\n") +
                        frame(StreamType::stdin_stream, "in") + frame(StreamType::system_error, "exec failed") +
                        frame(StreamType::stdout_stream, "bye");
    auto d = decode_every_way(input);
    CHECK(d.error.empty());
    CHECK(d.pieces == std::vector<Piece>{{StreamType::stdout_stream, "hello\n"},
                                         {StreamType::stderr_stream, "oops\n"},
                                         {StreamType::stdin_stream, "in"},
                                         {StreamType::system_error, "exec failed"},
                                         {StreamType::stdout_stream, "bye"}});
}

TEST_CASE("log frames: binary payloads, including zero bytes", "[stream][frames]") {
    std::string payload("\0\x01\xff\0\x80\n", 6);
    auto d = decode_every_way(frame(StreamType::stdout_stream, payload));
    CHECK(d.pieces == std::vector<Piece>{{StreamType::stdout_stream, payload}});
}

TEST_CASE("log frames: empty frames deliver nothing and break nothing", "[stream][frames]") {
    std::string input = frame(StreamType::stdout_stream, "") + frame(StreamType::stderr_stream, "x") +
                        frame(StreamType::stderr_stream, "") + frame(StreamType::stdout_stream, "");
    auto d = decode_every_way(input);
    CHECK(d.error.empty());
    CHECK(d.pieces == std::vector<Piece>{{StreamType::stderr_stream, "x"}});
    CHECK(decode_every_way(frame(StreamType::stdout_stream, "")).pieces.empty());
}

TEST_CASE("log frames: an empty stream is fine", "[stream][frames]") {
    auto d = decode({});
    CHECK(d.error.empty());
    CHECK(d.pieces.empty());
}

TEST_CASE("log frames: a bad header byte is a ProtocolError", "[stream][frames]") {
    std::string good = frame(StreamType::stdout_stream, "ok");
    std::string bad_type = frame(StreamType::stdout_stream, "x");
    bad_type[0] = 4;
    std::string bad_padding = frame(StreamType::stdout_stream, "x");
    bad_padding[2] = 1;
    std::string text = "plain text that is not multiplexed\n";  // a TTY container's raw output
    for (const std::string& bad : {bad_type, bad_padding, text}) {
        auto d = decode_every_way(good + bad);
        CHECK(contains(d.error, "bad frame header"));
        CHECK(d.pieces == std::vector<Piece>{{StreamType::stdout_stream, "ok"}});
    }
}

TEST_CASE("log frames: ending mid-frame is a ProtocolError", "[stream][frames]") {
    std::string whole = frame(StreamType::stdout_stream, "hello") + frame(StreamType::stderr_stream, "world");
    SECTION("inside a header") {
        auto d = decode_every_way(whole.substr(0, 13 + 3));
        CHECK(contains(d.error, "ended in the middle of a frame (header)"));
        CHECK(d.pieces == std::vector<Piece>{{StreamType::stdout_stream, "hello"}});
    }
    SECTION("inside a payload") {
        auto d = decode_every_way(whole.substr(0, whole.size() - 2));
        CHECK(contains(d.error, "ended in the middle of a frame (2 bytes missing)"));
    }
    SECTION("in_frame() tells") {
        LogFrameDecoder decoder;
        auto ignore = [](StreamType, std::string_view) {};
        CHECK_FALSE(decoder.in_frame());
        decoder.feed(std::string_view(whole).substr(0, 3), ignore);
        CHECK(decoder.in_frame());
        decoder.feed(std::string_view(whole).substr(3, 10), ignore);
        CHECK_FALSE(decoder.in_frame());
        CHECK_NOTHROW(decoder.finish());
    }
}

TEST_CASE("log frames: frames over max_piece_bytes arrive in pieces that add up", "[stream][frames]") {
    std::string big(1000, '\0');
    for (std::size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>('a' + i % 26);
    std::string input = frame(StreamType::stdout_stream, "s") + frame(StreamType::stderr_stream, big) +
                        frame(StreamType::stdout_stream, "e");
    const std::size_t max_piece = 64;
    auto check = [&](const std::vector<std::string_view>& parts) {
        auto d = decode(parts, max_piece);
        REQUIRE(d.error.empty());
        REQUIRE(d.pieces.size() >= 3);
        CHECK(d.pieces.front() == Piece{StreamType::stdout_stream, "s"});
        CHECK(d.pieces.back() == Piece{StreamType::stdout_stream, "e"});
        std::string joined;
        for (std::size_t i = 1; i + 1 < d.pieces.size(); ++i) {
            CHECK(d.pieces[i].first == StreamType::stderr_stream);
            joined += d.pieces[i].second;
        }
        CHECK(joined == big);
    };
    std::string_view all(input);
    check({all});
    std::vector<std::string_view> bytes;
    for (std::size_t i = 0; i < all.size(); ++i) bytes.push_back(all.substr(i, 1));
    check(bytes);
    for (std::size_t at = 1; at < all.size(); ++at) check({all.substr(0, at), all.substr(at)});
    // Byte by byte the pieces must be bounded: that is the point of the limit.
    auto d = decode(bytes, max_piece);
    for (const auto& p : d.pieces) CHECK(p.second.size() <= max_piece);
}

TEST_CASE("log frames: a frame length of 2^32-1 is just a long frame", "[stream][frames]") {
    // The header claims ~4 GiB; nothing may be allocated for it up front.
    std::string header("\x01\0\0\0\xff\xff\xff\xff", 8);
    LogFrameDecoder decoder(16);
    std::size_t delivered = 0;
    decoder.feed(header + std::string(100, 'q'), [&](StreamType, std::string_view p) { delivered += p.size(); });
    CHECK(delivered >= 96);
    CHECK(decoder.in_frame());
    CHECK_THROWS_AS(decoder.finish(), docker::ProtocolError);
}

// Memory stays bounded: however a large frame arrives, no piece exceeds max_piece_bytes.
TEST_CASE("log frames: no piece is larger than max_piece_bytes", "[stream][frames]") {
    std::string input = frame(StreamType::stdout_stream, std::string(1000, 'x'));
    auto d = decode({input}, 64);
    for (const auto& p : d.pieces) CHECK(p.second.size() <= 64);
}

TEST_CASE("log frames: a FrameReader iterates its frames to the end", "[stream][frames]") {
    struct Pieces {
        std::vector<std::string> pieces;
        std::size_t next = 0;
        std::string_view read() { return next < pieces.size() ? std::string_view(pieces[next++]) : std::string_view(); }
    };
    std::string bytes = frame(StreamType::stdout_stream, "out") + frame(StreamType::stderr_stream, "err");
    docker::stream::FrameReader<Pieces> reader(Pieces{{bytes.substr(0, 5), bytes.substr(5)}, 0}, true);
    std::vector<Piece> got;
    for (const docker::LogFrame& f : reader) got.emplace_back(f.stream, f.text());
    CHECK(got == std::vector<Piece>{{StreamType::stdout_stream, "out"}, {StreamType::stderr_stream, "err"}});
    CHECK(reader.begin() == reader.end());  // nothing left

    docker::stream::FrameReader<Pieces> empty(Pieces{}, true);
    CHECK(empty.begin() == empty.end());
}


// The FrameReader reads in place where it can (a header whole in a read) and gathers what
// straddles reads (a header split anywhere, a payload across several): every way of cutting
// the same bytes must give the same frames, the same pieces joined, and the same errors.
namespace {

struct Reads {
    std::vector<std::string_view> parts;
    std::size_t next = 0;
    std::string_view read() {
        while (next < parts.size()) {
            std::string_view part = parts[next++];
            if (!part.empty()) return part;
        }
        return {};
    }
};

struct ReadBack {
    std::vector<Piece> frames;     // by next()
    std::string joined_pieces;     // by next_piece(), payloads joined
    std::string piece_streams;     // the stream of each byte of joined_pieces
    std::string frames_error, pieces_error;
};

ReadBack read_back(const std::vector<std::string_view>& parts, std::size_t max_frame = 1024 * 1024) {
    ReadBack out;
    try {
        docker::stream::FrameReader<Reads> reader(Reads{parts, 0}, true, max_frame);
        docker::LogFrame frame;
        while (reader.next(frame)) out.frames.emplace_back(frame.stream, frame.data);
    } catch (const docker::ProtocolError& e) {
        out.frames_error = e.what();
    }
    try {
        docker::stream::FrameReader<Reads> reader(Reads{parts, 0}, true);
        docker::LogPiece piece;
        while (reader.next_piece(piece)) {
            CHECK_FALSE(piece.data.empty());
            CHECK(piece.frame_end != reader.in_frame());
            out.joined_pieces.append(piece.data);
            out.piece_streams.append(piece.data.size(), static_cast<char>(piece.stream));
        }
    } catch (const docker::ProtocolError& e) {
        out.pieces_error = e.what();
    }
    return out;
}

void check_every_cut(std::string_view all, const ReadBack& whole) {
    auto same = [&](const ReadBack& got) {
        CHECK(got.frames == whole.frames);
        CHECK(got.frames_error == whole.frames_error);
        CHECK(got.joined_pieces == whole.joined_pieces);
        CHECK(got.piece_streams == whole.piece_streams);
        CHECK(got.pieces_error == whole.pieces_error);
    };
    std::vector<std::string_view> bytes;
    for (std::size_t i = 0; i < all.size(); ++i) bytes.push_back(all.substr(i, 1));
    same(read_back(bytes));
    for (std::size_t at = 1; at < all.size(); ++at) same(read_back({all.substr(0, at), all.substr(at)}));
    for (std::size_t a = 1; a + 1 < all.size(); ++a)
        for (std::size_t b = a + 1; b < all.size(); ++b)
            same(read_back({all.substr(0, a), all.substr(a, b - a), all.substr(b)}));
}

}  // namespace

TEST_CASE("log frames: a FrameReader gives the same frames however the reads cut them", "[stream][frames]") {
    std::string input = frame(StreamType::stdout_stream, "first line\n") + frame(StreamType::stderr_stream, "") +
                        frame(StreamType::stderr_stream, "e") + frame(StreamType::stdout_stream, "") +
                        frame(StreamType::stdout_stream, "") + frame(StreamType::system_error, "daemon says no") +
                        frame(StreamType::stdout_stream, std::string(40, 'x'));
    ReadBack whole = read_back({input});
    CHECK(whole.frames == std::vector<Piece>{{StreamType::stdout_stream, "first line\n"},
                                             {StreamType::stderr_stream, "e"},
                                             {StreamType::system_error, "daemon says no"},
                                             {StreamType::stdout_stream, std::string(40, 'x')}});
    CHECK(whole.frames_error.empty());
    CHECK(whole.pieces_error.empty());
    check_every_cut(input, whole);

    SECTION("frames over max_frame_bytes come in pieces of it") {
        auto bounded = read_back({input}, 4);
        std::string joined;
        for (const auto& f : bounded.frames) {
            CHECK(f.second.size() <= 4);
            joined += f.second;
        }
        CHECK(joined == whole.joined_pieces);
    }
}

TEST_CASE("log frames: a FrameReader fails the same however the reads cut a bad stream", "[stream][frames]") {
    std::string good = frame(StreamType::stdout_stream, "ok");
    for (const std::string& input : {good + frame(StreamType::stderr_stream, "cut short").substr(0, 12),
                                     good + frame(StreamType::stderr_stream, "x").substr(0, 5),
                                     good + std::string("\x01\x00\x01\x00\x00\x00\x00\x01z", 9),
                                     good + std::string("\x07\x00\x00\x00\x00\x00\x00\x01z", 9)}) {
        ReadBack whole = read_back({input});
        CHECK_FALSE(whole.frames_error.empty());
        CHECK(whole.frames_error == whole.pieces_error);
        CHECK(whole.joined_pieces.substr(0, 2) == "ok");
        check_every_cut(input, whole);
    }
}

TEST_CASE("log frames: without multiplexing (a TTY) each read is one stdout frame, bytes untouched", "[stream][frames]") {
    std::string looks_framed = frame(StreamType::stderr_stream, "x");  // raw TTY bytes are never parsed
    std::vector<std::string_view> reads{"hello ", "", "world\n", looks_framed};

    docker::stream::FrameReader<Reads> pieces(Reads{reads, 0}, false);
    std::vector<Piece> got;
    docker::LogPiece piece;
    while (pieces.next_piece(piece)) {
        CHECK(piece.frame_end);
        CHECK_FALSE(pieces.in_frame());
        got.emplace_back(piece.stream, piece.data);
    }
    CHECK(got == std::vector<Piece>{{StreamType::stdout_stream, "hello "},
                                    {StreamType::stdout_stream, "world\n"},
                                    {StreamType::stdout_stream, looks_framed}});

    // Frames longer than max_frame_bytes come in pieces of it; a frame never spans two reads.
    docker::stream::FrameReader<Reads> frames(Reads{reads, 0}, false, 4);
    std::vector<std::string> texts;
    for (const docker::LogFrame& f : frames) {
        CHECK(f.stream == StreamType::stdout_stream);
        texts.push_back(f.data);
    }
    CHECK(texts == std::vector<std::string>{"hell", "o ", "worl", "d\n", looks_framed.substr(0, 4), looks_framed.substr(4, 4),
                                            looks_framed.substr(8)});
}

}  // namespace stream_log_frames_test
