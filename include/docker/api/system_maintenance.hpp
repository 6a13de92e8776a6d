#pragma once
// The system group's disk usage (GET /system/df) and the header-only ping (HEAD /_ping).
// SystemApi inherits these, so they are called as client.system().df().

#include <cstdint>
#include <string>
#include <vector>

#include "docker/api/version_requirement.hpp"
#include "docker/client.hpp"
#include "docker/models/maintenance.hpp"
#include "docker/models/system.hpp"

namespace docker {

// GET /system/df query.
struct SystemDataUsageOptions {
    // Only these kinds: "container", "image", "volume", "build-cache"; empty: all. API >= 1.42.
    std::vector<std::string> types;
    bool verbose = false;  // API >= 1.52: list the objects too (older engines always do)
};

namespace detail {

inline std::int64_t json_int(const json& object, const char* key, std::int64_t fallback = 0) {
    auto it = object.find(key);
    return it != object.end() && it->is_number_integer() ? it->get<std::int64_t>() : fallback;
}

// Before API 1.52 the daemon lists the objects (LayersSize, Images, Containers, Volumes,
// BuildCache) and leaves the sums to its client; this computes them as the docker CLI does,
// so callers read the same fields from every engine. The lists stay in `extra` too.
inline void fill_legacy_disk_usage(const json& answer, SystemDataUsageResponse& usage) {
    auto list = [&](const char* key) {
        auto it = answer.find(key);
        return it != answer.end() && it->is_array() ? *it : json::array();
    };
    if (!usage.image_usage && answer.contains("Images")) {
        DiskUsage u;
        std::int64_t active = 0, used = 0;
        for (const auto& image : list("Images")) {
            if (json_int(image, "Containers") <= 0) continue;
            ++active;
            std::int64_t size = json_int(image, "Size", -1), shared = json_int(image, "SharedSize", -1);
            if (size >= 0 && shared >= 0) used += size - shared;
        }
        u.total_count = static_cast<std::int64_t>(list("Images").size());
        u.active_count = active;
        u.total_size = json_int(answer, "LayersSize");
        u.reclaimable = *u.total_size - used;
        u.items = list("Images").get<std::vector<json>>();
        usage.image_usage = u;
    }
    if (!usage.container_usage && answer.contains("Containers")) {
        DiskUsage u;
        std::int64_t active = 0, total = 0, reclaimable = 0;
        for (const auto& container : list("Containers")) {
            std::string state = container.value("State", "");
            bool in_use = state == "running" || state == "paused" || state == "restarting";
            std::int64_t size = json_int(container, "SizeRw");
            active += in_use;
            total += size;
            if (!in_use) reclaimable += size;
        }
        u.total_count = static_cast<std::int64_t>(list("Containers").size());
        u.active_count = active;
        u.total_size = total;
        u.reclaimable = reclaimable;
        u.items = list("Containers").get<std::vector<json>>();
        usage.container_usage = u;
    }
    if (!usage.volume_usage && answer.contains("Volumes")) {
        DiskUsage u;
        std::int64_t active = 0, total = 0, reclaimable = 0;
        for (const auto& volume : list("Volumes")) {
            json data = volume.contains("UsageData") && volume["UsageData"].is_object() ? volume["UsageData"]
                                                                                          : json::object();
            std::int64_t size = json_int(data, "Size", -1), refs = json_int(data, "RefCount", -1);
            if (refs > 0) ++active;
            if (size < 0) continue;  // -1: not computed
            total += size;
            if (refs == 0) reclaimable += size;
        }
        u.total_count = static_cast<std::int64_t>(list("Volumes").size());
        u.active_count = active;
        u.total_size = total;
        u.reclaimable = reclaimable;
        u.items = list("Volumes").get<std::vector<json>>();
        usage.volume_usage = u;
    }
    if (!usage.build_cache_usage && answer.contains("BuildCache")) {
        DiskUsage u;
        std::int64_t active = 0, total = 0, reclaimable = 0;
        for (const auto& record : list("BuildCache")) {
            bool in_use = record.value("InUse", false), shared = record.value("Shared", false);
            std::int64_t size = json_int(record, "Size");
            active += in_use;
            if (shared) continue;
            total += size;
            if (!in_use) reclaimable += size;
        }
        u.total_count = static_cast<std::int64_t>(list("BuildCache").size());
        u.active_count = active;
        u.total_size = total;
        u.reclaimable = reclaimable;
        u.items = list("BuildCache").get<std::vector<json>>();
        usage.build_cache_usage = u;
    }
}

}  // namespace detail

class SystemMaintenanceApi {
public:
    explicit SystemMaintenanceApi(Client& client) : client_(&client) {}

    // operationId: SystemDataUsage
    // Disk space used by images, containers, volumes and the build cache: counts, sizes,
    // what a prune would reclaim, in API 1.52's shape from every engine.
    SystemDataUsageResponse df(const SystemDataUsageOptions& options = {}) {
        http::Query q;
        if (!options.types.empty()) detail::require_api_version(*client_, "1.42", "SystemDataUsage parameter type");
        for (const auto& type : options.types) q.add("type", type);
        if (options.verbose) {
            detail::require_api_version(*client_, "1.52", "SystemDataUsage parameter verbose");
            q.add("verbose", true);
        }
        std::string body = client_->get("/system/df" + q.str()).body;
        auto answer = detail::parse_model<json>(body, "system df");
        auto usage = detail::parse_model<SystemDataUsageResponse>(answer, "system df");
        if (answer.is_object()) detail::fill_legacy_disk_usage(answer, usage);
        return usage;
    }

    // operationId: SystemPingHead
    // HEAD /_ping: the ping's headers without a body (unversioned, like ping()).
    PingResult ping_head() {
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

}  // namespace docker
