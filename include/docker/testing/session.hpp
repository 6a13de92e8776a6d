#pragma once
// The test session: one per process. Every container, network and volume the testing
// layer creates carries the session's labels, so that whatever a crash leaves behind can be
// found (and removed by the reaper, see reaper.hpp). Also the hook that hears about
// clean-up failures, since destructors must not throw.

#include <atomic>
#include <cstdio>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "docker/detail/compiled_mode.hpp"
#include "docker/filters.hpp"

namespace docker {
class Client;
}

namespace docker::testing {

/// The label that marks what the testing layer created, with the session ID as value.
inline constexpr const char* session_label = "org.docker-cpp.session";
/// The label ("true") on everything the testing layer created, whatever the session.
inline constexpr const char* created_by_label = "org.docker-cpp.testing";

namespace detail {

DOCKER_CPP_INLINE std::string random_hex(std::size_t digits);

struct SessionState {
    std::string id = random_hex(16);
    std::atomic<unsigned> counter{0};
    std::mutex hook_mutex;
    std::function<void(const std::string&)> on_cleanup_failure;
};

DOCKER_CPP_INLINE SessionState& session_state();

#if DOCKER_CPP_BODIES
DOCKER_CPP_INLINE std::string random_hex(std::size_t digits) {
    std::string out;
    std::random_device device;
    static const char hex[] = "0123456789abcdef";
    while (out.size() < digits) {
        auto value = device();
        for (int i = 0; i < 8 && out.size() < digits; ++i, value >>= 4) out += hex[value & 0xf];
    }
    return out;
}

DOCKER_CPP_INLINE SessionState& session_state() {
    static SessionState state;
    return state;
}
#endif

}  // namespace detail

/// This process's session ID (random, fixed for the process's life).
inline const std::string& session_id() { return detail::session_state().id; }

/// The labels every object of this session carries.
DOCKER_CPP_INLINE std::map<std::string, std::string> session_labels();

/// The filter that lists this session's objects: {"label", {"org.docker-cpp.session=<id>"}}.
DOCKER_CPP_INLINE Filters session_filter(const std::string& id = session_id());

/// A name unique to this session: "<prefix>-<session>-<n>".
DOCKER_CPP_INLINE std::string session_unique_name(const std::string& prefix);

/// Called when a destructor could not remove what it owned (the message names the object
/// and the daemon's answer); the object is then left to the reaper. Default: one line on
/// stderr. The hook must not throw.
DOCKER_CPP_INLINE void set_cleanup_failure_handler(std::function<void(const std::string& message)> handler);

#if DOCKER_CPP_BODIES
DOCKER_CPP_INLINE std::map<std::string, std::string> session_labels() {
    return {{session_label, session_id()}, {created_by_label, "true"}};
}

DOCKER_CPP_INLINE Filters session_filter(const std::string& id) {
    Filters filters;
    filters["label"] = {std::string(session_label) + "=" + id};
    return filters;
}

DOCKER_CPP_INLINE std::string session_unique_name(const std::string& prefix) {
    return prefix + "-" + session_id().substr(0, 8) + "-" + std::to_string(++detail::session_state().counter);
}

DOCKER_CPP_INLINE void set_cleanup_failure_handler(std::function<void(const std::string& message)> handler) {
    auto& state = detail::session_state();
    std::lock_guard<std::mutex> lock(state.hook_mutex);
    state.on_cleanup_failure = std::move(handler);
}
#endif

namespace detail {

DOCKER_CPP_INLINE void report_cleanup_failure(const std::string& message) noexcept;

// What a handle that removes its object when destroyed holds: the client it removes through,
// and the object's ID (empty once removed, released or moved from: then it owns nothing) and name.
struct OwnedObject {
    std::shared_ptr<Client> client;
    std::string id;
    std::string name;

    OwnedObject(std::shared_ptr<Client> owner, std::string object_id, std::string object_name)
        : client(std::move(owner)), id(std::move(object_id)), name(std::move(object_name)) {}
    OwnedObject(OwnedObject&& other) noexcept
        : client(std::move(other.client)), id(std::exchange(other.id, {})), name(std::move(other.name)) {}
    OwnedObject& operator=(OwnedObject&& other) noexcept {
        client = std::move(other.client);
        id = std::exchange(other.id, {});
        name = std::move(other.name);
        return *this;
    }
};

#if DOCKER_CPP_BODIES
DOCKER_CPP_INLINE void report_cleanup_failure(const std::string& message) noexcept {
    try {
        auto& state = session_state();
        std::function<void(const std::string&)> handler;
        {
            std::lock_guard<std::mutex> lock(state.hook_mutex);
            handler = state.on_cleanup_failure;
        }
        if (handler) handler(message);
        else std::fprintf(stderr, "docker-cpp testing: clean-up failed: %s\n", message.c_str());
    } catch (...) {
        // Reporting must never throw out of a destructor.
    }
}
#endif

}  // namespace detail

}  // namespace docker::testing
