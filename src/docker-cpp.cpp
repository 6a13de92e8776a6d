// docker-cpp's compiled mode: this one translation unit holds the bodies that the headers
// only declare when DOCKER_CPP_COMPILED is defined: the generated models' from_json / to_json,
// the endpoint groups' calls, the client core (client, HTTP, transports, config, errors,
// streams) and the testing layer of <docker/testing.hpp> (containers, wait strategies,
// networks, the reaper). The CMake target docker-cpp::compiled builds it; without CMake,
// compile it once and build every other file of the program with -DDOCKER_CPP_COMPILED.
// With the testing layer comes the reaper's start-up hook (docker/testing/reaper.hpp): in a
// program that never uses the testing layer it only reads three environment variables.

#define DOCKER_CPP_IMPLEMENTATION
#include "docker/docker.hpp"
#include "docker/models/generated/all.hpp"
#include "docker/testing.hpp"
