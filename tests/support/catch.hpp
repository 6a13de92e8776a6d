#pragma once
// Catch2 v2 (Debian's catch2 package) and v3 spell their headers differently.

#if defined(DOCKER_CPP_CATCH2_V3)
#include <catch2/catch_test_macros.hpp>
#include <catch2/generators/catch_generators.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>
#else
#include <catch2/catch.hpp>
#endif
