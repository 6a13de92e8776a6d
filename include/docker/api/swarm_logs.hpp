#pragma once
/// @file
/// The logs of a swarm service or task: the options both take and the stream both answer,
/// framed like a container's log.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "docker/api/log_stream.hpp"
#include "docker/client.hpp"
#include "docker/stream/log_frames.hpp"

namespace docker {

/// GET /services/{id}/logs and GET /tasks/{id}/logs query. Unlike the daemon's defaults
/// (neither stream: an error), both stdout and stderr are asked for.
struct SwarmLogsOptions {
    bool follow = false;         ///< keep reading what the tasks write
    bool include_stdout = true;  ///< the stdout query flag
    bool include_stderr = true;  ///< the stderr query flag
    std::optional<std::chrono::system_clock::time_point> since;  ///< only lines written from then on
    bool timestamps = false;  ///< prefix each line with its RFC 3339 time
    bool details = false;     ///< prefix each line with the task's labels (node, service, task IDs)
    std::optional<int> tail;  ///< last N lines of each task; unset: all
    /// Read timeout; unset: none when following (a quiet service is no error), else the
    /// client's read timeout.
    std::optional<Timeout> timeout;
};

/// What ServicesApi::logs() takes.
using ServiceLogsOptions = SwarmLogsOptions;
/// What TasksApi::logs() takes.
using TaskLogsOptions = SwarmLogsOptions;

namespace detail {

// "seconds.nanoseconds" since the epoch, the form the daemon's `since` parses.
inline std::string unix_timestamp(std::chrono::system_clock::time_point at) {
    auto nanos = std::chrono::duration_cast<std::chrono::nanoseconds>(at.time_since_epoch()).count();
    auto seconds = nanos / 1000000000;
    auto rest = nanos % 1000000000;
    if (rest < 0) {  // before the epoch: floor, with a positive fraction
        seconds -= 1;
        rest += 1000000000;
    }
    if (rest == 0) return std::to_string(seconds);
    std::string fraction = std::to_string(rest);
    return std::to_string(seconds) + "." + std::string(9 - fraction.size(), '0') + fraction;
}

// Opens `path` (already naming the service or task) as a log stream. `has_tty` is asked
// only when the daemon does not say in its Content-Type whether frames are multiplexed
// (before API 1.42): then the service's TTY setting decides, as in the docker CLI.
template <class HasTty>
LogStream swarm_logs(Client& client, const std::string& path, const SwarmLogsOptions& options, HasTty&& has_tty) {
    http::Query q;
    if (options.details) q.add("details", true);
    if (options.follow) q.add("follow", true);
    q.add("stdout", options.include_stdout);
    q.add("stderr", options.include_stderr);
    if (options.since) q.add("since", unix_timestamp(*options.since));
    if (options.timestamps) q.add("timestamps", true);
    q.add("tail", options.tail ? std::to_string(*options.tail) : std::string("all"));
    CallOptions call;
    if (options.timeout) call.timeout = options.timeout;
    else if (options.follow) call.timeout = no_timeout;
    auto response = client.stream(Client::make_request("GET", path + q.str()), call);
    std::string content_type = response.headers().get("Content-Type");
    bool multiplexed;
    if (content_type.find("multiplexed-stream") != std::string::npos) multiplexed = true;
    else if (content_type.find("raw-stream") != std::string::npos) multiplexed = false;
    else multiplexed = !has_tty();
    return LogStream(std::move(response), multiplexed);
}

}  // namespace detail

}  // namespace docker
