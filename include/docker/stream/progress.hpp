#pragma once
/// @file
/// Reads a JSON progress stream (pull, push, import, load, build) event by event. The daemon
/// has already answered 200 when such an operation fails, so failure arrives as a line with
/// "error"/"errorDetail": that line raises docker::StreamError.

#include <functional>
#include <string_view>

#include "docker/error.hpp"
#include "docker/models/images.hpp"
#include "docker/stream/json_lines.hpp"

namespace docker {

/// Called with each event of a progress stream (a layer's status and bytes, a build's
/// output line) as it arrives; may be empty.
using ProgressHandler = std::function<void(const ProgressEvent&)>;

}  // namespace docker

namespace docker::stream {

/// `Source` has `std::string_view read()`, empty at the end. `on_event` may be empty.
template <class Source>
void read_progress(Source& source, const ProgressHandler& on_event) {
    JsonLinesDecoder decoder;
    auto handle = [&](const json& value) {
        auto event = detail::parse_model<ProgressEvent>(value, "a progress event");
        if (event.is_error()) throw StreamError(event.error, event.error_code);
        if (on_event) on_event(event);
    };
    for (;;) {
        std::string_view piece = source.read();
        if (piece.empty()) break;
        decoder.feed(piece, handle);
    }
    decoder.finish(handle);
}

}  // namespace docker::stream
