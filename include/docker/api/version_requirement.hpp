#pragma once
// A call or query parameter newer than the negotiated API version is refused before anything
// is sent (docker::UnsupportedApiVersion, from Client::require_api_version). This spelling
// takes a literal version; wrappers that name their operation use docker/api/version_gate.hpp.

#include <string>

#include "docker/client.hpp"

namespace docker::detail {

// `what` is an operationId, or "OperationId parameter name" for a query parameter.
inline void require_api_version(Client& client, const char* version, const std::string& what) {
    client.require_api_version(what, version);
}

}  // namespace docker::detail
