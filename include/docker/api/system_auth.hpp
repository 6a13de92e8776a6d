#pragma once
/// @file
/// POST /auth (operationId SystemAuth): the daemon checks credentials against a registry, as
/// `docker login` does; on request they are then saved to the docker config the way the CLI
/// saves them (credential helper, or base64 in `auths`).

#include <string>

#include <nlohmann/json.hpp>

#include "docker/client.hpp"
#include "docker/config/credentials.hpp"
#include "docker/models/images.hpp"
#include "docker/models/json_fields.hpp"

namespace docker {

/// What SystemApi::auth() does after the daemon accepts the credentials.
struct SystemAuthOptions {
    /// After a successful login, store the credentials in the client's config directory
    /// (ClientOptions::config_dir, else $DOCKER_CONFIG or ~/.docker), as `docker login` does.
    bool save_to_config = false;
};

/// The daemon's answer (SystemAuthResponse).
struct SystemAuthResponse {
    std::string status;          ///< "Login Succeeded"
    std::string identity_token;  ///< set when the registry hands out a token to use instead of the password
    json raw;                    ///< the whole answer, for fields not named here
};

/// Reads the daemon's answer to POST /auth (nlohmann-json finds it by ADL).
template <class J, detail::if_json<J> = 0>
void from_json(const J& j, SystemAuthResponse& r) {
    detail::read_field(j, "Status", r.status);
    detail::read_field(j, "IdentityToken", r.identity_token);
    r.raw = j;
}

namespace detail {

template <class Lazy = void>  // compiled only by programs that call it
SystemAuthResponse system_auth(Client& client, const AuthConfig& credentials, const SystemAuthOptions& options) {
    // The daemon's 401 says which registry refused; the request body (with the password)
    // never appears in an error.
    http::Response answer = client.post("/auth", json(credentials));
    SystemAuthResponse result = parse_model<SystemAuthResponse>(answer.body, "/auth");
    if (options.save_to_config) {
        AuthConfig saved = credentials;
        if (!result.identity_token.empty()) {
            saved.identity_token = result.identity_token;
            saved.password.clear();
        }
        config::CredentialStore(client.options().config_dir).store(saved);
    }
    return result;
}

}  // namespace detail
}  // namespace docker
