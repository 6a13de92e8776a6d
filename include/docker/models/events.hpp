#pragma once
// Models of GET /events: one EventMessage per line of the stream.

#include <cstdint>
#include <map>
#include <string>

#include "docker/models/json_fields.hpp"

namespace docker {

// What emitted an event (EventActor): a container, image, network, volume, ...
struct EventActor {
    std::string id;
    // Depends on the type: a container's name, image and labels; an exit code on "die"; ...
    std::map<std::string, std::string> attributes;
};

// One event (EventMessage).
struct EventMessage {
    std::string type;    // "container", "image", "network", "volume", "daemon", ...
    std::string action;  // "create", "start", "die", "destroy", "exec_start: sh", ...
    EventActor actor;
    std::string scope;   // "local" or "swarm"
    std::int64_t time = 0;       // UNIX seconds
    std::int64_t time_nano = 0;  // UNIX nanoseconds
    json raw;  // the whole line, older fields (status, id, from) included

    // An attribute of the actor, or `fallback` when it has none by that name.
    std::string attribute(const std::string& key, const std::string& fallback = {}) const {
        auto it = actor.attributes.find(key);
        return it == actor.attributes.end() ? fallback : it->second;
    }
};

inline void from_json(const json& j, EventActor& a) {
    detail::read_field(j, "ID", a.id);
    detail::read_field(j, "Attributes", a.attributes);
}

inline void from_json(const json& j, EventMessage& e) {
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
