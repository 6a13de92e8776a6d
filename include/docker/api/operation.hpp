#pragma once
/// @file
/// The shape of one entry of the generated operation table (docker/api/generated/operations.hpp).

#include <cstddef>
#include <string_view>

namespace docker::detail {

// A query parameter and the API version it appeared in (nullptr: 1.41 or older).
struct OperationParam {
    const char* name;
    const char* since;
};

// One operation of the Engine API, as the spec names it.
struct Operation {
    const char* id;      // the spec's operationId, e.g. "ContainerStop"
    const char* method;  // "POST"
    const char* path;    // "/containers/{id}/stop"
    const char* since;   // API version it appeared in; nullptr: 1.41 or older
    const char* body;    // name of the request body model, or nullptr
    const OperationParam* params;
    std::size_t param_count;

    const OperationParam* param(std::string_view name) const noexcept {
        for (std::size_t i = 0; i < param_count; ++i)
            if (name == params[i].name) return &params[i];
        return nullptr;
    }
};

}  // namespace docker::detail
