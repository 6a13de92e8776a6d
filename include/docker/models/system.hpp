#pragma once
// Models of the system group: /_ping, /version, /info.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "docker/models/json_fields.hpp"

namespace docker {

/// What GET /_ping tells in its response headers.
struct PingResult {
    /// Header `Api-Version`: newest API version the daemon speaks ("1.47").
    std::string api_version;
    /// Header `Ostype`: "linux" or "windows".
    std::string os_type;
    /// Header `Docker-Experimental`: experimental features are on.
    bool experimental = false;
    /// Header `Builder-Version`: default builder ("1" classic, "2" BuildKit); empty when not sent.
    std::string builder_version;
};

/// One component of the engine in GET /version (Engine, containerd, runc, ...).
struct ComponentVersion {
    /// JSON `Name`.
    std::string name;
    /// JSON `Version`.
    std::string version;
    /// JSON `Details`: component-specific facts (git commit, API versions, ...); null when not sent.
    json details;
};

/// The answer of GET /version (the spec's SystemVersion).
struct SystemVersion {
    /// JSON `Platform.Name`: product name ("Docker Engine - Community").
    std::string platform_name;
    /// JSON `Components`.
    std::vector<ComponentVersion> components;
    /// JSON `Version`: engine version ("27.3.1").
    std::string version;
    /// JSON `ApiVersion`: newest API version the daemon speaks.
    std::string api_version;
    /// JSON `MinAPIVersion`: oldest API version it accepts.
    std::string min_api_version;
    /// JSON `GitCommit`: commit the engine was built from.
    std::string git_commit;
    /// JSON `GoVersion`: Go version it was built with.
    std::string go_version;
    /// JSON `Os`: "linux", "windows".
    std::string os;
    /// JSON `Arch`: "amd64", "arm64", ...
    std::string arch;
    /// JSON `KernelVersion` of the host.
    std::string kernel_version;
    /// JSON `Experimental`: experimental features are on (read from a bool or a "true" string).
    bool experimental = false;
    /// JSON `BuildTime`: when the engine was built.
    std::string build_time;
    /// The daemon's whole answer, for keys this struct does not name.
    json raw;
};

template <class J, detail::if_json<J> = 0>
void from_json(const J& j, ComponentVersion& c) {
    detail::read_field(j, "Name", c.name);
    detail::read_field(j, "Version", c.version);
    if (auto it = j.find("Details"); it != j.end()) c.details = *it;
}

template <class J, detail::if_json<J> = 0>
void from_json(const J& j, SystemVersion& v) {
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
        if (e->is_boolean()) v.experimental = e->template get<bool>();
        else if (e->is_string()) v.experimental = e->template get<std::string>() == "true";
    }
    detail::read_field(j, "BuildTime", v.build_time);
    v.raw = j;
}

/// The answer of GET /info (the spec's SystemInfo): the commonly used fields; everything
/// else is in `raw`.
struct SystemInfo {
    /// JSON `ID`: the daemon's ID.
    std::string id;
    /// JSON `Containers`: containers in all states.
    std::int64_t containers = 0;
    /// JSON `ContainersRunning`.
    std::int64_t containers_running = 0;
    /// JSON `ContainersPaused`.
    std::int64_t containers_paused = 0;
    /// JSON `ContainersStopped`.
    std::int64_t containers_stopped = 0;
    /// JSON `Images`: number of images.
    std::int64_t images = 0;
    /// JSON `Driver`: storage driver ("overlay2", ...).
    std::string driver;
    /// JSON `DockerRootDir`: the daemon's data directory ("/var/lib/docker").
    std::string docker_root_dir;
    /// JSON `Name`: host name of the daemon's machine.
    std::string name;
    /// JSON `ServerVersion`: engine version.
    std::string server_version;
    /// JSON `OperatingSystem`: host OS description ("Debian GNU/Linux 12 (bookworm)").
    std::string operating_system;
    /// JSON `OSType`: "linux" or "windows".
    std::string os_type;
    /// JSON `Architecture`: host architecture ("x86_64", "aarch64").
    std::string architecture;
    /// JSON `KernelVersion` of the host.
    std::string kernel_version;
    /// JSON `NCPU`: CPUs the daemon sees.
    std::int64_t ncpu = 0;
    /// JSON `MemTotal`: host memory in bytes.
    std::int64_t mem_total = 0;
    /// JSON `CgroupDriver`: "cgroupfs", "systemd" or "none".
    std::string cgroup_driver;
    /// JSON `CgroupVersion`: "1" or "2".
    std::string cgroup_version;
    /// JSON `Labels`: the daemon's labels as "key=value".
    std::vector<std::string> labels;
    /// JSON `ExperimentalBuild`: experimental features are on.
    bool experimental_build = false;
    /// The daemon's whole answer, for keys this struct does not name.
    json raw;
};

template <class J, detail::if_json<J> = 0>
void from_json(const J& j, SystemInfo& i) {
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
