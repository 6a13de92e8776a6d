// docker-cpp's compiled mode: this one translation unit holds the bodies that the headers
// only declare when DOCKER_CPP_COMPILED is defined: the generated models' from_json / to_json
// and the endpoint groups' calls. The CMake target docker-cpp::compiled builds it; without
// CMake, compile it once and build every other file of the program with -DDOCKER_CPP_COMPILED.

#define DOCKER_CPP_IMPLEMENTATION
#include "docker/docker.hpp"
#include "docker/models/generated/all.hpp"

// The endpoint groups' calls (class templates; see DOCKER_CPP_COMPILED_ELSEWHERE).
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
