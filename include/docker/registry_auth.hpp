#pragma once
// The X-Registry-Auth header value for credentials: base64url of their JSON, as the daemon
// reads it on pull, push, service create... For the low-level calls:
//
//   client.post("/images/create?fromImage=registry:5000/app&tag=1", nullptr,
//               {{"X-Registry-Auth", docker::registry_auth_header(auth)}});

#include <optional>
#include <string>

#include "docker/config/credentials.hpp"
#include "docker/detail/base64.hpp"
#include "docker/detail/compiled_mode.hpp"
#include "docker/models/images.hpp"

namespace docker {

/// The X-Registry-Auth header value for `auth`: base64url of its JSON. For low-level calls;
/// the endpoint groups take an AuthConfig and set the header themselves.
DOCKER_CPP_INLINE std::string registry_auth_header(const AuthConfig& auth);

#if DOCKER_CPP_BODIES
DOCKER_CPP_INLINE std::string registry_auth_header(const AuthConfig& auth) {
    return detail::base64_encode(json(auth).dump(), true);
}
#endif

namespace detail {

// The X-Registry-Auth value for an operation on `image`: the caller's credentials when given,
// else what the docker CLI's config in `config_dir` holds for the image's registry (auths,
// credsStore, credHelpers), as `docker pull` after `docker login` finds them; nullopt: none.
DOCKER_CPP_INLINE std::optional<std::string> registry_auth_for(const std::string& image,
                                                               const std::optional<AuthConfig>& given,
                                                               const std::string& config_dir);

#if DOCKER_CPP_BODIES
DOCKER_CPP_INLINE std::optional<std::string> registry_auth_for(const std::string& image,
                                                               const std::optional<AuthConfig>& given,
                                                               const std::string& config_dir) {
    if (given) return docker::registry_auth_header(*given);
    return config::registry_auth_header_for(image, config_dir);
}
#endif

}  // namespace detail

}  // namespace docker
