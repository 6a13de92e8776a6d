#pragma once
// Models of the volume group: Volume, the create options, the list and prune answers.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "docker/models/json_fields.hpp"

namespace docker {

// POST /volumes/create body (VolumeCreateOptions).
struct VolumeCreateOptions {
    std::string name;    // empty: the daemon picks one
    std::string driver;  // empty: "local"
    std::map<std::string, std::string> driver_opts;
    std::map<std::string, std::string> labels;
};

inline void to_json(json& j, const VolumeCreateOptions& o) {
    j = json::object();
    detail::write_field(j, "Name", o.name);
    detail::write_field(j, "Driver", o.driver);
    detail::write_field(j, "DriverOpts", o.driver_opts);
    detail::write_field(j, "Labels", o.labels);
}

// A volume as inspect, create and list describe it.
struct Volume {
    std::string name;
    std::string driver;
    std::string mountpoint;
    std::string created_at;
    std::string scope;  // "local" or "global"
    std::map<std::string, std::string> labels;
    std::map<std::string, std::string> options;
    json raw;
};

inline void from_json(const json& j, Volume& v) {
    detail::read_field(j, "Name", v.name);
    detail::read_field(j, "Driver", v.driver);
    detail::read_field(j, "Mountpoint", v.mountpoint);
    detail::read_field(j, "CreatedAt", v.created_at);
    detail::read_field(j, "Scope", v.scope);
    detail::read_field(j, "Labels", v.labels);
    detail::read_field(j, "Options", v.options);
    v.raw = j;
}

// GET /volumes answer.
struct VolumeListResponse {
    std::vector<Volume> volumes;
    std::vector<std::string> warnings;
};

inline void from_json(const json& j, VolumeListResponse& r) {
    detail::read_field(j, "Volumes", r.volumes);
    detail::read_field(j, "Warnings", r.warnings);
}

// POST /volumes/prune answer.
struct VolumePruneResponse {
    std::vector<std::string> volumes_deleted;
    std::uint64_t space_reclaimed = 0;
};

inline void from_json(const json& j, VolumePruneResponse& r) {
    detail::read_field(j, "VolumesDeleted", r.volumes_deleted);
    detail::read_field(j, "SpaceReclaimed", r.space_reclaimed);
}

}  // namespace docker
