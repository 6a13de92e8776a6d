#pragma once
/// @file
/// LogStream: what every logs call returns (containers, services, tasks).

#include "docker/client.hpp"
#include "docker/stream/log_frames.hpp"

namespace docker {

/// Log output frame by frame; owns its connection (destroying it cancels).
using LogStream = stream::FrameReader<ResponseStream>;

}  // namespace docker
