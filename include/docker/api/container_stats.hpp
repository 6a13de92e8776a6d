#pragma once
/// @file
/// GET /containers/{id}/stats (ContainerStats), reached as client.containers().stats() for one
/// sample and client.containers().stats_stream() for a sample about every second.

#include <optional>
#include <string>

#include "docker/client.hpp"
#include "docker/models/stats.hpp"
#include "docker/stream/json_stream.hpp"

namespace docker {

/// A container's resource usage, one ContainerStats per sample (next(), or range-for). It
/// owns its connection: destroying it, or source().close(), stops the sampling.
using StatsStream = stream::JsonStream<ContainerStats, ResponseStream>;

namespace detail {

inline std::string stats_path(const std::string& id) {
    if (id.empty()) throw UsageError("container id or name is empty");
    return "/containers/" + http::encode_path_segment(id) + "/stats";
}

template <class Lazy = void>  // compiled only by programs that call it
ContainerStats container_stats(Client& client, const std::string& id, bool one_shot) {
    http::Query q;
    q.add("stream", false);
    // one-shot (API 1.41) skips the second sample the daemon otherwise waits a second for,
    // and with it the CPU figures; an older daemon gets the slower, complete answer.
    if (one_shot && client.api_version_at_least("1.41")) q.add("one-shot", true);
    return parse_model<ContainerStats>(client.get(stats_path(id) + q.str()).body, "container stats");
}

template <class Lazy = void>  // compiled only by programs that call it
StatsStream container_stats_stream(Client& client, const std::string& id, std::optional<Timeout> timeout,
                                   CallOptions call = {}) {
    http::Query q;
    q.add("stream", true);
    call.timeout = timeout ? timeout : call.timeout ? call.timeout : no_timeout;
    return StatsStream(client.stream(Client::make_request("GET", stats_path(id) + q.str()), call),
                       "a container stats sample");
}

}  // namespace detail

}  // namespace docker
