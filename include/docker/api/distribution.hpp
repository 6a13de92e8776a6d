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

using DistributionInspect = model::DistributionInspect;

struct DistributionInspectOptions {
    std::optional<AuthConfig> auth;  ///< registry credentials (X-Registry-Auth)
};

class DistributionApi {
public:
    explicit DistributionApi(Client& client) : client_(&client) {}

    /// operationId: DistributionInspect
    /// The manifest's descriptor (digest, media type, size) and its platforms, for
    /// "registry:5000/name:tag" or "name@sha256:...".
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

inline DistributionApi Client::distribution() { return DistributionApi(*this); }

}  // namespace docker
