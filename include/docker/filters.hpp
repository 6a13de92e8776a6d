#pragma once
// docker::Filters: the `filters` query value of the list, prune and event calls, a map of
// filter name to accepted values. Written as a map ({{"label", {"app=web"}}}) or built:
//
//   docker::Filters().label("app", "web").add("dangling", true).until(std::chrono::hours(24))

#include <chrono>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "docker/detail/compiled_mode.hpp"

namespace docker {

/// The `filters` query value of the list, prune and event calls: filter name → accepted
/// values. Written as a map ({{"label", {"app=web"}}}) or built with the chainable helpers:
/// `docker::Filters().label("app", "web").add("dangling", true)`. Which names a call accepts
/// is the daemon's to say; it refuses an unknown one (error_kind() gives invalid_parameter).
class Filters : public std::map<std::string, std::vector<std::string>> {
public:
    using map::map;
    /// No filters: everything matches.
    Filters() = default;
    /// From a plain map, so code that built filters as a std::map passes them unchanged.
    Filters(const map& filters) : map(filters) {}  // NOLINT(google-explicit-constructor)
    /// From a plain map, moved.
    Filters(map&& filters) : map(std::move(filters)) {}  // NOLINT(google-explicit-constructor)

    /// One more accepted value of a filter. Values of one filter are alternatives; different
    /// filters must all match.
    DOCKER_CPP_INLINE Filters& add(const std::string& name, const std::string& value);
    /// The same for a string literal (which would otherwise pick the bool overload).
    Filters& add(const std::string& name, const char* value) { return add(name, std::string(value)); }
    /// A boolean filter ("dangling", "is-task", ...), sent as "true" or "false".
    Filters& add(const std::string& name, bool value) { return add(name, std::string(value ? "true" : "false")); }

    /// Objects that have the label `key`, whatever its value.
    Filters& label(const std::string& key) { return add("label", key); }
    /// Objects whose label `key` is `value`.
    DOCKER_CPP_INLINE Filters& label(const std::string& key, const std::string& value);
    /// Objects without that label (`label!` of the prune calls); `key` or `key=value`.
    Filters& without_label(const std::string& key) { return add("label!", key); }

    /// Objects created before `time` (the prune calls); sent as Unix seconds.
    DOCKER_CPP_INLINE Filters& until(std::chrono::system_clock::time_point time);
    /// Objects created longer ago than `age` (the prune calls); sent as a Go duration ("3600s").
    DOCKER_CPP_INLINE Filters& until(std::chrono::seconds age);

    /// The JSON text the daemon reads ({"label":["app=web"]}).
    DOCKER_CPP_INLINE std::string json() const;
};

#if DOCKER_CPP_BODIES
DOCKER_CPP_INLINE Filters& Filters::add(const std::string& name, const std::string& value) {
    (*this)[name].push_back(value);
    return *this;
}

DOCKER_CPP_INLINE Filters& Filters::label(const std::string& key, const std::string& value) {
    return add("label", key + "=" + value);
}

DOCKER_CPP_INLINE Filters& Filters::until(std::chrono::system_clock::time_point time) {
    auto seconds = std::chrono::duration_cast<std::chrono::seconds>(time.time_since_epoch()).count();
    return add("until", std::to_string(seconds));
}

DOCKER_CPP_INLINE Filters& Filters::until(std::chrono::seconds age) {
    return add("until", std::to_string(age.count()) + "s");
}

DOCKER_CPP_INLINE std::string Filters::json() const { return nlohmann::json(static_cast<const map&>(*this)).dump(); }
#endif

}  // namespace docker
