#pragma once
// The whole docker-cpp SDK in one include.

#include "docker/version.hpp"
#include "docker/error.hpp"
#include "docker/error_kind.hpp"
#include "docker/transport/endpoint.hpp"
#include "docker/transport/socket.hpp"
#include "docker/http/request.hpp"
#include "docker/http/response_parser.hpp"
#include "docker/http/connection.hpp"
#include "docker/client.hpp"
#include "docker/filters.hpp"
#include "docker/registry_auth.hpp"
#include "docker/models/system.hpp"
#include "docker/models/images.hpp"
#include "docker/models/containers.hpp"
#include "docker/models/events.hpp"
#include "docker/models/stats.hpp"
#include "docker/models/archive.hpp"
#include "docker/models/exec.hpp"
#include "docker/models/volumes.hpp"
#include "docker/models/networks.hpp"
#include "docker/stream/json_lines.hpp"
#include "docker/stream/json_stream.hpp"
#include "docker/stream/log_frames.hpp"
#include "docker/stream/attached_stream.hpp"
#include "docker/stream/progress.hpp"
#include "docker/stream/byte_sink.hpp"
#include "docker/stream/tar.hpp"
#include "docker/stream/tar_directory.hpp"
#include "docker/stream/hijacked_stream.hpp"
#include "docker/stream/websocket_stream.hpp"
#include "docker/api/system.hpp"
#include "docker/api/images.hpp"
#include "docker/api/containers.hpp"
#include "docker/api/events.hpp"
#include "docker/api/container_stats.hpp"
#include "docker/api/build.hpp"
#include "docker/api/image_archive.hpp"
#include "docker/api/archive.hpp"
#include "docker/api/exec.hpp"
#include "docker/api/volumes.hpp"
#include "docker/api/networks.hpp"
#include "docker/api/container_maintenance.hpp"
#include "docker/api/image_maintenance.hpp"
#include "docker/api/system_maintenance.hpp"
#include "docker/api/volume_update.hpp"
#include "docker/api/swarm.hpp"
#include "docker/api/nodes.hpp"
#include "docker/api/services.hpp"
#include "docker/api/tasks.hpp"
#include "docker/api/secrets.hpp"
#include "docker/api/configs.hpp"
#include "docker/api/plugins.hpp"
#include "docker/api/distribution.hpp"
#include "docker/api/session.hpp"

// Compiled mode: the one translation unit that defines DOCKER_CPP_IMPLEMENTATION holds every
// endpoint group's calls; the others only declare them (DOCKER_CPP_COMPILED_ELSEWHERE).
#ifdef DOCKER_CPP_IMPLEMENTATION
template class docker::BasicContainerArchiveApi<void>;
template class docker::BasicConfigsApi<void>;
template class docker::BasicContainerAttachWebsocketApi<void>;
template class docker::BasicContainerMaintenanceApi<void>;
template class docker::BasicContainersApi<void>;
template class docker::BasicDistributionApi<void>;
template class docker::BasicExecApi<void>;
template class docker::BasicImageMaintenanceApi<void>;
template class docker::BasicImagesApi<void>;
template class docker::BasicNetworksApi<void>;
template class docker::BasicNodesApi<void>;
template class docker::BasicPluginsApi<void>;
template class docker::BasicSecretsApi<void>;
template class docker::BasicServicesApi<void>;
template class docker::BasicSessionApi<void>;
template class docker::BasicSwarmApi<void>;
template class docker::BasicSystemApi<void>;
template class docker::BasicSystemMaintenanceApi<void>;
template class docker::BasicTasksApi<void>;
template class docker::BasicVolumeUpdateApi<void>;
template class docker::BasicVolumesApi<void>;
#endif
