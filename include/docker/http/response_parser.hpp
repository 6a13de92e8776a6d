#pragma once
/// @file
/// An incremental HTTP/1.1 response parser (RFC 9112). Push-based and free of I/O: feed it
/// whatever bytes arrived, in pieces of any size, and it reports what they completed. Body
/// bytes are returned as views into the caller's input, so nothing is copied. The policy —
/// what is accepted and what is rejected — is written down in docs/http.md.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "docker/detail/compiled_mode.hpp"
#include "docker/error.hpp"
#include "docker/http/headers.hpp"

#if defined(__SSE2__) && (defined(__GNUC__) || defined(__clang__))
#include <emmintrin.h>
#define DOCKER_CPP_HTTP_SSE2 1
#endif

namespace docker::http {

/// Bounds on what a peer may make the parser buffer; past them, a ProtocolError.
struct ParserLimits {
    std::size_t max_head_bytes = 64 * 1024;  ///< status line plus header section (and trailers)
    std::size_t max_header_count = 128;      ///< fields in the header section (and in trailers)
    std::size_t max_chunk_line_bytes = 4096; ///< a chunk-size line with its extensions
};

/// The status line and header section of a response.
struct ResponseHead {
    int version_minor = 1;  ///< HTTP/1.x
    int status = 0;         ///< the status code (100 to 999)
    std::string reason;     ///< the reason phrase, possibly empty
    Headers headers;        ///< the header fields
};

/// How the end of a response's body is found (RFC 9112 §6.3).
enum class BodyFraming {
    none,            ///< no body (answer to HEAD, 101, 204, 304)
    content_length,  ///< exactly Content-Length bytes
    chunked,         ///< Transfer-Encoding: chunked
    until_close      ///< everything until the peer closes the connection
};

/// Parses responses one after another on one connection (see the file's description).
/// Malformed or oversized input throws ProtocolError, after which the parser stays failed
/// (until reset()).
class ResponseParser {
public:
    /// What one parse() step produced.
    enum class Event {
        need_more,  ///< every byte given was used; give more (or call finish() at end of input)
        head,       ///< the final response head is complete: head() is valid
        body,       ///< `body` holds a piece of the body (a view into the input)
        done,       ///< the message is complete; bytes past `consumed` are not part of it
    };
    /// The result of one parse() or finish() call.
    struct Step {
        Event event;            ///< what happened
        std::size_t consumed;   ///< input bytes used; pass the rest to the next call
        std::string_view body;  ///< with Event::body, the piece of body (a view into the input)
    };

    /// A parser enforcing `limits`.
    explicit ResponseParser(ParserLimits limits = {}) : limits_(limits) {}

    /// Call before parsing the answer to a HEAD request: it never has a body.
    void expect_no_body(bool no_body = true) { head_request_ = no_body; }

    /// Makes the parser ready for the next response on the same connection. The head buffer
    /// and the header list keep their capacity, so a kept-alive connection stops allocating
    /// for them.
    DOCKER_CPP_INLINE void reset();

    /// Parses as much of `input` as makes one step. Call again with the unconsumed rest.
    DOCKER_CPP_INLINE Step parse(std::string_view input);

    /// The peer closed the connection. Completes a close-delimited body; anything else that
    /// is unfinished is a truncated message.
    DOCKER_CPP_INLINE Step finish();

    /// The response head; complete once Event::head was reported.
    const ResponseHead& head() const noexcept { return head_; }
    /// Hands the header fields over without a copy; framing was settled when the head ended,
    /// so the body is parsed the same without them. head().headers is empty afterwards.
    Headers take_headers() noexcept { return std::move(head_.headers); }
    /// The trailer fields of a chunked body, once it is complete.
    const Headers& trailers() const noexcept { return trailers_; }
    /// How the body ends; known once the head is complete.
    BodyFraming framing() const noexcept { return framing_; }
    /// The Content-Length, when the body is framed so.
    std::optional<std::uint64_t> content_length() const noexcept { return content_length_; }
    bool head_complete() const noexcept { return head_complete_; }  ///< has Event::head been reported?
    bool complete() const noexcept { return state_ == State::done; }  ///< has Event::done been reported?
    /// Has any byte of this response arrived? (A request whose answer never started may
    /// be retried on another connection, if it is idempotent.)
    bool started() const noexcept { return started_; }
    /// 101 Switching Protocols: after the head, the connection belongs to the new protocol.
    bool upgraded() const noexcept { return head_complete_ && head_.status == 101; }
    /// May the connection carry another request once this response is complete?
    bool keep_alive() const noexcept { return keep_alive_; }

private:
    enum class State { head, body_length, chunk_line, chunk_data, chunk_data_end, trailers, until_close, done, failed };

    [[noreturn]] DOCKER_CPP_INLINE static void fail(ProtocolErrorKind kind, const std::string& message);

    DOCKER_CPP_INLINE std::string where_truncated() const;

    DOCKER_CPP_INLINE Step parse_step(std::string_view input);

    // ---- head ----------------------------------------------------------------------

    /// Appends head bytes until the blank line that ends the head; returns bytes used.
    DOCKER_CPP_INLINE std::size_t take_head_bytes(std::string_view input);

    // What framing needs to know of the fields, noted as they are parsed so that deciding it
    // does not scan them again.
    struct FramingFields {
        bool connection = false;
        bool transfer_encoding = false;
        std::size_t content_lengths = 0;       // how many Content-Length fields
        std::size_t first_content_length = 0;  // the index of the first
    };

    // Compares a field name (token characters only) with a lowercase name of letters and
    // '-' of the same length, at least 8: for those, OR-ing 0x20 is the whole of case
    // folding, and it goes eight bytes at a time (the last eight may overlap).
    DOCKER_CPP_INLINE static bool is_field(std::string_view name, std::string_view lowercase);

    DOCKER_CPP_INLINE static void note_field(FramingFields& framing, std::string_view name, std::size_t index);

    // The usual head (CRLF line ends, no folded line, nothing to reject), all in `input`,
    // parsed where it lies in one pass: each line is found once, its fields indexed, the
    // framing fields noted on the way, and the field lines then copied once into the header
    // list. Returns the head's length, or npos when the head is not all there or needs the
    // careful line-by-line path (which also words every error). The status line is checked
    // here exactly as there.
    DOCKER_CPP_INLINE std::size_t parse_head_in_place(std::string_view input);

    // Past the letters, digits and '-' that most field names are made of, sixteen bytes a
    // step where SSE2 is there; the token-character loop takes the rest.
    DOCKER_CPP_INLINE static const char* skip_name_chars(const char* p, const char* end);

    // The first CR, LF or NUL in [p, end), or end: sixteen bytes a step where SSE2 is there
    // (every x86-64), as header lines are mostly longer than that.
    DOCKER_CPP_INLINE static const char* find_control(const char* p, const char* end);

    /// Splits a whole head into lines (CRLF, or a bare LF as RFC 9112 §2.2 allows).
    DOCKER_CPP_INLINE void finish_head(std::string_view text);

    DOCKER_CPP_INLINE void head_parsed(const FramingFields& framing);

    DOCKER_CPP_INLINE void parse_status_line(std::string_view line);

    /// name ":" OWS value OWS, into `fields`. A line starting with whitespace continues the
    /// previous field (obs-fold): RFC 9112 §5.2 has a user agent replace it with a space.
    DOCKER_CPP_INLINE void parse_field_line(std::string_view line, Headers& fields, std::size_t& count);

    DOCKER_CPP_INLINE void choose_framing(const FramingFields& fields);

    /// Only "chunked" is decoded; it must be last and appear once (RFC 9112 §6.1). Other
    /// codings are refused rather than handed over still encoded as if they were the body.
    DOCKER_CPP_INLINE void check_transfer_encoding();

    /// Digits only; repeated values (in several fields or a list) must all agree (RFC 9110 §8.6).
    DOCKER_CPP_INLINE std::uint64_t parse_content_length(const FramingFields& fields);

    DOCKER_CPP_INLINE static void add_content_length(std::string_view list, std::optional<std::uint64_t>& length);

    // ---- chunked body --------------------------------------------------------------

    /// chunk-size [ chunk-ext ] CRLF. Extensions are checked for shape and ignored.
    DOCKER_CPP_INLINE std::size_t take_chunk_line(std::string_view input);

    /// A whole chunk-size line, CR LF included: its size, checked, starts the chunk.
    DOCKER_CPP_INLINE void end_chunk_line(std::string_view line);

    /// Trailer fields after the last chunk, up to the blank line.
    DOCKER_CPP_INLINE std::size_t take_trailer_bytes(std::string_view input);

    // ---- character classes ---------------------------------------------------------

    static bool is_digit(char c) { return c >= '0' && c <= '9'; }
    DOCKER_CPP_INLINE static int hex_value(char c);
    /// RFC 9110 §5.6.2 tchar, by table: it runs for every byte of every header name.
    DOCKER_CPP_INLINE static bool is_token_char(char c);
    /// Quotes peer bytes in an error message without letting control bytes through.
    DOCKER_CPP_INLINE static std::string printable(std::string_view s);

    ParserLimits limits_;
    State state_ = State::head;
    std::string error_;
    ProtocolErrorKind error_kind_ = ProtocolErrorKind::other;
    std::string buffer_;         ///< the head, a chunk-size line, or a trailer line, while incomplete
    std::size_t line_start_ = 0; ///< where the current head line starts in buffer_
    std::size_t fields_arrived_ = 0;  ///< field lines of the head so far
    ResponseHead head_;
    std::vector<Headers::Slot> field_index_;  ///< the fast path's index of the head's fields, kept for its room
    Headers trailers_;
    std::size_t trailer_count_ = 0;
    std::size_t trailer_bytes_ = 0;
    BodyFraming framing_ = BodyFraming::none;
    std::optional<std::uint64_t> content_length_;
    std::uint64_t remaining_ = 0;
    int crlf_seen_ = 0;
    bool head_request_ = false;
    bool head_complete_ = false;
    bool started_ = false;
    bool keep_alive_ = true;
};

#if DOCKER_CPP_BODIES
DOCKER_CPP_INLINE void ResponseParser::reset() {
    // Member by member rather than `*this = ResponseParser(limits_)`: that built and
    // moved a whole parser on every request. Every member below the limits is reset here,
    // but for field_index_, which is only room.
    state_ = State::head;
    error_.clear();
    error_kind_ = ProtocolErrorKind::other;
    buffer_.clear();
    line_start_ = 0;
    fields_arrived_ = 0;
    head_.version_minor = 1;
    head_.status = 0;
    head_.reason.clear();
    head_.headers.clear();
    trailers_.clear();
    trailer_count_ = 0;
    trailer_bytes_ = 0;
    framing_ = BodyFraming::none;
    content_length_.reset();
    remaining_ = 0;
    crlf_seen_ = 0;
    head_request_ = false;
    head_complete_ = false;
    started_ = false;
    keep_alive_ = true;
}

DOCKER_CPP_INLINE ResponseParser::Step ResponseParser::parse(std::string_view input) {
    if (state_ == State::failed) throw ProtocolError(error_kind_, error_);
    try {
        return parse_step(input);
    } catch (const ProtocolError& e) {
        state_ = State::failed;  // sticky: a broken stream stays broken
        error_ = e.what();
        error_kind_ = e.kind();
        throw;
    }
}

DOCKER_CPP_INLINE ResponseParser::Step ResponseParser::finish() {
    if (state_ == State::failed) throw ProtocolError(error_kind_, error_);
    // A Content-Length body whose last byte was already reported is whole, even if
    // parse() has not yet been called again to say so.
    if (state_ == State::until_close || state_ == State::done ||
        (state_ == State::body_length && remaining_ == 0)) {
        state_ = State::done;
        return {Event::done, 0, {}};
    }
    error_ = "connection closed " + where_truncated();  // before the state says "failed"
    error_kind_ = ProtocolErrorKind::truncated;
    state_ = State::failed;
    throw ProtocolError(error_kind_, error_);
}

DOCKER_CPP_INLINE void ResponseParser::fail(ProtocolErrorKind kind, const std::string& message) {
    throw ProtocolError(kind, "malformed HTTP response: " + message);
}

DOCKER_CPP_INLINE std::string ResponseParser::where_truncated() const {
    switch (state_) {
    case State::head:
        return started_ ? "in the middle of the response head" : "before any response";
    case State::body_length:
        return "with " + std::to_string(remaining_) + " of " + std::to_string(*content_length_) +
               " body bytes missing";
    case State::chunk_line:
    case State::chunk_data:
    case State::chunk_data_end:
        return "in the middle of a chunked body";
    case State::trailers:
        return "in the trailer section of a chunked body";
    default:
        return "unexpectedly";
    }
}

DOCKER_CPP_INLINE ResponseParser::Step ResponseParser::parse_step(std::string_view input) {
    std::size_t used = 0;
    for (;;) {
        // Not substr(): used never passes the input's end, so its bounds check only costs.
        std::string_view rest(input.data() + used, input.size() - used);
        switch (state_) {
        case State::head: {
            if (rest.empty()) return {Event::need_more, used, {}};
            started_ = true;
            std::size_t n = take_head_bytes(rest);
            used += n;
            if (!head_complete_) {
                if (n == rest.size()) return {Event::need_more, used, {}};
                continue;  // an interim 1xx response ended; the next head follows
            }
            return {Event::head, used, {}};
        }
        case State::body_length: {
            if (remaining_ == 0) {
                state_ = State::done;
                continue;
            }
            if (rest.empty()) return {Event::need_more, used, {}};
            std::size_t n = rest.size() < remaining_ ? rest.size() : static_cast<std::size_t>(remaining_);
            remaining_ -= n;
            if (remaining_ == 0) state_ = State::done;  // complete now: no call just to learn it
            return {Event::body, used + n, rest.substr(0, n)};
        }
        case State::chunk_line:
        case State::trailers: {
            if (rest.empty()) return {Event::need_more, used, {}};
            used += state_ == State::chunk_line ? take_chunk_line(rest) : take_trailer_bytes(rest);
            continue;
        }
        case State::chunk_data: {
            if (rest.empty()) return {Event::need_more, used, {}};
            std::size_t n = rest.size() < remaining_ ? rest.size() : static_cast<std::size_t>(remaining_);
            remaining_ -= n;
            if (remaining_ == 0) state_ = State::chunk_data_end;
            return {Event::body, used + n, std::string_view(rest.data(), n)};
        }
        case State::chunk_data_end: {
            // The CRLF after chunk data, usually whole in the input; else split across inputs.
            if (crlf_seen_ == 0 && rest.size() >= 2 && rest[0] == '\r' && rest[1] == '\n') {
                used += 2;
                state_ = State::chunk_line;
                continue;
            }
            while (!rest.empty() && crlf_seen_ < 2) {
                char expected = crlf_seen_ == 0 ? '\r' : '\n';
                if (rest.front() != expected) fail(ProtocolErrorKind::malformed_chunk, "chunk data not followed by CRLF (chunk longer than its size?)");
                ++crlf_seen_;
                ++used;
                rest.remove_prefix(1);
            }
            if (crlf_seen_ < 2) return {Event::need_more, used, {}};
            crlf_seen_ = 0;
            state_ = State::chunk_line;
            continue;
        }
        case State::until_close:
            if (rest.empty()) return {Event::need_more, used, {}};
            return {Event::body, used + rest.size(), rest};
        case State::done:
            return {Event::done, used, {}};
        case State::failed:
            throw ProtocolError(error_kind_, error_);
        }
    }
}

DOCKER_CPP_INLINE std::size_t ResponseParser::take_head_bytes(std::string_view input) {
    // The usual case: the whole head arrived in one read. Parse it where it lies.
    if (buffer_.empty() && input.front() != '\r' && input.front() != '\n') {
        std::size_t end = parse_head_in_place(input);
        if (end != std::string_view::npos) return end;
    }
    std::size_t used = 0;
    while (used < input.size()) {
        const char* begin = input.data() + used;
        const void* nl = std::memchr(begin, '\n', input.size() - used);
        std::size_t piece = nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - begin) + 1
                               : input.size() - used;
        if (buffer_.size() + piece > limits_.max_head_bytes)
            fail(ProtocolErrorKind::head_too_large, "response head larger than " + std::to_string(limits_.max_head_bytes) + " bytes");
        buffer_.append(begin, piece);
        used += piece;
        if (!nl) break;
        // A line ended: is it the empty line (just "\n" or "\r\n")?
        std::size_t line_length = buffer_.size() - line_start_;
        if (line_length == 1 || (line_length == 2 && buffer_[line_start_] == '\r')) {
            if (line_start_ == 0) {
                // RFC 9112 §2.2: ignore empty lines before the status line.
                buffer_.clear();
                continue;
            }
            finish_head(buffer_);
            buffer_.clear();
            return used;
        }
        if (line_start_ == 0) {
            // Check the status line as soon as it is complete: a peer that is not an
            // HTTP server (an SSH banner, say) fails now, not after a timeout.
            std::string_view first(buffer_);
            first.remove_suffix(1);
            if (!first.empty() && first.back() == '\r') first.remove_suffix(1);
            parse_status_line(first);
        } else if (buffer_[line_start_] != ' ' && buffer_[line_start_] != '\t' &&
                   ++fields_arrived_ > limits_.max_header_count) {
            // Counted as the lines arrive: a peer sending endless tiny fields is stopped
            // at the limit, not at the blank line it may never send.
            fail(ProtocolErrorKind::too_many_fields,
                 "more than " + std::to_string(limits_.max_header_count) + " header fields");
        }
        line_start_ = buffer_.size();
    }
    return used;
}

DOCKER_CPP_INLINE bool ResponseParser::is_field(std::string_view name, std::string_view lowercase) {
    constexpr std::uint64_t fold = 0x2020202020202020ull;
    auto word = [](const char* p) {
        std::uint64_t w;
        std::memcpy(&w, p, sizeof w);
        return w;
    };
    std::size_t n = lowercase.size();
    for (std::size_t i = 0; i + 8 < n; i += 8)
        if ((word(name.data() + i) | fold) != word(lowercase.data() + i)) return false;
    return (word(name.data() + n - 8) | fold) == word(lowercase.data() + n - 8);
}

DOCKER_CPP_INLINE void ResponseParser::note_field(FramingFields& framing, std::string_view name, std::size_t index) {
    switch (name.size()) {  // the length first: most fields are none of the three
    case 10:
        framing.connection |= is_field(name, "connection");
        break;
    case 14:
        if (is_field(name, "content-length") && framing.content_lengths++ == 0) framing.first_content_length = index;
        break;
    case 17:
        framing.transfer_encoding |= is_field(name, "transfer-encoding");
        break;
    default:
        break;
    }
}

DOCKER_CPP_INLINE std::size_t ResponseParser::parse_head_in_place(std::string_view input) {
    constexpr std::size_t careful = std::string_view::npos;
    const char* begin = input.data();
    const char* limit = begin + std::min(input.size(), limits_.max_head_bytes);
    // Each line is scanned once, for its end: a CR that must be followed by LF. A bare LF,
    // a bare CR or a NUL stops the scan as well and leaves the head to the careful path.
    auto line_end = [limit](const char* from) -> const char* {
        const char* at = find_control(from, limit);
        return (at + 1 < limit && at[0] == '\r' && at[1] == '\n') ? at : nullptr;
    };
    const char* cr = line_end(begin);
    if (!cr || cr == begin) return careful;
    head_.reason.clear();
    parse_status_line(std::string_view(begin, static_cast<std::size_t>(cr - begin)));
    const char* fields = cr + 2;
    FramingFields framing;
    std::size_t count = 0;
    // The index is built here, in room kept from response to response, then copied into
    // the header list with the field lines.
    std::size_t room = std::min(field_index_.size(), limits_.max_header_count);
    const char* p = fields;
    for (;;) {
        cr = line_end(p);
        if (!cr) return careful;  // not all here, or a byte the careful path words
        if (cr == p) break;       // the blank line
        const char* colon = skip_name_chars(p, limit);
        while (is_token_char(*colon)) ++colon;  // the CR stops it at the latest
        if (colon == p || *colon != ':') return careful;
        const char* value = colon + 1;
        const char* value_end = cr;
        value += *value == ' ';  // the usual single space, without the loop's two tests
        while (*value == ' ' || *value == '\t') ++value;  // the CR stops it at the latest
        while (value_end > value && (value_end[-1] == ' ' || value_end[-1] == '\t')) --value_end;
        if (count == room) {
            if (count == limits_.max_header_count) return careful;
            room = std::min(limits_.max_header_count, std::max<std::size_t>(16, 2 * room));
            field_index_.resize(room);
        }
        note_field(framing, std::string_view(p, static_cast<std::size_t>(colon - p)), count);
        field_index_[count++] = Headers::Slot{static_cast<std::uint32_t>(p - fields), static_cast<std::uint32_t>(colon - p),
                                              static_cast<std::uint32_t>(value - fields),
                                              static_cast<std::uint32_t>(value_end - value)};
        p = cr + 2;
    }
    const char* end = p + 2;
    head_.headers.adopt_block(field_index_.data(), count, std::string_view(fields, static_cast<std::size_t>(end - fields)));
    head_parsed(framing);
    return static_cast<std::size_t>(end - begin);
}

DOCKER_CPP_INLINE const char* ResponseParser::skip_name_chars(const char* p, const char* end) {
#ifdef DOCKER_CPP_HTTP_SSE2
    if (end - p >= 16) {
        __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
        __m128i lower = _mm_or_si128(v, _mm_set1_epi8(0x20));  // bytes >= 0x80 compare as negative: no match
        __m128i letter = _mm_and_si128(_mm_cmpgt_epi8(lower, _mm_set1_epi8('a' - 1)), _mm_cmplt_epi8(lower, _mm_set1_epi8('z' + 1)));
        __m128i digit = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('0' - 1)), _mm_cmplt_epi8(v, _mm_set1_epi8('9' + 1)));
        __m128i dash = _mm_cmpeq_epi8(v, _mm_set1_epi8('-'));
        unsigned other = ~static_cast<unsigned>(_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(letter, digit), dash))) & 0xffffu;
        return other != 0 ? p + __builtin_ctz(other) : p + 16;
    }
#else
    (void)end;
#endif
    return p;
}

DOCKER_CPP_INLINE const char* ResponseParser::find_control(const char* p, const char* end) {
#ifdef DOCKER_CPP_HTTP_SSE2
    if (end - p >= 16) {
        // One compare finds every byte up to 0x0D (max(byte, 0x0D) == 0x0D): CR, LF and NUL,
        // and the rarer tab and other controls, which are stepped over one by one.
        const __m128i ceiling = _mm_set1_epi8(0x0d);
        auto first_in_block = [ceiling](const char* block) -> const char* {
            __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(block));
            unsigned mask = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_max_epu8(v, ceiling), ceiling)));
            for (; mask != 0; mask &= mask - 1) {
                const char* at = block + __builtin_ctz(mask);
                if (*at == '\r' || *at == '\n' || *at == '\0') return at;
            }
            return nullptr;
        };
        const char* last = end - 16;  // the last block, overlapping the one before: no byte loop
        for (; p < last; p += 16)
            if (const char* at = first_in_block(p)) return at;
        const char* at = first_in_block(last);
        return at ? at : end;
    }
#endif
    for (; p < end; ++p)
        if (*p == '\r' || *p == '\n' || *p == '\0') return p;
    return end;
}

DOCKER_CPP_INLINE void ResponseParser::finish_head(std::string_view text) {
    head_.version_minor = 1;  // as ResponseHead{}, keeping the list's capacity
    head_.status = 0;
    head_.reason.clear();
    head_.headers.clear();
    // One allocation for the fields' bytes and one for their index, whatever their number.
    head_.headers.reserve(text.size(), static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')));
    bool first = true;
    std::size_t count = 0;
    while (!text.empty()) {
        std::size_t nl = text.find('\n');
        std::string_view line = text.substr(0, nl);
        text.remove_prefix(nl + 1);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.empty()) break;  // the blank line ending the head
        if (first) {
            parse_status_line(line);
            first = false;
            continue;
        }
        parse_field_line(line, head_.headers, count);
    }
    FramingFields framing;
    for (std::size_t i = 0; i < head_.headers.size(); ++i) note_field(framing, head_.headers.at(i).first, i);
    head_parsed(framing);
}

DOCKER_CPP_INLINE void ResponseParser::head_parsed(const FramingFields& framing) {
    line_start_ = 0;
    fields_arrived_ = 0;

    if (head_.status >= 100 && head_.status < 200 && head_.status != 101) {
        return;  // interim response: discarded; head_complete_ stays false
    }
    head_complete_ = true;
    choose_framing(framing);
}

DOCKER_CPP_INLINE void ResponseParser::parse_status_line(std::string_view line) {
    // HTTP-version SP status-code SP [ reason-phrase ]
    if (line.size() < 12 || line.substr(0, 5) != "HTTP/" || line[6] != '.' || line[8] != ' ')
        fail(ProtocolErrorKind::malformed_status_line, "bad status line '" + printable(line) + "'");
    if (!is_digit(line[5]) || !is_digit(line[7])) fail(ProtocolErrorKind::malformed_status_line, "bad HTTP version in '" + printable(line) + "'");
    if (line[5] != '1') fail(ProtocolErrorKind::unsupported_version, "unsupported HTTP version '" + std::string(line.substr(0, 8)) + "'");
    head_.version_minor = line[7] - '0';
    if (!is_digit(line[9]) || !is_digit(line[10]) || !is_digit(line[11]))
        fail(ProtocolErrorKind::malformed_status_line, "bad status code in '" + printable(line) + "'");
    head_.status = (line[9] - '0') * 100 + (line[10] - '0') * 10 + (line[11] - '0');
    if (head_.status < 100 || head_.status > 599) fail(ProtocolErrorKind::malformed_status_line, "status code outside 100-599 in '" + printable(line) + "'");
    if (line.size() > 12) {
        if (line[12] != ' ') fail(ProtocolErrorKind::malformed_status_line, "bad status line '" + printable(line) + "'");
        std::string_view reason = line.substr(13);
        for (char c : reason)
            if (c == '\r' || c == '\0') fail(ProtocolErrorKind::malformed_status_line, "control character in the reason phrase");
        head_.reason.clear();
        head_.reason.append(reason);  // cheaper than assign(), which allows for overlap
    }
}

DOCKER_CPP_INLINE void ResponseParser::parse_field_line(std::string_view line, Headers& fields, std::size_t& count) {
    // memchr rather than a byte loop: this runs over every header byte.
    const void* nul = std::memchr(line.data(), '\0', line.size());
    const void* cr = std::memchr(line.data(), '\r', line.size());
    if (nul || cr) {
        bool nul_first = nul && (!cr || nul < cr);  // report whichever comes first
        fail(ProtocolErrorKind::malformed_header, std::string(nul_first ? "NUL" : "bare CR") + " in a header field");
    }
    if (line.front() == ' ' || line.front() == '\t') {
        if (fields.empty()) fail(ProtocolErrorKind::malformed_header, "header section starts with whitespace");
        fields.append_to_last_value(detail::trim_ows(line));
        return;
    }
    std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) fail(ProtocolErrorKind::malformed_header, "header line without a colon: '" + printable(line) + "'");
    std::string_view name = line.substr(0, colon);
    if (name.empty()) fail(ProtocolErrorKind::malformed_header, "empty header name");
    for (char c : name) {
        if (c == ' ' || c == '\t') fail(ProtocolErrorKind::malformed_header, "whitespace before the colon in header '" + printable(name) + "'");
        if (!is_token_char(c)) fail(ProtocolErrorKind::malformed_header, "invalid character in header name '" + printable(name) + "'");
    }
    if (++count > limits_.max_header_count)
        fail(ProtocolErrorKind::too_many_fields, "more than " + std::to_string(limits_.max_header_count) + " header fields");
    fields.add(name, detail::trim_ows(line.substr(colon + 1)));
}

DOCKER_CPP_INLINE void ResponseParser::choose_framing(const FramingFields& fields) {
    const Headers& h = head_.headers;
    bool http11 = head_.version_minor >= 1;
    bool close_requested = false, keep_alive_requested = false;
    if (fields.connection) {
        for (const auto& [name, value] : h) {
            if (!detail::iequals(name, "Connection")) continue;
            close_requested |= detail::list_contains(value, "close");
            keep_alive_requested |= detail::list_contains(value, "keep-alive");
        }
    }
    keep_alive_ = http11 ? !close_requested : (keep_alive_requested && !close_requested);

    int status = head_.status;
    if (status == 101) {
        framing_ = BodyFraming::none;
        keep_alive_ = false;  // the connection now speaks another protocol
        state_ = State::done;
        return;
    }
    if (head_request_ || status == 204 || status == 304) {
        framing_ = BodyFraming::none;
        state_ = State::done;
        return;
    }
    bool has_transfer_encoding = fields.transfer_encoding, has_content_length = fields.content_lengths != 0;
    if (has_transfer_encoding) {
        check_transfer_encoding();
        // RFC 9112 §6.3: Transfer-Encoding overrides Content-Length; such a message may
        // be an attempt at smuggling, so the connection is not reused. §6.1: in an
        // HTTP/1.0 message it means faulty framing; close after it as well.
        if (has_content_length || !http11) keep_alive_ = false;
        framing_ = BodyFraming::chunked;
        state_ = State::chunk_line;
        return;
    }
    if (has_content_length) {
        content_length_ = parse_content_length(fields);
        remaining_ = *content_length_;
        framing_ = BodyFraming::content_length;
        state_ = State::body_length;
        return;
    }
    framing_ = BodyFraming::until_close;
    keep_alive_ = false;
    state_ = State::until_close;
}

DOCKER_CPP_INLINE void ResponseParser::check_transfer_encoding() {
    std::size_t codings = 0;
    for (const auto& [name, value] : head_.headers) {
        if (!detail::iequals(name, "Transfer-Encoding")) continue;
        std::string_view list(value);
        while (true) {
            std::size_t comma = list.find(',');
            std::string_view coding = detail::trim_ows(list.substr(0, comma));
            if (!coding.empty()) {
                ++codings;
                if (!detail::iequals(coding, "chunked"))
                    fail(ProtocolErrorKind::bad_transfer_encoding, "unsupported transfer coding '" + printable(coding) + "'");
                if (codings > 1) fail(ProtocolErrorKind::bad_transfer_encoding, "chunked transfer coding applied more than once");
            }
            if (comma == std::string_view::npos) break;
            list.remove_prefix(comma + 1);
        }
    }
    if (codings == 0) fail(ProtocolErrorKind::bad_transfer_encoding, "empty Transfer-Encoding");
}

DOCKER_CPP_INLINE std::uint64_t ResponseParser::parse_content_length(const FramingFields& fields) {
    std::optional<std::uint64_t> length;
    if (fields.content_lengths == 1) {  // the usual case: no other field to look at
        add_content_length(head_.headers.at(fields.first_content_length).second, length);
        return *length;
    }
    for (const auto& [name, value] : head_.headers)
        if (detail::iequals(name, "Content-Length")) add_content_length(value, length);
    return *length;
}

DOCKER_CPP_INLINE void ResponseParser::add_content_length(std::string_view list, std::optional<std::uint64_t>& length) {
    if (!list.empty() && list.size() <= 18) {  // the usual value: one number, no list, no overflow
        std::uint64_t n = 0;
        std::size_t i = 0;
        while (i < list.size() && is_digit(list[i])) n = n * 10 + static_cast<std::uint64_t>(list[i++] - '0');
        if (i == list.size()) {
            if (length && *length != n) fail(ProtocolErrorKind::conflicting_length, "conflicting Content-Length values");
            length = n;
            return;
        }
    }
    while (true) {
        std::size_t comma = list.find(',');
        std::string_view item = detail::trim_ows(list.substr(0, comma));
        if (item.empty()) fail(ProtocolErrorKind::invalid_content_length, "empty Content-Length");
        std::uint64_t n = 0;
        for (char c : item) {
            if (!is_digit(c)) fail(ProtocolErrorKind::invalid_content_length, "Content-Length '" + printable(item) + "' is not a number");
            if (n > (UINT64_MAX - 9) / 10) fail(ProtocolErrorKind::invalid_content_length, "Content-Length '" + printable(item) + "' overflows");
            n = n * 10 + static_cast<std::uint64_t>(c - '0');
        }
        if (length && *length != n) fail(ProtocolErrorKind::conflicting_length, "conflicting Content-Length values");
        length = n;
        if (comma == std::string_view::npos) break;
        list.remove_prefix(comma + 1);
    }
}

DOCKER_CPP_INLINE std::size_t ResponseParser::take_chunk_line(std::string_view input) {
    std::size_t nl = input.find('\n');
    std::size_t piece = nl == std::string_view::npos ? input.size() : nl + 1;
    if (buffer_.size() + piece > limits_.max_chunk_line_bytes)
        fail(ProtocolErrorKind::bad_chunk_size, "chunk-size line longer than " + std::to_string(limits_.max_chunk_line_bytes) + " bytes");
    if (buffer_.empty() && nl != std::string_view::npos) {
        // The usual case, the whole line in this input: read where it lies, not copied.
        end_chunk_line(input.substr(0, piece));
        return piece;
    }
    buffer_.append(input.data(), piece);
    if (nl == std::string_view::npos) return piece;
    end_chunk_line(buffer_);
    buffer_.clear();
    return piece;
}

DOCKER_CPP_INLINE void ResponseParser::end_chunk_line(std::string_view line) {
    if (line.size() < 2 || line[line.size() - 2] != '\r') fail(ProtocolErrorKind::bad_chunk_size, "chunk-size line not ended by CRLF");
    line.remove_suffix(2);
    std::uint64_t size = 0;
    std::size_t digits = 0;
    for (int digit; digits < line.size() && (digit = hex_value(line[digits])) >= 0; ++digits) {
        if (size > (UINT64_MAX >> 4)) fail(ProtocolErrorKind::bad_chunk_size, "chunk size overflows");
        size = size * 16 + static_cast<std::uint64_t>(digit);
    }
    if (digits == 0) fail(ProtocolErrorKind::bad_chunk_size, "chunk size is not hexadecimal: '" + printable(line) + "'");
    std::string_view ext = line.substr(digits);
    while (!ext.empty() && (ext.front() == ' ' || ext.front() == '\t')) ext.remove_prefix(1);
    if (!ext.empty() && ext.front() != ';') fail(ProtocolErrorKind::bad_chunk_size, "garbage after chunk size: '" + printable(line) + "'");
    for (char c : ext)
        if (c == '\0' || c == '\r') fail(ProtocolErrorKind::bad_chunk_size, "control character in a chunk extension");
    if (size == 0) {
        state_ = State::trailers;
        line_start_ = 0;
        trailer_count_ = 0;
    } else {
        remaining_ = size;
        state_ = State::chunk_data;
    }
}

DOCKER_CPP_INLINE std::size_t ResponseParser::take_trailer_bytes(std::string_view input) {
    std::size_t nl = input.find('\n');
    std::size_t piece = nl == std::string_view::npos ? input.size() : nl + 1;
    if (trailer_bytes_ + buffer_.size() + piece > limits_.max_head_bytes)
        fail(ProtocolErrorKind::head_too_large, "trailer section larger than " + std::to_string(limits_.max_head_bytes) + " bytes");
    buffer_.append(input.data(), piece);
    if (nl == std::string_view::npos) return piece;
    std::string_view line(buffer_);
    line.remove_suffix(1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    trailer_bytes_ += buffer_.size();
    if (line.empty()) {
        state_ = State::done;
    } else {
        parse_field_line(line, trailers_, trailer_count_);
    }
    buffer_.clear();
    return piece;
}

DOCKER_CPP_INLINE int ResponseParser::hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

DOCKER_CPP_INLINE bool ResponseParser::is_token_char(char c) {
    struct Table {
        bool allowed[256] = {};
        constexpr Table() {
            for (int i = '0'; i <= '9'; ++i) allowed[i] = true;
            for (int i = 'a'; i <= 'z'; ++i) allowed[i] = true;
            for (int i = 'A'; i <= 'Z'; ++i) allowed[i] = true;
            for (char x : {'!', '#', '$', '%', '&', '\'', '*', '+', '-', '.', '^', '_', '`', '|', '~'})
                allowed[static_cast<unsigned char>(x)] = true;
        }
    };
    static constexpr Table table;
    return table.allowed[static_cast<unsigned char>(c)];
}

DOCKER_CPP_INLINE std::string ResponseParser::printable(std::string_view s) {
    std::string out;
    for (char c : s.substr(0, 80)) {
        unsigned char u = static_cast<unsigned char>(c);
        if (u < 0x20 || u == 0x7f) {
            static constexpr char hex[] = "0123456789abcdef";
            out += "\\x";
            out += hex[u >> 4];
            out += hex[u & 15];
        } else {
            out += c;
        }
    }
    if (s.size() > 80) out += "...";
    return out;
}
#endif

}  // namespace docker::http
