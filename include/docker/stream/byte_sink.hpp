#pragma once
/// @file
/// ByteSink: where bytes pushed out piece by piece go, an archive downloaded
/// (containers().get_archive, images().save) or one being written (stream::TarWriter);
/// drain_to() pours a whole body into one.

#include <functional>
#include <string_view>

namespace docker {

/// Receives bytes piece by piece; each piece is valid only during the call.
using ByteSink = std::function<void(std::string_view)>;

}  // namespace docker

namespace docker::detail {

// Hands every piece `source.read()` gives to `sink` (an empty one discards them) until the
// empty piece that ends it. `Source` is a ResponseStream or anything with that read().
template <class Source>
void drain_to(Source& source, const ByteSink& sink) {
    for (std::string_view piece = source.read(); !piece.empty(); piece = source.read())
        if (sink) sink(piece);
}

}  // namespace docker::detail
