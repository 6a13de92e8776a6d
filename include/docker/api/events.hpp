#pragma once
/// @file
/// GET /events (SystemEvents), reached as client.system().events(): the daemon's events as a
/// stream that lasts until `until`, or until the caller destroys it.

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "docker/client.hpp"
#include "docker/models/events.hpp"
#include "docker/stream/json_stream.hpp"

namespace docker {

/// A point in time for since/until, as the daemon reads it: UNIX seconds, "seconds.nanos",
/// an RFC 3339 date, or a Go duration ("10m") counted back from the daemon's clock.
struct EventTime {
    std::string value;  ///< empty: not set

    EventTime() = default;
    /// As the daemon reads it: "1700000000", "1700000000.5", "2024-01-02T03:04:05Z", "10m".
    EventTime(std::string text) : value(std::move(text)) {}
    /// The same from a C string; nullptr: not set.
    EventTime(const char* text) : value(text ? text : "") {}
    /// UNIX seconds. A template so that `since = 0` means 0 seconds, not a null const char*.
    template <class Int, std::enable_if_t<std::is_integral_v<Int> && !std::is_same_v<Int, bool>, int> = 0>
    EventTime(Int unix_seconds) : value(std::to_string(unix_seconds)) {}
    /// A point in time, sent as "seconds.nanoseconds" since the UNIX epoch (before it: 0).
    EventTime(std::chrono::system_clock::time_point time) {
        auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(time.time_since_epoch()).count();
        if (ns < 0) ns = 0;
        std::string fraction = std::to_string(ns % 1000000000);
        value = std::to_string(ns / 1000000000) + "." + std::string(9 - fraction.size(), '0') + fraction;
    }

    /// True when no time is set (the query parameter is then left out).
    bool empty() const noexcept { return value.empty(); }
};

/// Query of GET /events.
struct EventsOptions {
    EventTime since;  ///< replay events from then on, then follow
    EventTime until;  ///< stop there (the stream ends); unset: follow until destroyed
    /// Which events, e.g. {"type", {"container"}}, {"label", {"app=web"}}, {"event", {"start", "die"}}
    std::map<std::string, std::vector<std::string>> filters;
    /// Longest silence tolerated between events; unset: none, since a quiet daemon is no error.
    std::optional<Timeout> timeout;
    CallOptions call;  ///< overall deadline, cancel token
};

/// The daemon's events, one EventMessage at a time (next(), or range-for). It owns its
/// connection: destroying it, or source().close(), ends the subscription.
using EventStream = stream::JsonStream<EventMessage, ResponseStream>;

namespace detail {

template <class Lazy = void>  // compiled only by programs that call it
EventStream system_events(Client& client, const EventsOptions& options) {
    http::Query q;
    if (!options.since.empty()) q.add("since", options.since.value);
    if (!options.until.empty()) q.add("until", options.until.value);
    if (!options.filters.empty()) q.add("filters", filters_to_query(options.filters));
    CallOptions call = options.call;
    call.timeout = options.timeout ? options.timeout : call.timeout ? call.timeout : no_timeout;
    return EventStream(client.stream(Client::make_request("GET", "/events" + q.str()), call), "an event");
}

}  // namespace detail

}  // namespace docker
