#pragma once
// Models of the volume group: Volume, the create options, the list and prune answers.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "docker/models/json_fields.hpp"

namespace docker {

/// The body of POST /volumes/create (the spec's VolumeCreateOptions). Empty members are not sent.
struct VolumeCreateOptions {
    /// JSON `Name`: empty lets the daemon pick a random one.
    std::string name;
    /// JSON `Driver`: empty means "local".
    std::string driver;
    /// JSON `DriverOpts`: driver options (for "local": "type", "device", "o", as mount(8) takes them).
    std::map<std::string, std::string> driver_opts;
    /// JSON `Labels`.
    std::map<std::string, std::string> labels;
};

template <class J, detail::if_json<J> = 0>
void to_json(J& j, const VolumeCreateOptions& o) {
    j = json::object();
    detail::write_field(j, "Name", o.name);
    detail::write_field(j, "Driver", o.driver);
    detail::write_field(j, "DriverOpts", o.driver_opts);
    detail::write_field(j, "Labels", o.labels);
}

/// A volume as inspect, create and list describe it.
struct Volume {
    /// JSON `Name`.
    std::string name;
    /// JSON `Driver`: "local" or a plugin name.
    std::string driver;
    /// JSON `Mountpoint`: where its data is on the daemon's host.
    std::string mountpoint;
    /// JSON `CreatedAt`: RFC 3339 creation time.
    std::string created_at;
    /// JSON `Scope`: "local" (this host) or "global" (the whole swarm).
    std::string scope;
    /// JSON `Labels`.
    std::map<std::string, std::string> labels;
    /// JSON `Options`: the driver options it was created with.
    std::map<std::string, std::string> options;
    /// The whole object as received, for keys this struct does not name.
    json raw;
};

template <class J, detail::if_json<J> = 0>
void from_json(const J& j, Volume& v) {
    detail::read_field(j, "Name", v.name);
    detail::read_field(j, "Driver", v.driver);
    detail::read_field(j, "Mountpoint", v.mountpoint);
    detail::read_field(j, "CreatedAt", v.created_at);
    detail::read_field(j, "Scope", v.scope);
    detail::read_field(j, "Labels", v.labels);
    detail::read_field(j, "Options", v.options);
    v.raw = j;
}

/// The answer of GET /volumes.
struct VolumeListResponse {
    /// JSON `Volumes`.
    std::vector<Volume> volumes;
    /// JSON `Warnings`: volumes a driver could not list, and the like.
    std::vector<std::string> warnings;
};

template <class J, detail::if_json<J> = 0>
void from_json(const J& j, VolumeListResponse& r) {
    detail::read_field(j, "Volumes", r.volumes);
    detail::read_field(j, "Warnings", r.warnings);
}

/// The answer of POST /volumes/prune.
struct VolumePruneResponse {
    /// JSON `VolumesDeleted`: names of the volumes removed.
    std::vector<std::string> volumes_deleted;
    /// JSON `SpaceReclaimed`: disk space freed, in bytes.
    std::uint64_t space_reclaimed = 0;
};

template <class J, detail::if_json<J> = 0>
void from_json(const J& j, VolumePruneResponse& r) {
    detail::read_field(j, "VolumesDeleted", r.volumes_deleted);
    detail::read_field(j, "SpaceReclaimed", r.space_reclaimed);
}

}  // namespace docker
