#pragma once
/// @file
/// The distribution group: what a registry holds for an image reference, asked through the
/// daemon (which uses its own registry settings and the credentials given).

#include <optional>
#include <string>

#include "docker/client.hpp"
#include "docker/models/generated/distribution.hpp"
#include "docker/registry_auth.hpp"

namespace docker {

/// What DistributionApi::inspect() answers: the manifest's descriptor and platforms.
using DistributionInspect = model::DistributionInspect;

/// Credentials for DistributionApi::inspect().
struct DistributionInspectOptions {
    /// Registry credentials (X-Registry-Auth); unset: those of the client's config
    /// directory for the image's registry, if any.
    std::optional<AuthConfig> auth;
};

// A class template only so that a program compiles the calls it makes: the bodies of the
// others are never instantiated. Always named through its alias, DistributionApi.
/// The distribution call, reached as client.distribution().
template <class Lazy>
class BasicDistributionApi {
public:
    /// Calls go through `client`, which must outlive this object.
    explicit BasicDistributionApi(Client& client) : client_(&client) {}

    /// The manifest's descriptor (digest, media type, size) and its platforms, for
    /// "registry:5000/name:tag" or "name@sha256:...". GET /distribution/{name}/json. An
    /// unknown image, or one the credentials may not read, is an error from the registry
    /// (typically NotFound or Unauthorized); an empty reference is a UsageError.
    // operationId: DistributionInspect
    DistributionInspect inspect(const std::string& image, const DistributionInspectOptions& options = {}) {
        if (image.empty()) throw UsageError("image reference is empty");
        http::Request r = Client::make_request("GET", "/distribution/" + http::encode_path(image) + "/json");
        if (auto auth = detail::registry_auth_for(image, options.auth, client_->options().config_dir))
            r.headers.set("X-Registry-Auth", *auth);
        return detail::parse_model<DistributionInspect>(client_->request(std::move(r)).body, "distribution inspect");
    }

private:
    Client* client_;
};
DOCKER_CPP_COMPILED_ELSEWHERE(BasicDistributionApi)

inline DistributionApi Client::distribution() { return DistributionApi(*this); }

}  // namespace docker
