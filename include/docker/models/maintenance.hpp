#pragma once
// Models of container top/changes/update/prune, image history/commit/prune, build prune,
// image search and system df. Spec definition names, snake_case fields, std::optional where
// the spec leaves a field optional, and `extra` keeping the keys a model does not name.

#include <cstdint>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "docker/models/containers.hpp"
#include "docker/models/images.hpp"
#include "docker/models/json_fields.hpp"
#include "docker/models/volumes.hpp"

namespace docker {

namespace detail {

// The keys of `j` that `known` does not list: what a model keeps in `extra`.
inline json unknown_keys(const json& j, std::initializer_list<const char*> known) {
    json extra = json::object();
    if (!j.is_object()) return extra;
    for (auto it = j.begin(); it != j.end(); ++it) {
        bool named = false;
        for (const char* k : known) named = named || it.key() == k;
        if (!named) extra[it.key()] = it.value();
    }
    return extra;
}

}  // namespace detail

// GET /containers/{id}/top answer: `ps` output, one row per process, split into columns.
struct ContainerTopResponse {
    std::optional<std::vector<std::string>> titles;                  // "UID", "PID", ...
    std::optional<std::vector<std::vector<std::string>>> processes;  // one row per process
    json extra;
};

inline void from_json(const json& j, ContainerTopResponse& r) {
    detail::read_field(j, "Titles", r.titles);
    detail::read_field(j, "Processes", r.processes);
    r.extra = detail::unknown_keys(j, {"Titles", "Processes"});
}

// Kind of a FilesystemChange: 0 modified, 1 added, 2 deleted.
using ChangeType = std::uint64_t;

// One entry of GET /containers/{id}/changes.
struct FilesystemChange {
    std::string path;
    ChangeType kind = 0;
    json extra;
};

inline void from_json(const json& j, FilesystemChange& c) {
    detail::read_field(j, "Path", c.path);
    detail::read_field(j, "Kind", c.kind);
    c.extra = detail::unknown_keys(j, {"Path", "Kind"});
}

// POST /containers/{id}/update body: the resources to change, and the restart policy.
// Unset fields are not sent and stay as they are.
struct ContainerUpdateRequest {
    std::optional<std::int64_t> cpu_shares;
    std::optional<std::int64_t> memory;              // bytes
    std::optional<std::int64_t> memory_reservation;  // bytes
    std::optional<std::int64_t> memory_swap;         // bytes; -1 unlimited
    std::optional<std::int64_t> nano_cpus;
    std::optional<std::int64_t> cpu_period;
    std::optional<std::int64_t> cpu_quota;
    std::optional<std::string> cpuset_cpus;
    std::optional<std::string> cpuset_mems;
    std::optional<std::int64_t> blkio_weight;
    std::optional<std::int64_t> pids_limit;
    std::optional<RestartPolicy> restart_policy;
    json extra;  // any other key of the body, sent as given
};

inline void to_json(json& j, const ContainerUpdateRequest& r) {
    j = json::object();
    detail::write_field(j, "CpuShares", r.cpu_shares);
    detail::write_field(j, "Memory", r.memory);
    detail::write_field(j, "MemoryReservation", r.memory_reservation);
    detail::write_field(j, "MemorySwap", r.memory_swap);
    detail::write_field(j, "NanoCpus", r.nano_cpus);
    detail::write_field(j, "CpuPeriod", r.cpu_period);
    detail::write_field(j, "CpuQuota", r.cpu_quota);
    detail::write_field(j, "CpusetCpus", r.cpuset_cpus);
    detail::write_field(j, "CpusetMems", r.cpuset_mems);
    detail::write_field(j, "BlkioWeight", r.blkio_weight);
    detail::write_field(j, "PidsLimit", r.pids_limit);
    detail::write_field(j, "RestartPolicy", r.restart_policy);
    detail::merge_extra(j, r.extra);
}

struct ContainerUpdateResponse {
    std::optional<std::vector<std::string>> warnings;
    json extra;
};

inline void from_json(const json& j, ContainerUpdateResponse& r) {
    detail::read_field(j, "Warnings", r.warnings);
    r.extra = detail::unknown_keys(j, {"Warnings"});
}

struct ContainerPruneResponse {
    std::optional<std::vector<std::string>> containers_deleted;
    std::optional<std::int64_t> space_reclaimed;  // bytes
    json extra;
};

inline void from_json(const json& j, ContainerPruneResponse& r) {
    detail::read_field(j, "ContainersDeleted", r.containers_deleted);
    detail::read_field(j, "SpaceReclaimed", r.space_reclaimed);
    r.extra = detail::unknown_keys(j, {"ContainersDeleted", "SpaceReclaimed"});
}

// One layer of GET /images/{name}/history, newest first.
struct ImageHistoryResponseItem {
    std::string id;  // "<missing>" for a layer that is no image of its own
    std::int64_t created = 0;  // seconds since the epoch
    std::string created_by;
    std::vector<std::string> tags;
    std::int64_t size = 0;  // bytes
    std::string comment;
    json extra;
};

inline void from_json(const json& j, ImageHistoryResponseItem& h) {
    detail::read_field(j, "Id", h.id);
    detail::read_field(j, "Created", h.created);
    detail::read_field(j, "CreatedBy", h.created_by);
    detail::read_field(j, "Tags", h.tags);
    detail::read_field(j, "Size", h.size);
    detail::read_field(j, "Comment", h.comment);
    h.extra = detail::unknown_keys(j, {"Id", "Created", "CreatedBy", "Tags", "Size", "Comment"});
}

// The answer of POST /commit (and other calls that answer only an ID).
struct IDResponse {
    std::string id;
    json extra;
};

inline void from_json(const json& j, IDResponse& r) {
    detail::read_field(j, "Id", r.id);
    r.extra = detail::unknown_keys(j, {"Id"});
}

struct ImagePruneResponse {
    std::optional<std::vector<ImageDeleteItem>> images_deleted;
    std::optional<std::int64_t> space_reclaimed;  // bytes
    json extra;
};

inline void from_json(const json& j, ImagePruneResponse& r) {
    detail::read_field(j, "ImagesDeleted", r.images_deleted);
    detail::read_field(j, "SpaceReclaimed", r.space_reclaimed);
    r.extra = detail::unknown_keys(j, {"ImagesDeleted", "SpaceReclaimed"});
}

struct BuildPruneResponse {
    std::optional<std::vector<std::string>> caches_deleted;
    std::optional<std::int64_t> space_reclaimed;  // bytes
    json extra;
};

inline void from_json(const json& j, BuildPruneResponse& r) {
    detail::read_field(j, "CachesDeleted", r.caches_deleted);
    detail::read_field(j, "SpaceReclaimed", r.space_reclaimed);
    r.extra = detail::unknown_keys(j, {"CachesDeleted", "SpaceReclaimed"});
}

// One hit of GET /images/search.
struct ImageSearchResponseItem {
    std::optional<std::string> description;
    std::optional<bool> is_official;
    std::optional<bool> is_automated;  // deprecated by the registry: always false
    std::optional<std::string> name;
    std::optional<std::int64_t> star_count;
    json extra;
};

inline void from_json(const json& j, ImageSearchResponseItem& i) {
    detail::read_field(j, "description", i.description);
    detail::read_field(j, "is_official", i.is_official);
    detail::read_field(j, "is_automated", i.is_automated);
    detail::read_field(j, "name", i.name);
    detail::read_field(j, "star_count", i.star_count);
    i.extra = detail::unknown_keys(j, {"description", "is_official", "is_automated", "name", "star_count"});
}

// An OCI platform (image-spec's platform object).
struct OCIPlatform {
    std::optional<std::string> architecture;  // "amd64", "arm64", ...
    std::optional<std::string> os;            // "linux", "windows"
    std::optional<std::string> os_version;
    std::optional<std::vector<std::string>> os_features;
    std::optional<std::string> variant;  // "v8", ...
    json extra;
};

inline void from_json(const json& j, OCIPlatform& p) {
    detail::read_field(j, "architecture", p.architecture);
    detail::read_field(j, "os", p.os);
    detail::read_field(j, "os.version", p.os_version);
    detail::read_field(j, "os.features", p.os_features);
    detail::read_field(j, "variant", p.variant);
    p.extra = detail::unknown_keys(j, {"architecture", "os", "os.version", "os.features", "variant"});
}

inline void to_json(json& j, const OCIPlatform& p) {
    j = json::object();
    detail::write_field(j, "architecture", p.architecture);
    detail::write_field(j, "os", p.os);
    detail::write_field(j, "os.version", p.os_version);
    detail::write_field(j, "os.features", p.os_features);
    detail::write_field(j, "variant", p.variant);
    detail::merge_extra(j, p.extra);
}

// An OCI content descriptor.
struct OCIDescriptor {
    std::optional<std::string> media_type;
    std::optional<std::string> digest;
    std::optional<std::int64_t> size;
    std::optional<std::vector<std::string>> urls;
    std::optional<std::map<std::string, std::string>> annotations;
    std::optional<std::string> data;
    std::optional<OCIPlatform> platform;
    std::optional<std::string> artifact_type;
    json extra;
};

inline void from_json(const json& j, OCIDescriptor& d) {
    detail::read_field(j, "mediaType", d.media_type);
    detail::read_field(j, "digest", d.digest);
    detail::read_field(j, "size", d.size);
    detail::read_field(j, "urls", d.urls);
    detail::read_field(j, "annotations", d.annotations);
    detail::read_field(j, "data", d.data);
    detail::read_field(j, "platform", d.platform);
    detail::read_field(j, "artifactType", d.artifact_type);
    d.extra = detail::unknown_keys(
        j, {"mediaType", "digest", "size", "urls", "annotations", "data", "platform", "artifactType"});
}

// One in-toto statement of GET /images/{name}/attestations.
struct AttestationStatement {
    OCIDescriptor descriptor;
    std::string predicate_type;  // e.g. "https://slsa.dev/provenance/v0.2"
    json statement;              // the statement itself; null unless asked for
    json extra;
};

inline void from_json(const json& j, AttestationStatement& a) {
    detail::read_field(j, "Descriptor", a.descriptor);
    detail::read_field(j, "PredicateType", a.predicate_type);
    detail::read_field(j, "Statement", a.statement);
    a.extra = detail::unknown_keys(j, {"Descriptor", "PredicateType", "Statement"});
}

// How a cluster volume may be used (ClusterVolumeSpec.AccessMode); only `availability`
// may change in an update. The other keys (MountVolume, Secrets, AccessibilityRequirements,
// CapacityRange) stay in `extra`, as sent.
struct ClusterVolumeSpecAccessMode {
    std::optional<std::string> scope;         // "single" or "multi"
    std::optional<std::string> sharing;       // "none", "readonly", "onewriter", "all"
    std::optional<std::string> availability;  // "active", "pause", "drain"
    json extra;
};

inline void to_json(json& j, const ClusterVolumeSpecAccessMode& m) {
    j = json::object();
    detail::write_field(j, "Scope", m.scope);
    detail::write_field(j, "Sharing", m.sharing);
    detail::write_field(j, "Availability", m.availability);
    detail::merge_extra(j, m.extra);
}

// The spec of a Swarm cluster volume (ClusterVolumeSpec).
struct ClusterVolumeSpec {
    std::optional<std::string> group;
    std::optional<ClusterVolumeSpecAccessMode> access_mode;
    json extra;
};

inline void to_json(json& j, const ClusterVolumeSpec& s) {
    j = json::object();
    detail::write_field(j, "Group", s.group);
    detail::write_field(j, "AccessMode", s.access_mode);
    detail::merge_extra(j, s.extra);
}

// PUT /volumes/{name} body.
struct VolumeUpdateRequest {
    ClusterVolumeSpec spec;
    json extra;
};

inline void to_json(json& j, const VolumeUpdateRequest& r) {
    j = json{{"Spec", r.spec}};
    detail::merge_extra(j, r.extra);
}

// One kind of object in GET /system/df (ImagesDiskUsage, ContainersDiskUsage,
// VolumesDiskUsage, BuildCacheDiskUsage share this shape). `items` are the objects as the
// daemon describes them (ImageSummary, ContainerSummary, Volume, BuildCache).
struct DiskUsage {
    std::optional<std::int64_t> active_count;  // in use (by a container, or running)
    std::optional<std::int64_t> total_count;
    std::optional<std::int64_t> reclaimable;   // bytes a prune would free
    std::optional<std::int64_t> total_size;    // bytes
    std::optional<std::vector<json>> items;
    json extra;
};

inline void from_json(const json& j, DiskUsage& u) {
    detail::read_field(j, "ActiveCount", u.active_count);
    detail::read_field(j, "TotalCount", u.total_count);
    detail::read_field(j, "Reclaimable", u.reclaimable);
    detail::read_field(j, "TotalSize", u.total_size);
    detail::read_field(j, "Items", u.items);
    u.extra = detail::unknown_keys(j, {"ActiveCount", "TotalCount", "Reclaimable", "TotalSize", "Items"});
}

using ImagesDiskUsage = DiskUsage;
using ContainersDiskUsage = DiskUsage;
using VolumesDiskUsage = DiskUsage;
using BuildCacheDiskUsage = DiskUsage;

// GET /system/df answer in API 1.52's shape: per kind of object, counts and sizes.
struct SystemDataUsageResponse {
    std::optional<ImagesDiskUsage> image_usage;
    std::optional<ContainersDiskUsage> container_usage;
    std::optional<VolumesDiskUsage> volume_usage;
    std::optional<BuildCacheDiskUsage> build_cache_usage;
    json extra;  // before API 1.52: LayersSize, Images, Containers, Volumes, BuildCache
};

inline void from_json(const json& j, SystemDataUsageResponse& r) {
    detail::read_field(j, "ImageUsage", r.image_usage);
    detail::read_field(j, "ContainerUsage", r.container_usage);
    detail::read_field(j, "VolumeUsage", r.volume_usage);
    detail::read_field(j, "BuildCacheUsage", r.build_cache_usage);
    r.extra = detail::unknown_keys(j, {"ImageUsage", "ContainerUsage", "VolumeUsage", "BuildCacheUsage"});
}

}  // namespace docker
