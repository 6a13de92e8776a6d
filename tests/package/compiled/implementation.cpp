// The compiled mode without CMake, as docs/performance.md tells it: the one file of the
// program that holds the bodies the others only declare (all built with -DDOCKER_CPP_COMPILED).
#define DOCKER_CPP_IMPLEMENTATION
#include <docker/docker.hpp>
#include <docker/models/generated/all.hpp>
