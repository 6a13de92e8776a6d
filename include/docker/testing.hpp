#pragma once
// Containers for tests: docker::testing::Container (an RAII handle from a ContainerSpec),
// run(), wait strategies under one deadline, networks, and the reaper that removes what a
// crashed test left behind. Built on the public typed API only.

#include "docker/docker.hpp"
#include "docker/testing/session.hpp"
#include "docker/testing/reaper.hpp"
#include "docker/testing/ports.hpp"
#include "docker/testing/wait.hpp"
#include "docker/testing/container.hpp"
#include "docker/testing/network.hpp"
#include "docker/testing/run.hpp"
