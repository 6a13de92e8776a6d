// The generated models (docker/models/generated/*.hpp) and version gates: a real inspect
// answer of dockerd 20.10 round-trips without loss, unset differs from false/0, enums keep
// values they do not know, and fields or parameters newer than the API in use are refused
// before anything is sent.

#include "support/catch.hpp"

#include <iterator>
#include <string>

#include "docker/api/version_gate.hpp"
#include "docker/models/generated/containers.hpp"
#include "docker/models/generated/networks.hpp"
#include "docker/models/generated/system.hpp"

// A namespace per test file: test files are compiled in batches (unity build).
namespace models_generated_models_test {
using docker::json;
namespace model = docker::model;

namespace {

// GET /containers/{id}/json of a busybox container on dockerd 20.10 (API 1.41), trimmed to
// what these tests look at, with the keys 20.10 sends that v1.55 no longer describes.
const char* const inspect_answer = R"({
  "Id": "4fa6e0f0c6786287e131c3852c58a2e01cc697a68231826813597e4994f1d6e2",
  "Created": "2026-11-30T23:01:02.123456789Z",
  "Path": "sh",
  "Args": ["-c", "sleep 1"],
  "State": {"Status": "exited", "Running": false, "Paused": false, "Restarting": false,
            "OOMKilled": false, "Dead": false, "Pid": 0, "ExitCode": 0, "Error": "",
            "StartedAt": "2026-11-30T23:01:02.5Z", "FinishedAt": "2026-11-30T23:01:03.5Z"},
  "Image": "sha256:8a3c9c1b1a",
  "Name": "/dcpp-fixture",
  "RestartCount": 0,
  "Driver": "overlay2",
  "Platform": "linux",
  "MountLabel": "",
  "ProcessLabel": "",
  "AppArmorProfile": "",
  "ExecIDs": null,
  "HostConfig": {"Binds": null, "ContainerIDFile": "", "LogConfig": {"Type": "json-file", "Config": {}},
                 "NetworkMode": "default", "PortBindings": {}, "RestartPolicy": {"Name": "no", "MaximumRetryCount": 0},
                 "AutoRemove": false, "VolumeDriver": "", "VolumesFrom": null, "CapAdd": null, "CapDrop": null,
                 "CgroupnsMode": "host", "Dns": [], "DnsOptions": [], "DnsSearch": [], "ExtraHosts": null,
                 "Privileged": false, "PublishAllPorts": false, "ReadonlyRootfs": false, "Memory": 0,
                 "NanoCpus": 0, "CpuShares": 0, "OomKillDisable": false, "PidsLimit": null,
                 "Ulimits": null, "KernelMemory": 0, "KernelMemoryTCP": 0},
  "GraphDriver": {"Data": {"LowerDir": "/l", "MergedDir": "/m", "UpperDir": "/u", "WorkDir": "/w"}, "Name": "overlay2"},
  "Mounts": [{"Type": "volume", "Name": "v1", "Source": "/var/lib/docker/volumes/v1/_data",
              "Destination": "/data", "Driver": "local", "Mode": "z", "RW": true, "Propagation": ""}],
  "Config": {"Hostname": "4fa6e0f0c678", "Domainname": "", "User": "", "AttachStdin": false,
             "Tty": false, "OpenStdin": false, "StdinOnce": false, "Env": ["PATH=/bin"],
             "Cmd": ["sh", "-c", "sleep 1"], "Image": "busybox", "Volumes": null, "WorkingDir": "",
             "Entrypoint": null, "OnBuild": null, "Labels": {"app": "fixture"}},
  "NetworkSettings": {"Bridge": "", "SandboxID": "abc", "HairpinMode": false, "Ports": {"80/tcp": null},
                      "SandboxKey": "/var/run/docker/netns/abc", "IPAddress": "",
                      "Networks": {"bridge": {"IPAMConfig": null, "Links": null, "Aliases": null,
                                              "NetworkID": "n1", "EndpointID": "", "Gateway": "",
                                              "IPAddress": "", "IPPrefixLen": 0, "MacAddress": "",
                                              "DriverOpts": null}}}
})";

// The whole answer of dockerd 20.10 for a busybox container created with a memory limit,
// an ulimit, a health check, a label and a published port (scripts/engine.sh's engine).
const char* const real_inspect_answer = R"({"Id": "ace3ce05a47287390e47677d6c46dae19a14c82a59b9d3370edd752f9b89e30c",
"Created": "2026-11-30T23:34:23.892715508Z", "Path": "sleep", "Args": ["1"],
"State": {"Status": "created", "Running": false, "Paused": false, "Restarting": false,
"OOMKilled": false, "Dead": false, "Pid": 0, "ExitCode": 0, "Error": "",
"StartedAt": "0001-01-01T00:00:00Z", "FinishedAt": "0001-01-01T00:00:00Z"},
"Image": "sha256:05e0278e0bc5e6349706531b8096d1924217660deb1ec7d89d8eedf38ecc7d16",
"ResolvConfPath": "", "HostnamePath": "", "HostsPath": "", "LogPath": "", "Name": "/h7fixture",
"RestartCount": 0, "Driver": "vfs", "Platform": "linux", "MountLabel": "", "ProcessLabel": "",
"AppArmorProfile": "", "ExecIDs": null, "HostConfig": {"Binds": null, "ContainerIDFile": "",
"LogConfig": {"Type": "json-file", "Config": {}}, "NetworkMode": "default",
"PortBindings": {"80/tcp": [{"HostIp": "127.0.0.1", "HostPort": ""}]},
"RestartPolicy": {"Name": "", "MaximumRetryCount": 0}, "AutoRemove": false, "VolumeDriver": "",
"VolumesFrom": null, "CapAdd": null, "CapDrop": null, "CgroupnsMode": "host", "Dns": null,
"DnsOptions": null, "DnsSearch": null, "ExtraHosts": null, "GroupAdd": null,
"IpcMode": "private", "Cgroup": "", "Links": null, "OomScoreAdj": 0, "PidMode": "",
"Privileged": false, "PublishAllPorts": false, "ReadonlyRootfs": false, "SecurityOpt": null,
"UTSMode": "", "UsernsMode": "", "ShmSize": 67108864, "Runtime": "runc", "ConsoleSize": [0, 0],
"Isolation": "", "CpuShares": 0, "Memory": 67108864, "NanoCpus": 0, "CgroupParent": "",
"BlkioWeight": 0, "BlkioWeightDevice": null, "BlkioDeviceReadBps": null,
"BlkioDeviceWriteBps": null, "BlkioDeviceReadIOps": null, "BlkioDeviceWriteIOps": null,
"CpuPeriod": 0, "CpuQuota": 0, "CpuRealtimePeriod": 0, "CpuRealtimeRuntime": 0,
"CpusetCpus": "", "CpusetMems": "", "Devices": null, "DeviceCgroupRules": null,
"DeviceRequests": null, "KernelMemory": 0, "KernelMemoryTCP": 0, "MemoryReservation": 0,
"MemorySwap": 134217728, "MemorySwappiness": null, "OomKillDisable": false, "PidsLimit": null,
"Ulimits": [{"Name": "nofile", "Hard": 200, "Soft": 100}], "CpuCount": 0, "CpuPercent": 0,
"IOMaximumIOps": 0, "IOMaximumBandwidth": 0, "MaskedPaths": ["/proc/asound", "/proc/acpi",
"/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats",
"/proc/sched_debug", "/proc/scsi", "/sys/firmware"], "ReadonlyPaths": ["/proc/bus", "/proc/fs",
"/proc/irq", "/proc/sys", "/proc/sysrq-trigger"]}, "GraphDriver": {"Data": null,
"Name": "vfs"}, "Mounts": [], "Config": {"Hostname": "ace3ce05a472", "Domainname": "",
"User": "", "AttachStdin": false, "AttachStdout": false, "AttachStderr": false,
"ExposedPorts": {"80/tcp": {}}, "Tty": false, "OpenStdin": false, "StdinOnce": false,
"Env": null, "Cmd": ["sleep", "1"], "Healthcheck": {"Test": ["CMD", "true"],
"Interval": 1000000000}, "Image": "busybox:latest", "Volumes": null, "WorkingDir": "",
"Entrypoint": null, "OnBuild": null, "Labels": {"a": "b"}}, "NetworkSettings": {"Bridge": "",
"SandboxID": "", "HairpinMode": false, "LinkLocalIPv6Address": "", "LinkLocalIPv6PrefixLen": 0,
"Ports": {}, "SandboxKey": "", "SecondaryIPAddresses": null, "SecondaryIPv6Addresses": null,
"EndpointID": "", "Gateway": "", "GlobalIPv6Address": "", "GlobalIPv6PrefixLen": 0,
"IPAddress": "", "IPPrefixLen": 0, "IPv6Gateway": "", "MacAddress": "",
"Networks": {"bridge": {"IPAMConfig": null, "Links": null, "Aliases": null, "NetworkID": "",
"EndpointID": "", "Gateway": "", "IPAddress": "", "IPPrefixLen": 0, "IPv6Gateway": "",
"GlobalIPv6Address": "", "GlobalIPv6PrefixLen": 0, "MacAddress": "", "DriverOpts": null}}}})";

// The same value with every null removed (a null reads as "unset", which is not sent).
json drop_nulls(const json& v) {
    if (v.is_object()) {
        json out = json::object();
        for (auto it = v.begin(); it != v.end(); ++it)
            if (!it->is_null()) out[it.key()] = drop_nulls(*it);
        return out;
    }
    if (v.is_array()) {
        json out = json::array();
        for (const auto& item : v) out.push_back(drop_nulls(item));
        return out;
    }
    return v;
}

}  // namespace

TEST_CASE("generated models: dockerd's whole inspect answer round-trips", "[models][generated]") {
    json answer = json::parse(real_inspect_answer);
    auto inspect = answer.get<model::ContainerInspectResponse>();
    // Typed members drop the daemon's nulls (unset); keys kept in `extra` keep theirs.
    CHECK(drop_nulls(json(inspect)) == drop_nulls(answer));
    CHECK(json(inspect).at("NetworkSettings").at("SecondaryIPAddresses").is_null());

    CHECK(inspect.host_config.memory == std::optional<std::int64_t>(67108864));
    REQUIRE(inspect.host_config.ulimits);
    CHECK((*inspect.host_config.ulimits)[0].name == std::optional<std::string>("nofile"));
    CHECK((*inspect.host_config.ulimits)[0].hard == std::optional<std::int64_t>(200));
    REQUIRE(inspect.config.healthcheck.test);
    CHECK(*inspect.config.healthcheck.test == std::vector<std::string>{"CMD", "true"});
    REQUIRE(inspect.host_config.port_bindings);
    CHECK(inspect.host_config.port_bindings->at("80/tcp")->at(0).host_ip == std::optional<std::string>("127.0.0.1"));
    // What 20.10 sends and v1.55 no longer describes is kept where it was.
    CHECK(inspect.host_config.extra.contains("KernelMemory"));
    CHECK(inspect.network_settings.extra.contains("HairpinMode"));
    CHECK(inspect.network_settings.extra.contains("SecondaryIPAddresses"));
}

TEST_CASE("generated models: an inspect answer reads typed and writes back unchanged", "[models][generated]") {
    json answer = json::parse(inspect_answer);
    auto inspect = answer.get<model::ContainerInspectResponse>();

    CHECK(inspect.id == std::optional<std::string>("4fa6e0f0c6786287e131c3852c58a2e01cc697a68231826813597e4994f1d6e2"));
    REQUIRE(inspect.state.status);
    CHECK(*inspect.state.status == model::ContainerStateStatus::exited);
    CHECK(inspect.state.running == std::optional<bool>(false));  // sent false: set, not unset
    CHECK_FALSE(inspect.state.health.status);                   // not sent: unset
    CHECK(inspect.host_config.restart_policy.name == std::optional<model::RestartPolicyName>(model::RestartPolicyName::no));
    CHECK_FALSE(inspect.host_config.pids_limit);  // null reads as unset
    REQUIRE(inspect.mounts);
    REQUIRE(inspect.mounts->size() == 1);
    CHECK((*inspect.mounts)[0].destination == std::optional<std::string>("/data"));
    CHECK((*inspect.mounts)[0].rw == std::optional<bool>(true));
    REQUIRE(inspect.network_settings.networks);
    CHECK(inspect.network_settings.networks->at("bridge").network_id == std::optional<std::string>("n1"));
    REQUIRE(inspect.network_settings.ports);
    CHECK_FALSE(inspect.network_settings.ports->at("80/tcp"));  // exposed, not published
    REQUIRE(inspect.config.labels);
    CHECK(inspect.config.labels->at("app") == "fixture");

    // Keys v1.55 does not describe (removed since 20.10) stay, at their level.
    CHECK(inspect.host_config.extra.at("KernelMemory") == 0);
    CHECK(inspect.host_config.extra.at("KernelMemoryTCP") == 0);
    CHECK(inspect.network_settings.extra.at("Bridge") == "");
    CHECK(inspect.network_settings.extra.at("HairpinMode") == false);
    CHECK_FALSE(inspect.extra.contains("HostConfig"));

    // Written back: every non-null key of the answer, with its value (nulls mean "unset").
    json written = inspect;
    json expected = drop_nulls(answer);
    // The port map keeps its null: an exposed port without a binding is a value of its own.
    expected["NetworkSettings"]["Ports"] = json{{"80/tcp", nullptr}};
    // Empty objects are "nothing set" for a nested model; LogConfig.Config is a map and stays.
    CHECK(written == expected);
}

TEST_CASE("generated models: unset fields are not sent, false and 0 are", "[models][generated]") {
    model::HostConfig host;
    CHECK(json(host) == json::object());

    host.privileged = false;
    host.memory = 0;
    host.restart_policy.name = model::RestartPolicyName::unless_stopped;
    json j = host;
    CHECK(j == json{{"Privileged", false}, {"Memory", 0}, {"RestartPolicy", {{"Name", "unless-stopped"}}}});

    // A nested model is a plain member: setting inside it needs no emplace, and sends it.
    model::ContainerCreateRequest create;
    create.image = "busybox";
    create.host_config.memory = 64 * 1024 * 1024;
    CHECK(json(create) == json{{"Image", "busybox"}, {"HostConfig", {{"Memory", 64 * 1024 * 1024}}}});

    // extra is sent as is, and wins over a typed member of the same key.
    create.extra["Image"] = "alpine";
    create.extra["FutureField"] = json{{"x", 1}};
    json with_extra = create;
    CHECK(with_extra.at("Image") == "alpine");
    CHECK(with_extra.at("FutureField") == json{{"x", 1}});
}

TEST_CASE("generated models: enums keep values they do not know", "[models][generated]") {
    auto state = json{{"Status", "hibernating"}, {"Running", false}}.get<model::ContainerState>();
    REQUIRE(state.status);
    CHECK(state.status->str() == "hibernating");
    CHECK(*state.status != model::ContainerStateStatus::running);
    CHECK(json(state) == json{{"Status", "hibernating"}, {"Running", false}});

    model::ContainerState running;
    running.status = model::ContainerStateStatus::running;
    CHECK(json(running).at("Status") == "running");
}

TEST_CASE("generated models: a value of an unexpected type is kept, not lost or thrown", "[models][generated]") {
    json odd = {{"Running", "yes"}, {"Pid", 12}, {"Health", "none"}};
    auto state = odd.get<model::ContainerState>();
    CHECK_FALSE(state.running);
    CHECK(state.pid == std::optional<std::int64_t>(12));
    CHECK(state.extra.at("Running") == "yes");
    CHECK(state.extra.at("Health") == "none");
    CHECK(json(state) == odd);  // sent back exactly as received
}

TEST_CASE("generated models: maps, arrays and required fields", "[models][generated]") {
    // NetworkCreateRequest requires Name: a plain member, always sent.
    model::NetworkCreateRequest create;
    CHECK(json(create) == json{{"Name", ""}});
    create.name = "backend";
    create.labels = std::map<std::string, std::string>{{"team", "web"}};
    model::IPAMConfig subnet;
    subnet.subnet = "10.42.0.0/16";
    create.ipam.config = std::vector<model::IPAMConfig>{subnet};
    CHECK(json(create) == json::parse(R"({"Name":"backend","Labels":{"team":"web"},
                                          "IPAM":{"Config":[{"Subnet":"10.42.0.0/16"}]}})"));

    auto back = json(create).get<model::NetworkCreateRequest>();
    REQUIRE(back.ipam.config);
    CHECK((*back.ipam.config)[0].subnet == std::optional<std::string>("10.42.0.0/16"));
    CHECK(back.extra.is_null());
}

TEST_CASE("operation table and field versions come from the specs", "[models][generated][version]") {
    CHECK(std::string(docker::ops::ContainerStop.method) == "POST");
    CHECK(std::string(docker::ops::ContainerStop.path) == "/containers/{id}/stop");
    CHECK(docker::ops::ContainerStop.since == nullptr);  // in API 1.41 already
    REQUIRE(docker::ops::ContainerStop.param("signal"));
    CHECK(std::string(docker::ops::ContainerStop.param("signal")->since) == "1.42");
    CHECK(docker::ops::ContainerStop.param("t")->since == nullptr);
    CHECK(std::string(docker::ops::ImageAttestations.since) == "1.55");
    CHECK(std::size(docker::ops::all) == 108);

    const auto& host = model::HostConfig::model_info();
    REQUIRE(host.find("Memory"));
    CHECK(host.find("Memory")->since == nullptr);
    REQUIRE(host.find("Annotations"));
    CHECK(std::string(host.find("Annotations")->since) == "1.44");
}

TEST_CASE("version gates throw UnsupportedApiVersion before anything is sent", "[models][generated][version]") {
    docker::ClientOptions options;
    options.host = "unix:///nonexistent/docker.sock";  // nothing may be sent: no daemon here
    options.api_version = "1.41";
    docker::Client client(options);

    CHECK_NOTHROW(docker::detail::require_api(client, docker::ops::ContainerStop));
    CHECK_NOTHROW(docker::detail::require_api(client, docker::ops::ContainerStop, "t"));
    try {
        docker::detail::require_api(client, docker::ops::ContainerStop, "signal");
        FAIL("no exception");
    } catch (const docker::UnsupportedApiVersion& e) {
        CHECK(e.feature() == "ContainerStop query parameter \"signal\"");
        CHECK(e.required_version() == "1.42");
        CHECK(e.api_version() == "1.41");
        CHECK(std::string(e.what()) == "ContainerStop query parameter \"signal\" needs API 1.42, the client uses 1.41");
    }
    CHECK_THROWS_AS(docker::detail::require_api(client, docker::ops::ImageAttestations), docker::UnsupportedApiVersion);
    CHECK_THROWS_AS(docker::detail::require_api(client, docker::ops::ContainerStop, "sigmal"), docker::UsageError);

    // Request fields, nested ones too, by their JSON.
    model::ContainerCreateRequest create;
    create.image = "busybox";
    create.host_config.memory = 1 << 26;
    CHECK_NOTHROW(docker::detail::require_body_fields<model::ContainerCreateRequest>(client, docker::ops::ContainerCreate,
                                                                                     json(create)));
    create.host_config.annotations = std::map<std::string, std::string>{{"a", "b"}};
    try {
        docker::detail::require_body_fields<model::ContainerCreateRequest>(client, docker::ops::ContainerCreate,
                                                                           json(create));
        FAIL("no exception");
    } catch (const docker::UnsupportedApiVersion& e) {
        CHECK(e.feature() == "ContainerCreate ContainerCreateRequest.HostConfig.Annotations");
        CHECK(e.required_version() == "1.44");
    }

    // The same client on a newer API lets them through.
    docker::ClientOptions newer = options;
    newer.api_version = "1.44";
    docker::Client client_144(newer);
    CHECK_NOTHROW(docker::detail::require_body_fields<model::ContainerCreateRequest>(
        client_144, docker::ops::ContainerCreate, json(create)));
    CHECK_NOTHROW(docker::detail::require_api(client_144, docker::ops::ContainerStop, "signal"));
}

}  // namespace models_generated_models_test
