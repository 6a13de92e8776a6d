#pragma once
// Models of the system group: /_ping, /version, /info.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "docker/models/json_fields.hpp"

namespace docker {

// What GET /_ping tells in its headers.
struct PingResult {
    std::string api_version;      // Api-Version
    std::string os_type;          // Ostype
    bool experimental = false;    // Docker-Experimental
    std::string builder_version;  // Builder-Version
};

struct ComponentVersion {
    std::string name;
    std::string version;
    json details;
};

// GET /version (SystemVersion).
struct SystemVersion {
    std::string platform_name;
    std::vector<ComponentVersion> components;
    std::string version;
    std::string api_version;
    std::string min_api_version;
    std::string git_commit;
    std::string go_version;
    std::string os;
    std::string arch;
    std::string kernel_version;
    bool experimental = false;
    std::string build_time;
    json raw;  // the daemon's whole answer
};

inline void from_json(const json& j, ComponentVersion& c) {
    detail::read_field(j, "Name", c.name);
    detail::read_field(j, "Version", c.version);
    if (auto it = j.find("Details"); it != j.end()) c.details = *it;
}

inline void from_json(const json& j, SystemVersion& v) {
    if (auto p = j.find("Platform"); p != j.end() && p->is_object()) detail::read_field(*p, "Name", v.platform_name);
    detail::read_field(j, "Components", v.components);
    detail::read_field(j, "Version", v.version);
    detail::read_field(j, "ApiVersion", v.api_version);
    detail::read_field(j, "MinAPIVersion", v.min_api_version);
    detail::read_field(j, "GitCommit", v.git_commit);
    detail::read_field(j, "GoVersion", v.go_version);
    detail::read_field(j, "Os", v.os);
    detail::read_field(j, "Arch", v.arch);
    detail::read_field(j, "KernelVersion", v.kernel_version);
    // Older daemons send Experimental as a bool; some as a string.
    if (auto e = j.find("Experimental"); e != j.end()) {
        if (e->is_boolean()) v.experimental = e->get<bool>();
        else if (e->is_string()) v.experimental = e->get<std::string>() == "true";
    }
    detail::read_field(j, "BuildTime", v.build_time);
    v.raw = j;
}

// GET /info (SystemInfo): the commonly used fields; everything else is in `raw`.
struct SystemInfo {
    std::string id;
    std::int64_t containers = 0;
    std::int64_t containers_running = 0;
    std::int64_t containers_paused = 0;
    std::int64_t containers_stopped = 0;
    std::int64_t images = 0;
    std::string driver;
    std::string docker_root_dir;
    std::string name;
    std::string server_version;
    std::string operating_system;
    std::string os_type;
    std::string architecture;
    std::string kernel_version;
    std::int64_t ncpu = 0;
    std::int64_t mem_total = 0;
    std::string cgroup_driver;
    std::string cgroup_version;
    std::vector<std::string> labels;
    bool experimental_build = false;
    json raw;
};

inline void from_json(const json& j, SystemInfo& i) {
    detail::read_field(j, "ID", i.id);
    detail::read_field(j, "Containers", i.containers);
    detail::read_field(j, "ContainersRunning", i.containers_running);
    detail::read_field(j, "ContainersPaused", i.containers_paused);
    detail::read_field(j, "ContainersStopped", i.containers_stopped);
    detail::read_field(j, "Images", i.images);
    detail::read_field(j, "Driver", i.driver);
    detail::read_field(j, "DockerRootDir", i.docker_root_dir);
    detail::read_field(j, "Name", i.name);
    detail::read_field(j, "ServerVersion", i.server_version);
    detail::read_field(j, "OperatingSystem", i.operating_system);
    detail::read_field(j, "OSType", i.os_type);
    detail::read_field(j, "Architecture", i.architecture);
    detail::read_field(j, "KernelVersion", i.kernel_version);
    detail::read_field(j, "NCPU", i.ncpu);
    detail::read_field(j, "MemTotal", i.mem_total);
    detail::read_field(j, "CgroupDriver", i.cgroup_driver);
    detail::read_field(j, "CgroupVersion", i.cgroup_version);
    detail::read_field(j, "Labels", i.labels);
    detail::read_field(j, "ExperimentalBuild", i.experimental_build);
    i.raw = j;
}

}  // namespace docker
