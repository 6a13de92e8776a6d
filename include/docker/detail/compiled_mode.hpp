#pragma once
// Header-only or compiled: where the bodies of the SDK's non-template functions are compiled.
//
// Header-only (the default): every body is in the headers, `inline`, and compiled in each
// translation unit that calls it.
// Compiled mode (DOCKER_CPP_COMPILED, for large programs): the headers only declare those
// functions, and the one translation unit that defines DOCKER_CPP_IMPLEMENTATION
// (src/docker-cpp.cpp: the docker-cpp::compiled CMake target, or a .cpp of the user's) holds
// their bodies, compiled once. A file of the program then pays for parsing declarations, not
// for instantiating and generating the client core, the transports and the parser again.
//
// A function moves out of line like this: declared in its class (or namespace) with
// DOCKER_CPP_INLINE, defined after the class inside `#if DOCKER_CPP_BODIES`, again with
// DOCKER_CPP_INLINE. Templates and one-line accessors stay where they are.

// The implementation translation unit is compiled mode's other half.
#if defined(DOCKER_CPP_IMPLEMENTATION) && !defined(DOCKER_CPP_COMPILED)
#define DOCKER_CPP_COMPILED
#endif

// Whether this translation unit sees the bodies.
#if !defined(DOCKER_CPP_COMPILED) || defined(DOCKER_CPP_IMPLEMENTATION)
#define DOCKER_CPP_BODIES 1
#else
#define DOCKER_CPP_BODIES 0
#endif

// `inline` header-only (each file may define the function); nothing in compiled mode, where
// the implementation translation unit holds the one definition.
#if defined(DOCKER_CPP_COMPILED)
#define DOCKER_CPP_INLINE
#else
#define DOCKER_CPP_INLINE inline
#endif
