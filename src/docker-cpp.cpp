// docker-cpp's compiled mode: this one translation unit holds the bodies that the headers
// only declare when DOCKER_CPP_COMPILED is defined: the generated models' from_json / to_json
// and the endpoint groups' calls. The CMake target docker-cpp::compiled builds it; without
// CMake, compile it once and build every other file of the program with -DDOCKER_CPP_COMPILED.

#define DOCKER_CPP_IMPLEMENTATION
#include "docker/docker.hpp"
#include "docker/models/generated/all.hpp"
