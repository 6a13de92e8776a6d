#pragma once
// The X-Registry-Auth header value for credentials: base64url of their JSON, as the daemon
// reads it on pull, push, service create... For the low-level calls:
//
//   client.post("/images/create?fromImage=registry:5000/app&tag=1", nullptr,
//               {{"X-Registry-Auth", docker::registry_auth_header(auth)}});

#include <string>

#include "docker/detail/base64.hpp"
#include "docker/models/images.hpp"

namespace docker {

inline std::string registry_auth_header(const AuthConfig& auth) {
    return detail::base64_encode(json(auth).dump(), true);
}

}  // namespace docker
