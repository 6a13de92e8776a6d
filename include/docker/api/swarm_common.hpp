#pragma once
/// @file
/// What the swarm groups (swarm, nodes, services, tasks, secrets, configs) share: list
/// filters, and the version index an update must name.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "docker/api/version_gate.hpp"
#include "docker/client.hpp"
#include "docker/filters.hpp"
#include "docker/models/generated/common.hpp"
#include "docker/models/json_fields.hpp"

namespace docker {

namespace detail {

// The version index an update names: the one the caller read with inspect. The swarm
// refuses a stale one (VersionConflict), so it is never guessed.
inline std::uint64_t version_index(const model::ObjectVersion& version, const char* what) {
    if (!version.index) throw UsageError(std::string(what) + ": the object version has no index (inspect it first)");
    return *version.index;
}

// "/secrets/{id}" and the like, with the ID checked and escaped.
inline std::string object_path(const char* collection, const std::string& id, const char* what) {
    if (id.empty()) throw UsageError(std::string(what) + ": the ID or name is empty");
    return std::string("/") + collection + "/" + http::encode_path_segment(id);
}

// The JSON body of `op`, after checking that the API version in use has the operation and
// every field set in `model` (UnsupportedApiVersion otherwise, before anything is sent).
template <class Model>
json checked_body(Client& client, const Operation& op, const Model& model) {
    json body = as_json(model);
    require_body_fields<Model>(client, op, body);
    return body;
}

// Secret and config create answer {"ID": "..."} where the spec's IDResponse names the key
// "Id": take either.
template <class Lazy = void>  // compiled only by programs that call it
model::IDResponse parse_id_response(const std::string& body, const char* what) {
    auto answer = parse_model<model::IDResponse>(body, what);
    if (answer.id.empty() && answer.extra.is_object()) {
        auto it = answer.extra.find("ID");
        if (it != answer.extra.end() && it->is_string()) {
            answer.id = it->get<std::string>();
            answer.extra.erase(it);
        }
    }
    return answer;
}

// A secret's or config's Driver / Templating names a plugin; the model always writes its
// required Name, so an unset one would go out as {"Name": ""}, which the daemon refuses
// ("secret driver must have a name"). Unnamed means unset: leave it out.
template <class Lazy = void>  // compiled only by programs that call it
void drop_unnamed_drivers(json& spec) {
    for (const char* key : {"Driver", "Templating"}) {
        auto it = spec.find(key);
        if (it != spec.end() && *it == json{{"Name", ""}}) spec.erase(it);
    }
}

inline std::string filters_query(const Filters& filters) {
    http::Query q;
    if (!filters.empty()) q.add("filters", filters_to_query(filters));
    return q.str();
}

}  // namespace detail

}  // namespace docker
