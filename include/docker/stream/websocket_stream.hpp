#pragma once
/// @file
/// A WebSocket client connection (RFC 6455) over any transport stream, once the HTTP
/// handshake is done: messages read whole, sent whole or in fragments, pings answered, and
/// the close handshake. The framing itself is docker/http/websocket.hpp.

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "docker/detail/compiled_mode.hpp"
#include "docker/error.hpp"
#include "docker/http/headers.hpp"
#include "docker/http/websocket.hpp"
#include "docker/transport/stream.hpp"

namespace docker {

/// The kind of a data message.
enum class WebSocketMessageType {
    text,   ///< UTF-8 text
    binary  ///< any bytes (a container attach sends its output so)
};

/// One whole message, its fragments joined.
struct WebSocketMessage {
    WebSocketMessageType type = WebSocketMessageType::binary;  ///< text or binary
    std::string data;                                          ///< the payload
};

/// Limits and timeouts of a WebSocket.
struct WebSocketOptions {
    /// A message longer than this ends the connection (close code 1009) with a ProtocolError.
    std::size_t max_message_bytes = 64 * 1024 * 1024;
    transport::Timeout read_timeout = transport::no_timeout;   ///< longest silence next() waits through
    transport::Timeout write_timeout = transport::no_timeout;  ///< longest wait for the peer to take bytes
    /// How long close() waits for the peer's close frame.
    transport::Timeout close_timeout = std::chrono::seconds(5);
};

namespace detail {

// The client's side of the handshake: the 101 answer must name the websocket upgrade and
// carry the accept value derived from our key.
DOCKER_CPP_INLINE void check_websocket_handshake(int status, const http::Headers& headers, std::string_view key,
                                                 const std::string& what);

DOCKER_CPP_INLINE std::array<unsigned char, 16> websocket_nonce();

#if DOCKER_CPP_BODIES
DOCKER_CPP_INLINE void check_websocket_handshake(int status, const http::Headers& headers, std::string_view key,
                                                 const std::string& what) {
    if (status != 101)
        throw ProtocolError(what + ": expected 101 Switching Protocols for the WebSocket upgrade, got " +
                            std::to_string(status));
    if (!http::detail::iequals(http::detail::trim_ows(headers.get("Upgrade")), "websocket"))
        throw ProtocolError(what + ": the 101 answer upgrades to '" + headers.get("Upgrade") + "', not websocket");
    if (!http::detail::list_contains(headers.get("Connection"), "upgrade"))
        throw ProtocolError(what + ": the 101 answer lacks 'Connection: Upgrade'");
    if (http::detail::trim_ows(headers.get("Sec-WebSocket-Accept")) != websocket::accept_for(key))
        throw ProtocolError(what + ": Sec-WebSocket-Accept does not match our key");
}

DOCKER_CPP_INLINE std::array<unsigned char, 16> websocket_nonce() {
    std::random_device random;
    std::array<unsigned char, 16> nonce{};
    for (std::size_t i = 0; i < nonce.size(); i += 4) {
        auto r = random();
        for (std::size_t j = 0; j < 4; ++j) nonce[i + j] = static_cast<unsigned char>(r >> (8 * j));
    }
    return nonce;
}
#endif

}  // namespace detail

/// Owns its connection: destroying it drops the connection without a close handshake (call
/// close() for a clean one).
///
/// Threads: next() in one thread and send()/ping() in others is fine (writes are serialised,
/// pongs included); cancel() from any thread. close(), moves and destruction need the other
/// threads to be done with it.
class WebSocket {
public:
    /// Takes over `stream` after a successful handshake, with `early_bytes` (what arrived with
    /// the 101 answer, read first). UsageError without a stream. Normally made by
    /// ContainersApi::attach_websocket().
    DOCKER_CPP_INLINE WebSocket(std::unique_ptr<transport::Stream> stream, std::string early_bytes,
                                WebSocketOptions options = {});
    WebSocket(WebSocket&&) noexcept = default;  ///< takes over the connection
    WebSocket& operator=(WebSocket&&) noexcept = default;  ///< drops its own connection, takes over the other's

    /// The next whole text or binary message; false once the peer closed (its close frame is
    /// answered here, see close_code()) or the connection ended. A ping is answered with a
    /// pong on the way. Bytes that break the protocol throw ProtocolError, after telling the
    /// peer why in a close frame.
    DOCKER_CPP_INLINE bool next(WebSocketMessage& message);

    /// One text message in one frame; UsageError when `text` is not valid UTF-8.
    void send_text(std::string_view text) { send(text, WebSocketMessageType::text); }
    /// One binary message in one frame.
    void send_binary(std::string_view data) { send(data, WebSocketMessageType::binary); }

    /// Sends one message, in frames of at most `max_frame_bytes` (0: one frame). A text
    /// message must be valid UTF-8.
    DOCKER_CPP_INLINE void send(std::string_view data, WebSocketMessageType type, std::size_t max_frame_bytes = 0);

    /// Sends a ping; the pong is counted by pongs_received() when next() reads it.
    DOCKER_CPP_INLINE void ping(std::string_view payload = {});

    /// The close handshake: sends a close frame, reads (and drops) what the peer still sends
    /// until its close frame or close_timeout, then drops the connection.
    DOCKER_CPP_INLINE void close(std::uint16_t code = websocket::close_normal, std::string_view reason = {});

    /// Cuts the connection so that a next() or send() blocked in another thread returns.
    DOCKER_CPP_INLINE void cancel() noexcept;

    /// Until the peer's close frame, a protocol error, the end of the connection or close().
    bool is_open() const noexcept { return s_ && s_->stream && !s_->ended; }
    /// The peer's close code (websocket::close_no_status if its close frame had none), once
    /// its close frame arrived.
    std::optional<std::uint16_t> close_code() const noexcept { return s_->peer_code; }
    /// The reason text of the peer's close frame (empty when it gave none).
    const std::string& close_reason() const noexcept { return s_->peer_reason; }
    /// Pongs received so far (answers to ping()).
    std::uint64_t pongs_received() const noexcept { return s_->pongs; }

    /// Longest silence next() waits through; no_timeout: as long as it takes.
    void set_read_timeout(transport::Timeout timeout) noexcept { s_->options.read_timeout = timeout; }
    /// Longest wait of a send for the peer to take bytes; no_timeout: as long as it takes.
    void set_write_timeout(transport::Timeout timeout) noexcept { s_->options.write_timeout = timeout; }

private:
    struct State {
        std::unique_ptr<transport::Stream> stream;
        std::string early;
        bool early_delivered = false;
        std::vector<char> buffer = std::vector<char>(64 * 1024);
        WebSocketOptions options;
        websocket::FrameParser parser{websocket::Role::client};
        std::deque<WebSocketMessage> ready;
        std::exception_ptr error;  ///< raised once `ready` is drained
        WebSocketMessage partial;
        std::mutex write_mutex;
        std::mt19937 random;  ///< masking keys; guarded by write_mutex
        bool close_sent = false;             ///< guarded by write_mutex
        std::atomic<bool> ended{false};      ///< the connection is finished (kept until close())
        std::atomic<bool> cancelled{false};
        std::optional<std::uint16_t> peer_code;
        std::string peer_reason;
        std::uint64_t pongs = 0;
    };

    DOCKER_CPP_INLINE std::string_view read_piece(transport::Timeout timeout);

    DOCKER_CPP_INLINE void feed(std::string_view piece);

    DOCKER_CPP_INLINE void on_event(const websocket::FrameEvent& e);

    /// The connection is done. The stream object itself stays until close() or destruction:
    /// another thread may be inside send() on it.
    DOCKER_CPP_INLINE void end() noexcept;

    /// After a protocol error: tell the peer why (best effort) and drop the connection.
    DOCKER_CPP_INLINE void fail(std::uint16_t code) noexcept;

    DOCKER_CPP_INLINE void write_frame(websocket::Opcode opcode, std::string_view payload, bool fin);

    DOCKER_CPP_INLINE void write_frame_locked(websocket::Opcode opcode, std::string_view payload, bool fin);

    std::unique_ptr<State> s_;
};

#if DOCKER_CPP_BODIES
DOCKER_CPP_INLINE WebSocket::WebSocket(std::unique_ptr<transport::Stream> stream, std::string early_bytes,
                                       WebSocketOptions options)
    : s_(std::make_unique<State>()) {
    if (!stream) throw UsageError("WebSocket needs a connection");
    s_->stream = std::move(stream);
    s_->early = std::move(early_bytes);
    s_->options = options;
    s_->random.seed(std::random_device{}());
}

DOCKER_CPP_INLINE bool WebSocket::next(WebSocketMessage& message) {
    while (s_->ready.empty()) {
        if (s_->error) {
            auto error = s_->error;
            s_->error = nullptr;
            std::rethrow_exception(error);
        }
        if (!is_open() || s_->parser.closed()) return false;
        std::string_view piece = read_piece(s_->options.read_timeout);
        if (piece.empty()) {
            end();  // ended without a close frame
            return false;
        }
        // Messages that arrived before a broken frame are handed out before its error.
        try {
            feed(piece);
        } catch (const ProtocolError&) {
            s_->error = std::current_exception();
        }
    }
    message = std::move(s_->ready.front());
    s_->ready.pop_front();
    return true;
}

DOCKER_CPP_INLINE void WebSocket::send(std::string_view data, WebSocketMessageType type, std::size_t max_frame_bytes) {
    if (type == WebSocketMessageType::text) {
        websocket::Utf8Validator check;
        if (!check.feed(data) || !check.complete()) throw UsageError("WebSocket text message is not valid UTF-8");
    }
    auto first = type == WebSocketMessageType::text ? websocket::Opcode::text : websocket::Opcode::binary;
    if (max_frame_bytes == 0 || data.size() <= max_frame_bytes) {
        write_frame(first, data, true);
        return;
    }
    // Frames of one message must not interleave with another message's: the lock is held
    // across them (a pong to send waits for the last one).
    std::lock_guard<std::mutex> lock(s_->write_mutex);
    std::size_t at = 0;
    bool first_frame = true;
    while (at < data.size()) {
        std::size_t n = std::min(max_frame_bytes, data.size() - at);
        write_frame_locked(first_frame ? first : websocket::Opcode::continuation, data.substr(at, n),
                           at + n == data.size());
        first_frame = false;
        at += n;
    }
}

DOCKER_CPP_INLINE void WebSocket::ping(std::string_view payload) {
    if (payload.size() > websocket::max_control_payload) throw UsageError("WebSocket ping payload over 125 bytes");
    write_frame(websocket::Opcode::ping, payload, true);
}

DOCKER_CPP_INLINE void WebSocket::close(std::uint16_t code, std::string_view reason) {
    if (!s_ || !s_->stream) return;
    if (!s_->ended && !s_->close_sent) {
        try {
            write_frame(websocket::Opcode::close, websocket::close_payload(code, reason), true);
        } catch (const ConnectionError&) {
            s_->stream.reset();  // the peer is gone already
            return;
        }
    }
    try {
        while (is_open() && !s_->parser.closed()) {
            std::string_view piece = read_piece(s_->options.close_timeout);
            if (piece.empty()) break;
            feed(piece);
            s_->ready.clear();
        }
    } catch (const Error&) {
        // A peer that never answers, or answers nonsense, is closed all the same.
    }
    s_->stream.reset();
}

DOCKER_CPP_INLINE void WebSocket::cancel() noexcept {
    if (s_ && s_->stream) {
        s_->cancelled = true;
        s_->stream->shutdown_both();
    }
}

DOCKER_CPP_INLINE std::string_view WebSocket::read_piece(transport::Timeout timeout) {
    if (!s_->early_delivered) {
        s_->early_delivered = true;
        if (!s_->early.empty()) return s_->early;
    }
    try {
        std::size_t n = s_->stream->read_some(s_->buffer.data(), s_->buffer.size(), timeout);
        return {s_->buffer.data(), n};
    } catch (const ConnectionError&) {
        if (s_->cancelled) return {};
        throw;
    }
}

DOCKER_CPP_INLINE void WebSocket::feed(std::string_view piece) {
    try {
        s_->parser.feed(piece, [this](const websocket::FrameEvent& e) { on_event(e); });
    } catch (const websocket::FrameError& e) {
        fail(e.close_code());
        throw;
    }
}

DOCKER_CPP_INLINE void WebSocket::on_event(const websocket::FrameEvent& e) {
    using websocket::Opcode;
    if (e.kind == websocket::FrameEvent::Kind::data) {
        if (s_->partial.data.size() + e.payload.size() > s_->options.max_message_bytes) {
            fail(websocket::close_too_big);
            throw ProtocolError("WebSocket: message longer than " + std::to_string(s_->options.max_message_bytes) +
                                " bytes");
        }
        s_->partial.type = e.opcode == Opcode::text ? WebSocketMessageType::text : WebSocketMessageType::binary;
        s_->partial.data.append(e.payload);
        if (e.message_end) {
            s_->ready.push_back(std::move(s_->partial));
            s_->partial = WebSocketMessage{};
        }
        return;
    }
    if (e.opcode == Opcode::ping) {
        write_frame(Opcode::pong, e.payload, true);
    } else if (e.opcode == Opcode::pong) {
        ++s_->pongs;
    } else if (e.opcode == Opcode::close) {
        s_->peer_code = websocket::close_code_of(e.payload);
        s_->peer_reason = std::string(websocket::close_reason_of(e.payload));
        // Echo the peer's code, as RFC 6455 §5.5.1 suggests (unless ours went first).
        std::uint16_t echo = *s_->peer_code == websocket::close_no_status ? websocket::close_normal : *s_->peer_code;
        try {
            write_frame(Opcode::close, websocket::close_payload(echo, {}), true);
        } catch (const Error&) {
            // Our close frame went first, or the peer is gone: nothing to answer.
        }
        end();
    }
}

DOCKER_CPP_INLINE void WebSocket::end() noexcept {
    s_->ended = true;
    s_->stream->shutdown_both();
}

DOCKER_CPP_INLINE void WebSocket::fail(std::uint16_t code) noexcept {
    try {
        write_frame(websocket::Opcode::close, websocket::close_payload(code, {}), true);
    } catch (...) {
    }
    end();
}

DOCKER_CPP_INLINE void WebSocket::write_frame(websocket::Opcode opcode, std::string_view payload, bool fin) {
    std::lock_guard<std::mutex> lock(s_->write_mutex);
    write_frame_locked(opcode, payload, fin);
}

DOCKER_CPP_INLINE void WebSocket::write_frame_locked(websocket::Opcode opcode, std::string_view payload, bool fin) {
    if (!is_open()) throw UsageError("WebSocket is closed");
    if (s_->close_sent) throw UsageError("WebSocket: nothing may be sent after the close frame");
    std::array<unsigned char, 4> mask{};
    auto r = s_->random();
    for (std::size_t i = 0; i < 4; ++i) mask[i] = static_cast<unsigned char>(r >> (8 * i));
    std::string frame;
    frame.reserve(payload.size() + 14);
    websocket::append_frame(frame, opcode, payload, fin, &mask);
    if (opcode == websocket::Opcode::close) s_->close_sent = true;
    s_->stream->write_all(frame.data(), frame.size(), s_->options.write_timeout);
}
#endif

}  // namespace docker
