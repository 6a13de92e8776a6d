// libFuzzer target for the multiplexed log stream decoder (LogFrameDecoder) and the
// FrameReader over it (and over a TTY's unframed bytes). The input is a log body. A simple
// whole-buffer decoding is the oracle: every delivery (whole, byte by byte, split, random
// pieces) must produce the same bytes on the same streams, and fail exactly when the oracle
// does. A ProtocolError is a legitimate outcome; anything else is a finding.

#include <docker/stream/log_frames.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "fuzz_support.hpp"

namespace {

using docker::StreamType;
using docker::fuzz::finding;
using docker::fuzz::Pieces;

// What a decoding delivered: the payload bytes in order, and the stream of each byte (so
// how the decoder cut frames into pieces does not matter, only what arrived where).
struct Outcome {
    bool error = false;
    std::string bytes;
    std::string streams;
};

// The oracle: the format read straight off the whole buffer.
Outcome reference(std::string_view data) {
    Outcome out;
    while (!data.empty()) {
        auto u = [&](std::size_t i) { return static_cast<unsigned char>(data[i]); };
        if (data.size() < 8 || u(0) > 3 || u(1) != 0 || u(2) != 0 || u(3) != 0) {
            out.error = true;  // a short or malformed header
            return out;
        }
        char type = static_cast<char>(u(0));
        std::uint32_t length = (std::uint32_t{u(4)} << 24) | (std::uint32_t{u(5)} << 16) |
                               (std::uint32_t{u(6)} << 8) | std::uint32_t{u(7)};
        data.remove_prefix(8);
        std::size_t take = length < data.size() ? length : data.size();
        out.bytes.append(data.substr(0, take));
        out.streams.append(take, type);
        data.remove_prefix(take);
        if (take < length) {
            out.error = true;  // the stream ends inside a payload
            return out;
        }
    }
    return out;
}

bool is_prefix(const std::string& a, const std::string& b) { return a.size() <= b.size() && b.compare(0, a.size(), a) == 0; }

void check(const Outcome& got, const Outcome& oracle, std::size_t delivery) {
    if (got.error != oracle.error) finding("error differs from the oracle", delivery);
    if (got.bytes.size() != got.streams.size()) finding("bookkeeping", delivery);
    if (!got.error) {
        if (got.bytes != oracle.bytes || got.streams != oracle.streams) finding("frames differ from the oracle", delivery);
    } else {
        // Before an error, a decoder may have delivered part of the last frame or not:
        // what it delivered must be a prefix of what the oracle read.
        if (!is_prefix(got.bytes, oracle.bytes) || !is_prefix(got.streams, oracle.streams))
            finding("bytes before the error are not a prefix of the oracle's", delivery);
    }
}

Outcome decode(const Pieces& pieces, std::size_t delivery, std::size_t max_piece) {
    docker::stream::LogFrameDecoder decoder(max_piece);
    Outcome out;
    try {
        for (std::string_view piece : pieces) {
            decoder.feed(piece, [&](StreamType type, std::string_view payload) {
                if (payload.empty()) finding("empty frame piece", delivery);
                bool in_input = payload.data() >= piece.data() && payload.data() + payload.size() <= piece.data() + piece.size();
                // A copied piece is bounded by the piece limit plus what one feed adds.
                if (!in_input && payload.size() > max_piece + piece.size())
                    finding("copied piece larger than the limit allows", delivery);
                out.bytes.append(payload);
                out.streams.append(payload.size(), static_cast<char>(type));
            });
        }
        decoder.finish();
        if (decoder.in_frame()) finding("finished while in a frame", delivery);
    } catch (const docker::ProtocolError&) {
        out.error = true;
    }
    return out;
}

// A byte source handing out the pieces one by one, as a ResponseStream would.
struct PieceSource {
    const Pieces* pieces;
    std::size_t next = 0;
    std::string_view read() {
        while (next < pieces->size()) {
            std::string_view piece = (*pieces)[next++];
            if (!piece.empty()) return piece;  // an empty read means the end of the stream
        }
        return {};
    }
};

Outcome read_frames(const Pieces& pieces, std::size_t delivery, std::size_t max_frame) {
    docker::stream::FrameReader<PieceSource> reader(PieceSource{&pieces}, true, max_frame);
    Outcome out;
    std::size_t frames_left = 1;
    for (auto piece : pieces) frames_left += piece.size() + 1;
    try {
        docker::LogFrame frame;
        while (reader.next(frame)) {
            if (frames_left-- == 0) finding("FrameReader does not end", delivery);
            if (frame.data.empty()) finding("empty LogFrame", delivery);
            if (frame.data.size() > max_frame) finding("LogFrame larger than max_frame_bytes", delivery);
            out.bytes.append(frame.data);
            out.streams.append(frame.data.size(), static_cast<char>(frame.stream));
        }
        if (reader.next(frame)) finding("FrameReader yielded after its end", delivery);
    } catch (const docker::ProtocolError&) {
        out.error = true;
    }
    return out;
}

// The same through next_piece(): views into the delivered pieces, none empty, and the
// reader's in_frame() false exactly at the frame boundaries it reports.
Outcome read_pieces(const Pieces& pieces, std::size_t delivery) {
    docker::stream::FrameReader<PieceSource> reader(PieceSource{&pieces}, true);
    Outcome out;
    std::size_t pieces_left = 1;
    for (auto piece : pieces) pieces_left += piece.size() + 1;
    try {
        docker::LogPiece piece;
        while (reader.next_piece(piece)) {
            if (pieces_left-- == 0) finding("FrameReader::next_piece does not end", delivery);
            if (piece.data.empty()) finding("empty LogPiece", delivery);
            if (piece.frame_end == reader.in_frame()) finding("frame_end disagrees with in_frame()", delivery);
            std::string_view input = pieces[reader.source().next - 1];  // the piece read last
            if (piece.data.data() < input.data() || piece.data.data() + piece.data.size() > input.data() + input.size())
                finding("LogPiece is not a view into the input read last", delivery);
            out.bytes.append(piece.data);
            out.streams.append(piece.data.size(), static_cast<char>(piece.stream));
        }
        if (reader.next_piece(piece)) finding("next_piece yielded after its end", delivery);
    } catch (const docker::ProtocolError&) {
        out.error = true;
    }
    return out;
}

// Without multiplexing (a TTY) nothing is parsed: next_piece() hands out each read as it
// came, one whole stdout frame; next() gives frames of at most max_frame bytes. Both add up
// to the input, whatever it holds, and never fail.
void check_tty(const Pieces& pieces, std::string_view input, std::size_t delivery, std::size_t max_frame) {
    try {
        docker::stream::FrameReader<PieceSource> reader(PieceSource{&pieces}, false);
        docker::LogPiece piece;
        std::string joined;
        while (reader.next_piece(piece)) {
            std::string_view read = pieces[reader.source().next - 1];
            if (piece.data.data() != read.data() || piece.data.size() != read.size())
                finding("a TTY piece is not the read it came from", delivery);
            if (!piece.is_stdout() || !piece.frame_end || reader.in_frame())
                finding("a TTY piece is not a whole stdout frame", delivery);
            joined.append(piece.data);
        }
        if (joined != input) finding("TTY pieces do not add up to the input", delivery);

        docker::stream::FrameReader<PieceSource> frames(PieceSource{&pieces}, false, max_frame);
        docker::LogFrame frame;
        joined.clear();
        while (frames.next(frame)) {
            if (frame.data.empty() || frame.data.size() > max_frame || frame.stream != StreamType::stdout_stream)
                finding("a TTY LogFrame is empty, too large or not stdout", delivery);
            joined.append(frame.data);
        }
        if (joined != input) finding("TTY frames do not add up to the input", delivery);
    } catch (const docker::ProtocolError&) {
        finding("a TTY stream failed", delivery);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view input(reinterpret_cast<const char*>(data), size);
    std::uint64_t h = docker::fuzz::hash(input);
    // Usually a small piece limit, so fuzzing-size frames exercise the piecewise path.
    std::size_t max_piece = (h & 3) == 0 ? 1024 * 1024 : 1 + static_cast<std::size_t>((h >> 8) % 32);
    Outcome oracle = reference(input);
    auto deliveries = docker::fuzz::deliveries(input, h);
    for (std::size_t i = 0; i < deliveries.size(); ++i) {
        check(decode(deliveries[i], i, max_piece), oracle, i);
        check(read_frames(deliveries[i], i, max_piece), oracle, i);
        check(read_pieces(deliveries[i], i), oracle, i);
        check_tty(deliveries[i], input, i, max_piece);
    }
    return 0;
}
