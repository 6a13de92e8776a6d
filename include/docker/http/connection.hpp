#pragma once
/// @file
/// One HTTP/1.1 connection: writes requests to a byte stream and reads responses through the
/// incremental parser, with a fixed-size read buffer so memory never grows with a body.

#include <chrono>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "docker/detail/compiled_mode.hpp"
#include "docker/error.hpp"
#include "docker/http/request.hpp"
#include "docker/http/response_parser.hpp"
#include "docker/transport/cancel.hpp"
#include "docker/transport/stream.hpp"

namespace docker::http {

/// A request/response exchange over one transport stream, kept alive between requests when
/// the server allows it. Client pools these; most code never meets one. Not thread-safe: one
/// call at a time.
class Connection {
public:
    static constexpr std::size_t buffer_size = 64 * 1024;  ///< read buffer, bytes (also the largest body piece)

    using Clock = std::chrono::steady_clock;  ///< the clock deadlines are measured on

    /// Takes over `stream`; `host_header` is sent as Host, `limits` bound what the parser
    /// buffers, and `user_agent` is sent with every request that brings no User-Agent of its own.
    DOCKER_CPP_INLINE Connection(std::unique_ptr<transport::Stream> stream, std::string host_header,
                                 ParserLimits limits = {}, std::string user_agent = {});

    /// Bounds of the call about to use this connection: an overall deadline, and a token that
    /// cancels it from another thread. They hold until end_call() (for a stream: until the
    /// connection is destroyed).
    DOCKER_CPP_INLINE void begin_call(std::optional<Clock::time_point> deadline, const CancelToken* cancel);

    /// Stops watching the cancel token. True when the call was cancelled: the stream may
    /// have been shut down, so the connection must not be reused.
    DOCKER_CPP_INLINE bool end_call() noexcept;

    /// Writes the request, its body included. Prepares the parser for the answer.
    DOCKER_CPP_INLINE void send(const Request& request, transport::Timeout timeout);

    /// Reads until the final response head (interim 1xx responses are skipped). The read
    /// timeout bounds each silence; a peer dripping a byte at a time is stopped by the call's
    /// deadline (CallOptions::call_timeout / deadline, ClientOptions::call_timeout).
    DOCKER_CPP_INLINE const ResponseHead& read_head(transport::Timeout timeout);

    /// The next piece of the body, valid until the next call; empty once the body is complete.
    DOCKER_CPP_INLINE std::string_view read_body(transport::Timeout timeout);

    /// For event loops: the next piece of the body if one can be had without waiting; an
    /// empty view once the body is complete; nullopt when the stream has nothing yet (wait
    /// for native_handle() to be readable). Never blocks.
    DOCKER_CPP_INLINE std::optional<std::string_view> try_read_body();

    /// Bytes already here that the descriptor will not announce again: read them before
    /// waiting on it.
    std::size_t pending() const noexcept { return (end_ - begin_) + (stream_ ? stream_->pending() : 0); }
    /// The stream's file descriptor, for poll()/epoll; -1 without a stream.
    int native_handle() const noexcept { return stream_ ? stream_->native_handle() : -1; }

    /// Reads the rest of the body into a string, refusing to hold more than `limit` bytes.
    DOCKER_CPP_INLINE std::string read_body_all(transport::Timeout timeout, std::size_t limit = 256u * 1024 * 1024);

    /// Can this connection carry another request now?
    /// A request cut short by an early answer leaves body bytes the server never read.
    bool reusable() const { return request_sent_ && parser_.complete() && parser_.keep_alive() && begin_ == end_; }
    /// Has any byte of the answer arrived? (If not, an idempotent request may be retried.)
    bool response_started() const { return parser_.started(); }
    /// The parser's state: head, framing, keep-alive.
    const ResponseParser& parser() const { return parser_; }
    /// The answer's header fields, moved out (see ResponseParser::take_headers()).
    Headers take_headers() noexcept { return parser_.take_headers(); }

    /// After 101 Switching Protocols: the raw stream, plus bytes that already arrived after
    /// the head (they belong to the new protocol).
    DOCKER_CPP_INLINE std::unique_ptr<transport::Stream> release(std::string& early_bytes);

    /// The deadline of the call in progress, if it has one.
    std::optional<Clock::time_point> deadline() const noexcept { return deadline_; }

    /// The transport stream; only while the connection still owns one (not after release()).
    transport::Stream& stream() { return *stream_; }

private:
    std::string_view buffered() const { return {buffer_.data() + begin_, end_ - begin_}; }

    DOCKER_CPP_INLINE void fill(transport::Timeout timeout,
                                std::optional<Clock::time_point> head_deadline = std::nullopt);

    DOCKER_CPP_INLINE void write(const char* data, std::size_t size, transport::Timeout timeout);

    DOCKER_CPP_INLINE void check_cancelled() const;

    DOCKER_CPP_INLINE void check_deadlines(std::optional<Clock::time_point> head_deadline) const;

    /// The silence timeout, shortened to what is left of the deadlines.
    DOCKER_CPP_INLINE transport::Timeout bounded(transport::Timeout timeout,
                                                 std::optional<Clock::time_point> head_deadline) const;

    DOCKER_CPP_INLINE void send_sized_body(const Request& request, transport::Timeout timeout);

    /// Is head_ the head of a plain request (no fields, no body) with this method and target?
    /// Such a head depends on nothing else, so a client polling one endpoint sends it again.
    DOCKER_CPP_INLINE bool holds_plain_head_of(const Request& request) const;

    DOCKER_CPP_INLINE void send_chunked_body(const Request& request, transport::Timeout timeout);

    std::unique_ptr<transport::Stream> stream_;
    std::string host_header_;
    std::string user_agent_;
    std::string head_;  ///< the serialised request head, kept for its capacity
    std::optional<Clock::time_point> deadline_;
    /// Declared after stream_, so destroyed before it: cancel() never sees a dead stream.
    CancelToken::Registration registration_;
    ResponseParser parser_;
    std::vector<char> buffer_;
    std::size_t begin_ = 0;
    std::size_t end_ = 0;
    bool request_sent_ = false;
    bool head_is_plain_ = false;  ///< head_ is the whole head of a request without fields or body
    std::size_t plain_method_size_ = 0;  ///< and the sizes of that request's method and target
    std::size_t plain_target_size_ = 0;
    detail::UserAgentCheck user_agent_check_;
};

#if DOCKER_CPP_BODIES
DOCKER_CPP_INLINE Connection::Connection(std::unique_ptr<transport::Stream> stream, std::string host_header,
                                         ParserLimits limits, std::string user_agent)
    : stream_(std::move(stream)),
      host_header_(std::move(host_header)),
      user_agent_(std::move(user_agent)),
      parser_(limits),
      buffer_(buffer_size),
      // Checked once here rather than on every request; a bad one is still refused,
      // word for word as before, when a request would carry it.
      user_agent_check_(detail::has_control_character(user_agent_) ? detail::UserAgentCheck::needed
                                                                      : detail::UserAgentCheck::done) {}

DOCKER_CPP_INLINE void Connection::begin_call(std::optional<Clock::time_point> deadline, const CancelToken* cancel) {
    deadline_ = deadline;
    registration_.reset();
    if (cancel) registration_ = cancel->watch(*stream_);
}

DOCKER_CPP_INLINE bool Connection::end_call() noexcept {
    bool cancelled = registration_.cancelled();
    registration_.reset();
    deadline_.reset();
    return cancelled;
}

DOCKER_CPP_INLINE void Connection::send(const Request& request, transport::Timeout timeout) {
    parser_.reset();
    parser_.expect_no_body(std::string_view(request.method) == "HEAD");
    begin_ = end_ = 0;
    request_sent_ = false;
    // Into a buffer the connection keeps: no allocation once it has grown. The same plain
    // request as last time (a poll) finds its head there already, checked and complete.
    bool plain = request.headers.empty() && request.body.empty() && !request.body_source;
    if (!(plain && holds_plain_head_of(request))) {
        head_is_plain_ = false;  // until serialize_head has finished without throwing
        detail::serialize_head(head_, request, host_header_, user_agent_, user_agent_check_);
        head_is_plain_ = plain;
        plain_method_size_ = request.method.size();
        plain_target_size_ = request.target.size();
    }
    if (!request.body_source) {
        // Head and a small body in one write: one segment, one wake-up of the daemon.
        if (request.body.size() <= 16 * 1024) {
            if (!request.body.empty()) head_ += request.body;
            write(head_.data(), head_.size(), timeout);
        } else {
            write(head_.data(), head_.size(), timeout);
            write(request.body.data(), request.body.size(), timeout);
        }
        request_sent_ = true;
        return;
    }
    write(head_.data(), head_.size(), timeout);
    if (request.body_length) {
        send_sized_body(request, timeout);
    } else {
        send_chunked_body(request, timeout);
    }
    request_sent_ = true;
}

DOCKER_CPP_INLINE bool Connection::holds_plain_head_of(const Request& request) const {
    // The same sizes and bytes as the request that head_ was written (and checked) for: a
    // method or target that only fits the kept bytes elsewhere, across a space, is no match.
    const std::size_t method = request.method.size(), target = request.target.size();
    return head_is_plain_ && method == plain_method_size_ && target == plain_target_size_ &&
           std::memcmp(head_.data(), request.method.data(), method) == 0 &&
           std::memcmp(head_.data() + method + 1, request.target.data(), target) == 0;
}

DOCKER_CPP_INLINE const ResponseHead& Connection::read_head(transport::Timeout timeout) {
    // Nothing buffered and nothing of the answer seen (a fresh request): the parser can
    // only ask for more, so read first.
    if (begin_ == end_ && !parser_.started()) fill(timeout);
    for (;;) {
        auto step = parser_.parse(buffered());
        begin_ += step.consumed;
        if (step.event == ResponseParser::Event::head) return parser_.head();
        fill(timeout);  // need_more: everything buffered was used
    }
}

DOCKER_CPP_INLINE std::string_view Connection::read_body(transport::Timeout timeout) {
    for (;;) {
        if (parser_.complete()) return {};
        auto step = parser_.parse(buffered());
        begin_ += step.consumed;
        if (step.event == ResponseParser::Event::body) return step.body;
        if (step.event == ResponseParser::Event::done) return {};
        fill(timeout);
    }
}

DOCKER_CPP_INLINE std::optional<std::string_view> Connection::try_read_body() {
    for (;;) {
        if (parser_.complete()) return std::string_view{};
        auto step = parser_.parse(buffered());
        begin_ += step.consumed;
        if (step.event == ResponseParser::Event::body) return step.body;
        if (step.event == ResponseParser::Event::done) return std::string_view{};
        begin_ = end_ = 0;
        std::optional<std::size_t> n;
        try {
            check_cancelled();
            check_deadlines(std::nullopt);
            n = stream_->try_read_some(buffer_.data(), buffer_.size());
        } catch (const Error&) {
            check_cancelled();
            throw;
        }
        if (!n) return std::nullopt;
        if (*n == 0) {
            check_cancelled();
            parser_.finish();
            continue;
        }
        end_ = *n;
    }
}

DOCKER_CPP_INLINE std::string Connection::read_body_all(transport::Timeout timeout, std::size_t limit) {
    std::string body;
    if (auto length = parser_.content_length(); length && *length <= limit && *length > body.capacity())
        body.reserve(static_cast<std::size_t>(*length));
    for (;;) {
        std::string_view piece = read_body(timeout);
        if (piece.empty()) break;
        if (body.size() + piece.size() > limit)
            throw ProtocolError(ProtocolErrorKind::body_too_large, "response body from " + stream_->describe() + " larger than " +
                                std::to_string(limit) + " bytes");
        body.append(piece);
    }
    return body;
}

DOCKER_CPP_INLINE std::unique_ptr<transport::Stream> Connection::release(std::string& early_bytes) {
    early_bytes.assign(buffer_.data() + begin_, end_ - begin_);
    begin_ = end_ = 0;
    registration_.reset();  // the new owner watches the token itself
    return std::move(stream_);
}

DOCKER_CPP_INLINE void Connection::fill(transport::Timeout timeout, std::optional<Clock::time_point> head_deadline) {
    begin_ = end_ = 0;
    std::size_t n = 0;
    try {
        n = stream_->read_some(buffer_.data(), buffer_.size(), bounded(timeout, head_deadline));
    } catch (const Error&) {
        check_cancelled();
        check_deadlines(head_deadline);
        throw;
    }
    if (n == 0) {
        check_cancelled();     // a cancel shows up as the stream's end
        parser_.finish();      // throws unless the body is delimited by the close
        return;
    }
    end_ = n;
}

DOCKER_CPP_INLINE void Connection::write(const char* data, std::size_t size, transport::Timeout timeout) {
    try {
        stream_->write_all(data, size, bounded(timeout, std::nullopt));
    } catch (const Error&) {
        check_cancelled();
        check_deadlines(std::nullopt);
        throw;
    }
}

DOCKER_CPP_INLINE void Connection::check_cancelled() const {
    if (registration_.cancelled()) throw Cancelled("cancelled while talking to " + stream_->describe());
}

DOCKER_CPP_INLINE void Connection::check_deadlines(std::optional<Clock::time_point> head_deadline) const {
    auto now = Clock::now();
    if (deadline_ && now >= *deadline_)
        throw TimeoutError(stream_->describe(), "the call's deadline passed while talking to " + stream_->describe());
    if (head_deadline && now >= *head_deadline) {
        if (!parser_.started())  // silence all along: the plain read timeout
            throw TimeoutError(stream_->describe(), "read from " + stream_->describe() + " timed out");
        throw TimeoutError(stream_->describe(), "the response head from " + stream_->describe() +
                                                    " did not arrive whole within the read timeout");
    }
}

DOCKER_CPP_INLINE transport::Timeout Connection::bounded(transport::Timeout timeout,
                                                         std::optional<Clock::time_point> head_deadline) const {
    if (!deadline_ && !head_deadline) return timeout;
    check_cancelled();
    check_deadlines(head_deadline);
    auto now = Clock::now();
    auto limit = deadline_ ? *deadline_ : *head_deadline;
    if (deadline_ && head_deadline && *head_deadline < limit) limit = *head_deadline;
    // Rounded up: a wait never ends just short of the deadline and spins.
    auto left = std::chrono::duration_cast<transport::Timeout>(limit - now) + transport::Timeout(1);
    return timeout == transport::no_timeout || left < timeout ? left : timeout;
}

DOCKER_CPP_INLINE void Connection::send_sized_body(const Request& request, transport::Timeout timeout) {
    std::uint64_t left = *request.body_length;
    std::vector<char> chunk(buffer_size);
    while (left > 0) {
        std::size_t want = left < chunk.size() ? static_cast<std::size_t>(left) : chunk.size();
        std::size_t n = request.body_source(chunk.data(), want);
        if (n == 0)
            throw UsageError("request body ended " + std::to_string(left) + " bytes short of its declared length");
        if (n > want) n = want;
        write(chunk.data(), n, timeout);
        left -= n;
    }
}

DOCKER_CPP_INLINE void Connection::send_chunked_body(const Request& request, transport::Timeout timeout) {
    std::vector<char> data(buffer_size);
    std::string frame;
    frame.reserve(buffer_size + 32);
    for (;;) {
        std::size_t n = request.body_source(data.data(), data.size());
        if (n > data.size()) n = data.size();
        frame.clear();
        if (n == 0) {
            frame = "0\r\n\r\n";
            write(frame.data(), frame.size(), timeout);
            return;
        }
        append_chunk_header(frame, n);
        frame.append(data.data(), n);
        frame += "\r\n";
        write(frame.data(), frame.size(), timeout);
    }
}
#endif

}  // namespace docker::http
