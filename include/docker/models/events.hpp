#pragma once
// Models of GET /events: one EventMessage per line of the stream.

#include <cstdint>
#include <map>
#include <string>

#include "docker/models/json_fields.hpp"

namespace docker {

/// What emitted an event (the spec's EventActor): a container, image, network, volume, ...
struct EventActor {
    /// JSON `ID`: ID (or, for images, often the reference) of the object.
    std::string id;
    /// JSON `Attributes`: depend on the type: a container's name, image and labels; the exit code on
    /// "die"; ...
    std::map<std::string, std::string> attributes;
};

/// One event of GET /events (the spec's EventMessage); the stream sends one per line.
struct EventMessage {
    /// JSON `Type`: "container", "image", "network", "volume", "daemon", ...
    std::string type;
    /// JSON `Action` (legacy `status` from daemons before API 1.22): "create", "start", "die",
    /// "destroy", "exec_start: sh", ...
    std::string action;
    /// JSON `Actor` (legacy `id` fills its id).
    EventActor actor;
    /// JSON `scope`: "local" or "swarm".
    std::string scope;
    /// JSON `time`: when it happened, in seconds since the Unix epoch.
    std::int64_t time = 0;
    /// JSON `timeNano`: the same time in nanoseconds since the Unix epoch.
    std::int64_t time_nano = 0;
    /// The whole line as received, the legacy fields (status, id, from) included.
    json raw;

    /// An attribute of the actor, or `fallback` when it has none by that name.
    std::string attribute(const std::string& key, const std::string& fallback = {}) const {
        auto it = actor.attributes.find(key);
        return it == actor.attributes.end() ? fallback : it->second;
    }
};

template <class J, detail::if_json<J> = 0>
void from_json(const J& j, EventActor& a) {
    detail::read_field(j, "ID", a.id);
    detail::read_field(j, "Attributes", a.attributes);
}

template <class J, detail::if_json<J> = 0>
void from_json(const J& j, EventMessage& e) {
    detail::read_field(j, "Type", e.type);
    detail::read_field(j, "Action", e.action);
    detail::read_field(j, "Actor", e.actor);
    detail::read_field(j, "scope", e.scope);
    detail::read_field(j, "time", e.time);
    detail::read_field(j, "timeNano", e.time_nano);
    // Daemons before API 1.22 sent only the legacy fields: keep what they say.
    if (e.action.empty()) detail::read_field(j, "status", e.action);
    if (e.actor.id.empty()) detail::read_field(j, "id", e.actor.id);
    e.raw = j;
}

}  // namespace docker
