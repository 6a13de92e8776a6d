#pragma once
// The client side of a FakeDaemon test: options that talk to the fake daemon directly.

#include <chrono>

#include "docker/client.hpp"
#include "support/fake_daemon.hpp"

namespace docker::test {

// A client of `daemon` pinned to `api_version` (nothing negotiated, so scripts need no
// /_ping first), with a read timeout so a bug fails the test instead of hanging it.
inline ClientOptions pinned_options(const FakeDaemon& daemon, const char* api_version = "1.41",
                                    std::chrono::milliseconds read_timeout = std::chrono::seconds(3)) {
    ClientOptions o;
    o.host = daemon.host();
    o.api_version = api_version;
    o.connect_timeout = std::chrono::seconds(2);
    o.read_timeout = read_timeout;
    return o;
}

}  // namespace docker::test
