#pragma once
/// @file
/// The system group's disk usage (GET /system/df) and the header-only ping (HEAD /_ping).
/// SystemApi inherits these, so they are called as client.system().df().

#include <cstdint>
#include <string>
#include <vector>

#include "docker/api/version_gate.hpp"
#include "docker/client.hpp"
#include "docker/models/generated/system.hpp"
#include "docker/models/json_fields.hpp"
#include "docker/models/system.hpp"

namespace docker {

/// GET /system/df query.
struct SystemDataUsageOptions {
    /// Only these kinds: "container", "image", "volume", "build-cache"; empty: all. API >= 1.42.
    std::vector<std::string> types;
    bool verbose = false;  ///< API >= 1.52: list the objects too (older engines always do)
};

namespace detail {

inline std::int64_t json_int(const json& object, const char* key, std::int64_t fallback = 0) {
    auto it = object.find(key);
    return it != object.end() && it->is_number_integer() ? it->get<std::int64_t>() : fallback;
}

// json::value() would throw a json::exception (no docker::Error) on an item that is not an
// object or a key of another type: an odd list item counts as nothing instead.
inline std::string json_text(const json& object, const char* key) {
    auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

inline bool json_flag(const json& object, const char* key) {
    auto it = object.find(key);
    return it != object.end() && it->is_boolean() && it->get<bool>();
}

// One kind of object's totals (the four *DiskUsage models share these fields).
template <class Usage>
Usage disk_usage(const json& items, std::int64_t active, std::int64_t total_size, std::int64_t reclaimable) {
    Usage u;
    u.total_count = static_cast<std::int64_t>(items.size());
    u.active_count = active;
    u.total_size = total_size;
    u.reclaimable = reclaimable;
    u.items = items.get<std::vector<json>>();
    return u;
}

// Before API 1.52 the daemon lists the objects (LayersSize, Images, Containers, Volumes,
// BuildCache) and leaves the sums to its client; this computes them as the docker CLI does,
// so callers read the same fields from every engine. The lists stay in `extra` too.
template <class Lazy = void>  // compiled only by programs that call it
void fill_legacy_disk_usage(const json& answer, model::SystemDataUsageResponse& usage) {
    auto list = [&](const char* key) {
        auto it = answer.find(key);
        return it != answer.end() && it->is_array() ? *it : json::array();
    };
    if (!answer.contains("ImageUsage") && answer.contains("Images")) {
        std::int64_t active = 0, used = 0;
        for (const auto& image : list("Images")) {
            if (json_int(image, "Containers") <= 0) continue;
            ++active;
            std::int64_t size = json_int(image, "Size", -1), shared = json_int(image, "SharedSize", -1);
            if (size >= 0 && shared >= 0) used += size - shared;
        }
        std::int64_t total = json_int(answer, "LayersSize");
        usage.image_usage = disk_usage<model::ImagesDiskUsage>(list("Images"), active, total, total - used);
    }
    if (!answer.contains("ContainerUsage") && answer.contains("Containers")) {
        std::int64_t active = 0, total = 0, reclaimable = 0;
        for (const auto& container : list("Containers")) {
            std::string state = json_text(container, "State");
            bool in_use = state == "running" || state == "paused" || state == "restarting";
            std::int64_t size = json_int(container, "SizeRw");
            active += in_use;
            total += size;
            if (!in_use) reclaimable += size;
        }
        usage.container_usage =
            disk_usage<model::ContainersDiskUsage>(list("Containers"), active, total, reclaimable);
    }
    if (!answer.contains("VolumeUsage") && answer.contains("Volumes")) {
        std::int64_t active = 0, total = 0, reclaimable = 0;
        for (const auto& volume : list("Volumes")) {
            auto data = volume.find("UsageData");
            json usage_data = data != volume.end() && data->is_object() ? *data : json::object();
            std::int64_t size = json_int(usage_data, "Size", -1), refs = json_int(usage_data, "RefCount", -1);
            if (refs > 0) ++active;
            if (size < 0) continue;  // -1: not computed
            total += size;
            if (refs == 0) reclaimable += size;
        }
        usage.volume_usage = disk_usage<model::VolumesDiskUsage>(list("Volumes"), active, total, reclaimable);
    }
    if (!answer.contains("BuildCacheUsage") && answer.contains("BuildCache")) {
        std::int64_t active = 0, total = 0, reclaimable = 0;
        for (const auto& record : list("BuildCache")) {
            bool in_use = json_flag(record, "InUse"), shared = json_flag(record, "Shared");
            std::int64_t size = json_int(record, "Size");
            active += in_use;
            if (shared) continue;
            total += size;
            if (!in_use) reclaimable += size;
        }
        usage.build_cache_usage =
            disk_usage<model::BuildCacheDiskUsage>(list("BuildCache"), active, total, reclaimable);
    }
}

}  // namespace detail

// A class template only so that a program compiles the calls it makes: the bodies of the
// others are never instantiated. Always named through its alias, SystemMaintenanceApi.
/// Disk usage and the header-only ping; reached through client.system() (SystemApi inherits them).
template <class Lazy>
class BasicSystemMaintenanceApi {
public:
    /// Calls go through `client`, which must outlive this object.
    explicit BasicSystemMaintenanceApi(Client& client) : client_(&client) {}

    /// Disk space used by images, containers, volumes and the build cache: counts, sizes,
    /// what a prune would reclaim, in API 1.52's shape from every engine (sums computed here
    /// when an older daemon leaves them out). GET /system/df. `types` needs API >= 1.42 and
    /// `verbose` API >= 1.52, else UnsupportedApiVersion.
    // operationId: SystemDataUsage
    model::SystemDataUsageResponse df(const SystemDataUsageOptions& options = {}) {
        detail::require_api(*client_, ops::SystemDataUsage);
        http::Query q;
        if (!options.types.empty()) detail::require_api(*client_, ops::SystemDataUsage, "type");
        for (const auto& type : options.types) q.add("type", type);
        if (options.verbose) {
            detail::require_api(*client_, ops::SystemDataUsage, "verbose");
            q.add("verbose", true);
        }
        std::string body = client_->get("/system/df" + q.str()).body;
        auto answer = detail::parse_model<json>(body, "system df");
        auto usage = detail::parse_model<model::SystemDataUsageResponse>(answer, "system df");
        if (answer.is_object()) detail::fill_legacy_disk_usage(answer, usage);
        return usage;
    }

    /// HEAD /_ping: the ping's headers without a body (unversioned, like ping()).
    // operationId: SystemPingHead
    PingResult ping_head() {
        detail::require_api(*client_, ops::SystemPingHead);
        CallOptions call;
        call.versioned = false;
        http::Response r = client_->request(Client::make_request("HEAD", "/_ping"), call);
        PingResult result;
        result.api_version = r.headers.get("Api-Version");
        result.os_type = r.headers.get("Ostype");
        result.experimental = r.headers.get("Docker-Experimental") == "true";
        result.builder_version = r.headers.get("Builder-Version");
        return result;
    }

private:
    Client* client_;
};

/// BasicSystemMaintenanceApi<void>: see there.
using SystemMaintenanceApi = BasicSystemMaintenanceApi<void>;
DOCKER_CPP_COMPILED_ELSEWHERE(BasicSystemMaintenanceApi)

}  // namespace docker
