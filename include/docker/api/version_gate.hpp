#pragma once
/// @file
/// Version gates for the typed wrappers: an operation, a query parameter or a request field the
/// negotiated API version does not have is a docker::UnsupportedApiVersion before anything is
/// sent, never a silently ignored option. See tools/codegen/README.md for how wrappers use it.

#include <string>
#include <string_view>

#include "docker/api/generated/operations.hpp"
#include "docker/client.hpp"
#include "docker/error.hpp"
#include "docker/models/model_support.hpp"

namespace docker::detail {

// The operation itself.
inline void require_api(Client& client, const Operation& op) {
    if (op.since) client.require_api_version(op.id, op.since);
}

// A query parameter of the operation the wrapper is about to send.
inline void require_api(Client& client, const Operation& op, std::string_view param) {
    const OperationParam* p = op.param(param);
    if (!p) throw UsageError(std::string(op.id) + " has no query parameter \"" + std::string(param) + "\"");
    if (p->since) client.require_api_version(std::string(op.id) + " query parameter \"" + p->name + "\"", p->since);
}

inline void check_fields(Client& client, const std::string& where, const json& value, const ModelInfo& info,
                         bool map_of_models);

// Every key of `object` set in the request body that the API version in use does not know,
// recursively through nested models (`where` names the path for the error).
inline void check_object(Client& client, const std::string& where, const json& object, const ModelInfo& info) {
    if (!object.is_object()) return;
    for (auto it = object.begin(); it != object.end(); ++it) {
        const FieldInfo* f = info.find(it.key());
        if (!f || it->is_null()) continue;  // extra keys are the caller's own business
        std::string name = where + "." + it.key();
        if (f->since) client.require_api_version(name, f->since);
        if (f->nested) check_fields(client, name, *it, f->nested(), f->map_of_nested);
    }
}

inline void check_fields(Client& client, const std::string& where, const json& value, const ModelInfo& info,
                         bool map_of_models) {
    if (value.is_array()) {
        for (const auto& item : value) check_fields(client, where + "[]", item, info, map_of_models);
    } else if (value.is_object() && map_of_models) {
        for (auto it = value.begin(); it != value.end(); ++it)
            check_fields(client, where + "[" + it.key() + "]", it.value(), info, false);
    } else {
        check_object(client, where, value, info);
    }
}

// The operation, then every field set in its JSON body (as the model `Model` describes it).
template <class Model>
void require_body_fields(Client& client, const Operation& op, const json& body) {
    require_api(client, op);
    check_object(client, std::string(op.id) + " " + Model::model_info().name, body, Model::model_info());
}

}  // namespace docker::detail
