#pragma once
/// @file
/// WebSocket (RFC 6455) framing, pure: the handshake's key and accept values, a frame encoder
/// and a push-based frame parser (bytes in, events out, nothing read by itself). The parser
/// never buffers a data frame's payload: it hands it out piece by piece as it arrives, so
/// memory stays bounded by the control frames (at most 125 bytes each). No extensions are
/// negotiated, so the reserved bits must be zero.
///
/// docker/stream/websocket_stream.hpp drives it over a connection.

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "docker/detail/base64.hpp"
#include "docker/detail/compiled_mode.hpp"
#include "docker/detail/sha1.hpp"
#include "docker/error.hpp"

namespace docker::websocket {

/// A frame's type: the low four bits of its first byte.
enum class Opcode : std::uint8_t {
    continuation = 0,  ///< the next fragment of a text or binary message
    text = 1,          ///< the first (or only) frame of a UTF-8 text message
    binary = 2,        ///< the first (or only) frame of a binary message
    close = 8,         ///< closing handshake: a code and a reason
    ping = 9,          ///< asks for a pong with the same payload
    pong = 10          ///< answers a ping (or is sent unasked as a heartbeat)
};

/// Close codes (RFC 6455 §7.4.1) the library itself sends.
inline constexpr std::uint16_t close_normal = 1000;          ///< done, all well
inline constexpr std::uint16_t close_protocol_error = 1002;  ///< the peer broke the framing rules
inline constexpr std::uint16_t close_invalid_data = 1007;    ///< text (or a close reason) that is not UTF-8
inline constexpr std::uint16_t close_too_big = 1009;         ///< a message past the size limit
/// "No status code was present": reported for a close frame without a payload, never sent.
inline constexpr std::uint16_t close_no_status = 1005;

/// The largest payload a close, ping or pong frame may carry, bytes.
inline constexpr std::size_t max_control_payload = 125;

/// Sec-WebSocket-Key: base64 of 16 random bytes.
DOCKER_CPP_INLINE std::string make_key(const std::array<unsigned char, 16>& nonce);

/// The Sec-WebSocket-Accept a server must answer to `key`.
DOCKER_CPP_INLINE std::string accept_for(std::string_view key);

/// Appends one frame to `out`. A client masks every frame it sends (`mask` set); a server
/// never does (`mask` empty).
DOCKER_CPP_INLINE void append_frame(std::string& out, Opcode opcode, std::string_view payload, bool fin,
                                    const std::array<unsigned char, 4>* mask);

/// What the parser reports.
struct FrameEvent {
    /// What the event carries.
    enum class Kind {
        data,     ///< a piece of a text or binary message's payload
        control,  ///< a whole close, ping or pong frame
    };
    Kind kind = Kind::data;          ///< data piece or control frame
    Opcode opcode = Opcode::binary;  ///< of the message (text/binary) or the control frame
    std::string_view payload;        ///< valid only during the callback
    bool message_end = false;        ///< data: the last piece of the message
};

/// Which side's frames are parsed: a client reads the server's frames (never masked), a
/// server reads a client's (always masked).
enum class Role { client, server };

/// Incremental UTF-8 check, fed piece by piece (text messages and close reasons must be UTF-8,
/// RFC 6455 §8.1). Rejects overlong forms, surrogates and code points above U+10FFFF.
class Utf8Validator {
public:
    /// The next bytes of the text; false as soon as they cannot be UTF-8, whatever follows.
    DOCKER_CPP_INLINE bool feed(std::string_view text);
    /// At the end of the text: no sequence left open.
    bool complete() const noexcept { return need_ == 0; }
    void reset() noexcept { need_ = 0; }  ///< ready for a new text

private:
    int need_ = 0;
    unsigned char low_ = 0x80, high_ = 0xBF;
};

#if DOCKER_CPP_BODIES
DOCKER_CPP_INLINE bool Utf8Validator::feed(std::string_view text) {
    for (unsigned char c : text) {
        if (need_ == 0) {
            if (c < 0x80) continue;
            if (c >= 0xC2 && c <= 0xDF) need_ = 1, low_ = 0x80, high_ = 0xBF;
            else if (c == 0xE0) need_ = 2, low_ = 0xA0, high_ = 0xBF;
            else if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) need_ = 2, low_ = 0x80, high_ = 0xBF;
            else if (c == 0xED) need_ = 2, low_ = 0x80, high_ = 0x9F;
            else if (c == 0xF0) need_ = 3, low_ = 0x90, high_ = 0xBF;
            else if (c >= 0xF1 && c <= 0xF3) need_ = 3, low_ = 0x80, high_ = 0xBF;
            else if (c == 0xF4) need_ = 3, low_ = 0x80, high_ = 0x8F;
            else return false;
        } else {
            if (c < low_ || c > high_) return false;
            --need_;
            low_ = 0x80, high_ = 0xBF;
        }
    }
    return true;
}
#endif

/// Thrown for bytes that break RFC 6455; `close_code()` is what to tell the peer.
class FrameError : public ProtocolError {
public:
    /// `problem` says what was wrong; `code` is the close code to send (1002, 1007, 1009).
    DOCKER_CPP_INLINE FrameError(const std::string& problem, std::uint16_t code);
    const std::string& problem() const noexcept { return problem_; }  ///< what was wrong, without the prefix
    std::uint16_t close_code() const noexcept { return code_; }  ///< the close code to tell the peer

private:
    std::string problem_;
    std::uint16_t code_;
};

#if DOCKER_CPP_BODIES
DOCKER_CPP_INLINE FrameError::FrameError(const std::string& problem, std::uint16_t code)
    : ProtocolError("WebSocket: " + problem), problem_(problem), code_(code) {}
#endif

/// Push-based frame parser. feed() consumes every byte it is given and reports events; an
/// error throws FrameError and is sticky (every later feed throws it again). After a close
/// frame, any further byte is an error.
class FrameParser {
public:
    /// A parser for the frames the other side of `role` sends.
    explicit FrameParser(Role role = Role::client) : role_(role) {}

    /// Consumes all of `input`, calling on_event(const FrameEvent&) for each data piece and
    /// each whole control frame.
    template <class OnEvent>
    void feed(std::string_view input, OnEvent&& on_event) {
        if (!error_.empty()) throw FrameError(error_, error_code_);
        try {
            while (!input.empty()) step(input, on_event);
        } catch (const FrameError& e) {
            error_ = e.problem();
            error_code_ = e.close_code();
            throw;
        }
    }

    /// Has a close frame arrived?
    bool closed() const noexcept { return closed_; }
    /// Between frames (no frame half-read) and not inside a fragmented message.
    bool at_message_boundary() const noexcept { return state_ == State::header && !in_message_; }

private:
    enum class State { header, payload };

    template <class OnEvent>
    void step(std::string_view& input, OnEvent& on_event) {
        if (closed_) fail("bytes after the close frame", close_protocol_error);
        if (state_ == State::header) {
            // Collect the header; its size is known after the second byte.
            while (!input.empty() && header_size_ < header_needed()) {
                header_[header_size_++] = static_cast<unsigned char>(input.front());
                input.remove_prefix(1);
                if (header_size_ == 2) check_first_bytes();
            }
            if (header_size_ < header_needed()) return;
            begin_payload();
            if (remaining_ == 0) finish_frame(on_event);
            return;
        }
        std::size_t take = remaining_ < input.size() ? static_cast<std::size_t>(remaining_) : input.size();
        std::string_view piece = input.substr(0, take);
        input.remove_prefix(take);
        remaining_ -= take;
        if (is_control(opcode_)) {
            control_.append(piece);
            if (masked_) unmask(control_.data() + control_.size() - take, take);
            if (remaining_ == 0) finish_frame(on_event);
            return;
        }
        if (masked_) {
            scratch_.assign(piece.data(), piece.size());
            unmask(scratch_.data(), scratch_.size());
            piece = scratch_;
        }
        deliver_data(piece, remaining_ == 0 && fin_, on_event);
        if (remaining_ == 0) end_frame();
    }

    DOCKER_CPP_INLINE std::size_t header_needed() const noexcept;

    static bool is_control(Opcode op) noexcept { return static_cast<unsigned>(op) >= 8; }

    DOCKER_CPP_INLINE void check_first_bytes();

    DOCKER_CPP_INLINE void begin_payload();

    DOCKER_CPP_INLINE void unmask(char* data, std::size_t size) noexcept;

    template <class OnEvent>
    void deliver_data(std::string_view piece, bool message_end, OnEvent& on_event) {
        if (message_opcode_ == Opcode::text) {
            if (!utf8_.feed(piece)) fail("text message is not valid UTF-8", close_invalid_data);
            if (message_end && !utf8_.complete()) fail("text message ends inside a UTF-8 sequence", close_invalid_data);
        }
        if (piece.empty() && !message_end) return;
        FrameEvent event;
        event.kind = FrameEvent::Kind::data;
        event.opcode = message_opcode_;
        event.payload = piece;
        event.message_end = message_end;
        on_event(static_cast<const FrameEvent&>(event));
    }

    template <class OnEvent>
    void finish_frame(OnEvent& on_event) {
        if (is_control(opcode_)) {
            if (opcode_ == Opcode::close) check_close_payload();
            end_frame();
            if (opcode_ == Opcode::close) closed_ = true;
            FrameEvent event;
            event.kind = FrameEvent::Kind::control;
            event.opcode = opcode_;
            event.payload = control_;
            on_event(static_cast<const FrameEvent&>(event));
            return;
        }
        deliver_data({}, fin_, on_event);  // an empty data frame
        end_frame();
    }

    DOCKER_CPP_INLINE void end_frame();

    DOCKER_CPP_INLINE void check_close_payload();

    [[noreturn]] DOCKER_CPP_INLINE static void fail(const std::string& message, std::uint16_t code);

    Role role_;
    State state_ = State::header;
    unsigned char header_[14] = {};
    std::size_t header_size_ = 0;
    Opcode opcode_ = Opcode::binary;
    Opcode message_opcode_ = Opcode::binary;
    bool fin_ = false;
    bool masked_ = false;
    bool in_message_ = false;
    bool closed_ = false;
    unsigned char mask_[4] = {};
    std::size_t mask_offset_ = 0;
    std::uint64_t remaining_ = 0;
    std::string control_;  ///< a control frame's payload (at most 125 bytes)
    std::string scratch_;  ///< an unmasked piece of a client's data frame (server role)
    Utf8Validator utf8_;
    std::string error_;
    std::uint16_t error_code_ = 0;
};

#if DOCKER_CPP_BODIES
DOCKER_CPP_INLINE std::size_t FrameParser::header_needed() const noexcept {
    if (header_size_ < 2) return 2;
    std::size_t n = 2;
    unsigned len = header_[1] & 0x7f;
    if (len == 126) n += 2;
    else if (len == 127) n += 8;
    if (header_[1] & 0x80) n += 4;
    return n;
}

DOCKER_CPP_INLINE void FrameParser::check_first_bytes() {
    unsigned char b0 = header_[0], b1 = header_[1];
    if (b0 & 0x70) fail("reserved bits set (no extension was negotiated)", close_protocol_error);
    unsigned op = b0 & 0x0f;
    if (!(op <= 2 || (op >= 8 && op <= 10))) fail("unknown opcode " + std::to_string(op), close_protocol_error);
    opcode_ = static_cast<Opcode>(op);
    fin_ = (b0 & 0x80) != 0;
    masked_ = (b1 & 0x80) != 0;
    if (role_ == Role::client && masked_) fail("masked frame from the server", close_protocol_error);
    if (role_ == Role::server && !masked_) fail("unmasked frame from the client", close_protocol_error);
    if (is_control(opcode_)) {
        if (!fin_) fail("fragmented control frame", close_protocol_error);
        if ((b1 & 0x7f) > max_control_payload) fail("control frame longer than 125 bytes", close_protocol_error);
    } else if (opcode_ == Opcode::continuation) {
        if (!in_message_) fail("continuation frame without a message to continue", close_protocol_error);
    } else if (in_message_) {
        fail("new message before the fragmented one ended", close_protocol_error);
    }
}

DOCKER_CPP_INLINE void FrameParser::begin_payload() {
    unsigned len = header_[1] & 0x7f;
    std::size_t at = 2;
    if (len == 126) {
        remaining_ = (std::uint64_t(header_[2]) << 8) | header_[3];
        if (remaining_ < 126) fail("length not in its shortest form", close_protocol_error);
        at = 4;
    } else if (len == 127) {
        remaining_ = 0;
        for (int i = 0; i < 8; ++i) remaining_ = (remaining_ << 8) | header_[2 + i];
        if (remaining_ >> 63) fail("64-bit length with its top bit set", close_protocol_error);
        if (remaining_ <= 0xffff) fail("length not in its shortest form", close_protocol_error);
        at = 10;
    } else {
        remaining_ = len;
    }
    if (masked_)
        for (int i = 0; i < 4; ++i) mask_[i] = header_[at + i];
    mask_offset_ = 0;
    state_ = State::payload;
    control_.clear();
    if (!is_control(opcode_) && opcode_ != Opcode::continuation) {
        in_message_ = true;
        message_opcode_ = opcode_;
        utf8_.reset();
    }
}

DOCKER_CPP_INLINE void FrameParser::unmask(char* data, std::size_t size) noexcept {
    for (std::size_t i = 0; i < size; ++i) data[i] = static_cast<char>(data[i] ^ mask_[(mask_offset_ + i) & 3]);
    mask_offset_ = (mask_offset_ + size) & 3;
}

DOCKER_CPP_INLINE void FrameParser::end_frame() {
    if (!is_control(opcode_) && fin_) in_message_ = false;
    state_ = State::header;
    header_size_ = 0;
}

DOCKER_CPP_INLINE void FrameParser::check_close_payload() {
    if (control_.empty()) return;
    if (control_.size() == 1) fail("close frame with a one-byte payload", close_protocol_error);
    unsigned code = (unsigned(static_cast<unsigned char>(control_[0])) << 8) | static_cast<unsigned char>(control_[1]);
    bool valid = (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
    if (!valid) fail("close code " + std::to_string(code) + " is not allowed on the wire", close_protocol_error);
    Utf8Validator reason;
    if (!reason.feed(std::string_view(control_).substr(2)) || !reason.complete())
        fail("close reason is not valid UTF-8", close_invalid_data);
}

DOCKER_CPP_INLINE void FrameParser::fail(const std::string& message, std::uint16_t code) {
    throw FrameError(message, code);
}
#endif

/// A close frame's code (close_no_status when it carried none).
DOCKER_CPP_INLINE std::uint16_t close_code_of(std::string_view payload) noexcept;
/// A close frame's reason text (empty when it carried none), a view into `payload`.
inline std::string_view close_reason_of(std::string_view payload) noexcept {
    return payload.size() < 2 ? std::string_view{} : payload.substr(2);
}

/// A close frame's payload: the code, then the reason (cut to fit 125 bytes, on a UTF-8
/// character boundary).
DOCKER_CPP_INLINE std::string close_payload(std::uint16_t code, std::string_view reason);

#if DOCKER_CPP_BODIES
DOCKER_CPP_INLINE std::string make_key(const std::array<unsigned char, 16>& nonce) {
    return detail::base64_encode(std::string_view(reinterpret_cast<const char*>(nonce.data()), nonce.size()));
}

DOCKER_CPP_INLINE std::string accept_for(std::string_view key) {
    std::string text(key);
    text += "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    auto digest = detail::sha1(text);
    return detail::base64_encode(std::string_view(reinterpret_cast<const char*>(digest.data()), digest.size()));
}

DOCKER_CPP_INLINE void append_frame(std::string& out, Opcode opcode, std::string_view payload, bool fin,
                                    const std::array<unsigned char, 4>* mask) {
    out += static_cast<char>((fin ? 0x80 : 0x00) | static_cast<unsigned>(opcode));
    unsigned char mask_bit = mask ? 0x80 : 0x00;
    std::uint64_t size = payload.size();
    if (size < 126) {
        out += static_cast<char>(mask_bit | size);
    } else if (size <= 0xffff) {
        out += static_cast<char>(mask_bit | 126);
        out += static_cast<char>(size >> 8);
        out += static_cast<char>(size & 0xff);
    } else {
        out += static_cast<char>(mask_bit | 127);
        for (int shift = 56; shift >= 0; shift -= 8) out += static_cast<char>((size >> shift) & 0xff);
    }
    if (!mask) {
        out.append(payload);
        return;
    }
    for (unsigned char b : *mask) out += static_cast<char>(b);
    std::size_t start = out.size();
    out.append(payload);
    for (std::size_t i = 0; i < payload.size(); ++i) out[start + i] = static_cast<char>(out[start + i] ^ (*mask)[i & 3]);
}

DOCKER_CPP_INLINE std::uint16_t close_code_of(std::string_view payload) noexcept {
    if (payload.size() < 2) return close_no_status;
    return static_cast<std::uint16_t>((unsigned(static_cast<unsigned char>(payload[0])) << 8) |
                                      static_cast<unsigned char>(payload[1]));
}

DOCKER_CPP_INLINE std::string close_payload(std::uint16_t code, std::string_view reason) {
    std::string out;
    out += static_cast<char>(code >> 8);
    out += static_cast<char>(code & 0xff);
    if (reason.size() > max_control_payload - 2) {
        std::size_t cut = max_control_payload - 2;
        while (cut > 0 && (static_cast<unsigned char>(reason[cut]) & 0xC0) == 0x80) --cut;
        reason = reason.substr(0, cut);
    }
    out.append(reason);
    return out;
}
#endif

}  // namespace docker::websocket
