#pragma once
/// @file
/// The service group: create, inspect, list, update, remove swarm services, and their logs.

#include <optional>
#include <string>
#include <vector>

#include "docker/api/swarm_common.hpp"
#include "docker/api/swarm_logs.hpp"
#include "docker/client.hpp"
#include "docker/registry_auth.hpp"
#include "docker/detail/base64.hpp"
#include "docker/models/generated/services.hpp"
#include "docker/models/images.hpp"

namespace docker {

/// GET /services query.
struct ServiceListOptions {
    Filters filters;  ///< e.g. {"name", {"web"}}, {"label", {"app=web"}}, {"mode", {"replicated"}}
    bool status = false;  ///< fill in service_status (running and desired task counts)
};

/// POST /services/create options.
struct ServiceCreateOptions {
    /// Credentials for the registry of the service's image (the X-Registry-Auth header); the
    /// swarm stores them with the service so that every node can pull.
    std::optional<AuthConfig> auth;
};

/// GET /services/{id} query.
struct ServiceInspectOptions {
    bool insert_defaults = false;  ///< fill in the values the daemon would use for unset fields
};

/// Where an update takes the registry credentials from when `auth` is not given.
enum class RegistryAuthFrom {
    spec,          ///< the credentials stored for the spec being sent (the daemon's default)
    previous_spec  ///< those stored with the service's previous spec
};

/// POST /services/{id}/update query and headers.
struct ServiceUpdateOptions {
    RegistryAuthFrom registry_auth_from = RegistryAuthFrom::spec;  ///< without `auth`: whose credentials
    /// Roll back to the service's previous spec; the daemon then ignores the spec sent.
    bool rollback_to_previous = false;
    std::optional<AuthConfig> auth;  ///< as in ServiceCreateOptions
};

// A class template only so that a program compiles the calls it makes: the bodies of the
// others are never instantiated. Always named through its alias, ServicesApi.
/// The swarm service calls, reached as client.services(); they need a swarm manager (else
/// ServiceUnavailable). A missing service is NotFound; a spec field the API version in use
/// lacks is UnsupportedApiVersion before anything is sent.
template <class Lazy>
class BasicServicesApi {
public:
    /// Calls go through `client`, which must outlive this object.
    explicit BasicServicesApi(Client& client) : client_(&client) {}

    /// GET /services: the services `options` select.
    // operationId: ServiceList
    std::vector<model::Service> list(const ServiceListOptions& options = {}) {
        detail::require_api(*client_, ops::ServiceList);
        http::Query q;
        if (!options.filters.empty()) q.add("filters", detail::filters_to_query(options.filters));
        if (options.status) q.add("status", true);
        auto answer = client_->get("/services" + q.str());
        return detail::parse_model<std::vector<model::Service>>(answer.body, "service list");
    }

    /// POST /services/create: creates a service from `spec` and returns its ID and any
    /// warnings. The registry credentials go along (options.auth, else the docker CLI's stored
    /// ones for the image). A taken name is a Conflict.
    // operationId: ServiceCreate
    model::ServiceCreateResponse create(const model::ServiceSpec& spec, const ServiceCreateOptions& options = {}) {
        http::Request r = json_request("/services/create", detail::checked_body(*client_, ops::ServiceCreate, spec));
        set_registry_auth(r, spec, options.auth);
        return detail::parse_model<model::ServiceCreateResponse>(client_->request(std::move(r)).body, "service create");
    }

    /// GET /services/{id}, by ID or name.
    // operationId: ServiceInspect
    model::Service inspect(const std::string& id, const ServiceInspectOptions& options = {}) {
        detail::require_api(*client_, ops::ServiceInspect);
        http::Query q;
        if (options.insert_defaults) q.add("insertDefaults", true);
        return detail::parse_model<model::Service>(client_->get(path(id) + q.str()).body, "service inspect");
    }

    /// DELETE /services/{id} (`delete` is a C++ keyword). Its tasks are shut down after.
    // operationId: ServiceDelete
    void remove(const std::string& id) {
        detail::require_api(*client_, ops::ServiceDelete);
        client_->del(path(id));
    }

    /// POST /services/{id}/update: replaces the whole spec (start from inspect()'s);
    /// `version` is the one inspect() answered, a stale one is a VersionConflict.
    // operationId: ServiceUpdate
    model::ServiceUpdateResponse update(const std::string& id, const model::ServiceSpec& spec,
                                        const model::ObjectVersion& version, const ServiceUpdateOptions& options = {}) {
        http::Query q;
        q.add("version", detail::version_index(version, "service update"));
        if (options.registry_auth_from == RegistryAuthFrom::previous_spec) q.add("registryAuthFrom", "previous-spec");
        if (options.rollback_to_previous) q.add("rollback", "previous");
        http::Request r =
            json_request(path(id) + "/update" + q.str(), detail::checked_body(*client_, ops::ServiceUpdate, spec));
        set_registry_auth(r, spec, options.auth);
        return detail::parse_model<model::ServiceUpdateResponse>(client_->request(std::move(r)).body, "service update");
    }

    /// GET /services/{id}/logs: the output of all its tasks, framed as a container's log
    /// (needs a log driver that can be read back, such as the default json-file).
    // operationId: ServiceLogs
    LogStream logs(const std::string& id, const ServiceLogsOptions& options = {}) {
        detail::require_api(*client_, ops::ServiceLogs);
        return detail::swarm_logs(*client_, path(id) + "/logs", options, [&] {
            return inspect(id).spec.task_template.container_spec.tty.value_or(false);
        });
    }

private:
    static std::string path(const std::string& id) { return detail::object_path("services", id, "service"); }

    static http::Request json_request(std::string target, const json& body) {
        http::Request r = Client::make_request("POST", std::move(target));
        r.body = body.dump();
        r.headers.set("Content-Type", "application/json");
        return r;
    }

    /// base64url of the credentials' JSON, as for image pulls.
    /// The caller's credentials, else the docker CLI's stored ones for the service's image.
    void set_registry_auth(http::Request& r, const model::ServiceSpec& spec, const std::optional<AuthConfig>& given) {
        const std::string image = spec.task_template.container_spec.image.value_or("");
        if (auto auth = detail::registry_auth_for(image, given, client_->options().config_dir))
            r.headers.set("X-Registry-Auth", *auth);
    }

    Client* client_;
};
DOCKER_CPP_COMPILED_ELSEWHERE(BasicServicesApi)

inline ServicesApi Client::services() { return ServicesApi(*this); }

}  // namespace docker
