// The conversions every model goes through (docker/models/json_fields.hpp): a daemon answer
// of a shape the model does not expect is a ProtocolError naming the key, wherever it sits
// (a hand-written model, a generated one inside it, the whole answer), and what the
// hand-written models write is the JSON the daemon reads.

#include "support/catch.hpp"

#include <cstdint>
#include <string>
#include <vector>

#include "docker/models/archive.hpp"
#include "docker/models/containers.hpp"
#include "docker/models/events.hpp"
#include "docker/models/exec.hpp"
#include "docker/models/images.hpp"
#include "docker/models/stats.hpp"
#include "docker/models/system.hpp"
#include "docker/models/generated/containers.hpp"
#include "docker/models/generated/networks.hpp"
#include "docker/models/json_fields.hpp"

// A namespace per test file: test files are compiled in batches (unity build).
namespace models_json_fields_test {
using docker::json;
using docker::ProtocolError;
using docker::ProtocolErrorKind;

namespace {

// The message of the ProtocolError that parsing `body` as T throws; fails the test when it
// throws anything else, or nothing.
template <class T>
std::string unexpected_json_message(const std::string& body) {
    try {
        docker::detail::parse_model<T>(body, "the answer");
    } catch (const ProtocolError& e) {
        CHECK(e.kind() == ProtocolErrorKind::unexpected_json);
        return e.what();
    }
    FAIL("no ProtocolError for " << body);
    return {};
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// A container inspect answer in dockerd's shape, small but with every kind of value: nested
// objects, arrays of objects, maps of objects, Docker's sets, strings, numbers, booleans.
const char* const inspect_sample = R"({
  "Id": "4fa6e0f0", "Name": "/sample", "Created": "2026-11-30T23:01:02Z", "Path": "sh", "Args": ["-c", "true"],
  "RestartCount": 0,
  "State": {"Status": "running", "Running": true, "Pid": 42, "ExitCode": 0, "StartedAt": "2026-11-30T23:01:03Z"},
  "Config": {"Image": "busybox", "Cmd": ["sh"], "Labels": {"a": "1"}, "ExposedPorts": {"80/tcp": {}}, "Tty": false},
  "HostConfig": {"Memory": 67108864, "PortBindings": {"80/tcp": [{"HostIp": "127.0.0.1", "HostPort": "8080"}]},
                 "RestartPolicy": {"Name": "no", "MaximumRetryCount": 0}, "Binds": ["/a:/b"]},
  "NetworkSettings": {"Networks": {"bridge": {"IPAddress": "172.17.0.2", "IPPrefixLen": 16, "Aliases": ["x"]}}},
  "Mounts": [{"Type": "bind", "Source": "/a", "Destination": "/b", "RW": true}],
  "GraphDriver": {"Name": "vfs", "Data": {"Dir": "/x"}}
})";

// The JSON pointer of every value inside `value` (not the root itself).
void collect_pointers(const json& value, const json::json_pointer& at, std::vector<json::json_pointer>& out) {
    if (value.is_object()) {
        for (auto it = value.begin(); it != value.end(); ++it) {
            out.push_back(at / it.key());
            collect_pointers(it.value(), at / it.key(), out);
        }
    } else if (value.is_array()) {
        for (std::size_t i = 0; i < value.size(); ++i) {
            out.push_back(at / i);
            collect_pointers(value[i], at / i, out);
        }
    }
}


const json replacements[] = {5, "text", json::array(), json::object(), true, 1.5, -1,
                             std::uint64_t{1} << 63, json::array({1}), json{{"k", 1}}};

// Each value of `sample` replaced by each of the replacements: T reads it or refuses it with a
// ProtocolError, never another exception. Answers the number of answers read and refused.
template <class T>
std::pair<std::size_t, std::size_t> read_or_refuse_every_mutation(const json& sample) {
    std::vector<json::json_pointer> pointers;
    collect_pointers(sample, json::json_pointer(), pointers);
    std::size_t read = 0, refused = 0;
    for (const auto& pointer : pointers) {
        for (const auto& replacement : replacements) {
            json answer = sample;
            answer[pointer] = replacement;
            INFO(pointer.to_string() << " = " << replacement.dump());
            try {
                docker::detail::parse_model<T>(answer, "the answer");
                ++read;
            } catch (const ProtocolError& e) {
                CHECK(e.kind() == ProtocolErrorKind::unexpected_json);
                ++refused;
            } catch (...) {
                FAIL("an exception that is no ProtocolError");
            }
        }
    }
    return {read, refused};
}

}  // namespace

TEST_CASE("A generated model of the wrong JSON type inside a hand-written one is a ProtocolError naming its key",
          "[models][json_fields]") {
    // Before, these escaped as an internal exception type that is no docker::Error.
    std::string message = unexpected_json_message<docker::ContainerInspect>(R"({"Id":"x","NetworkSettings":5})");
    CHECK(contains(message, "unexpected JSON for the answer"));
    CHECK(contains(message, "'NetworkSettings'"));

    CHECK(contains(unexpected_json_message<docker::ContainerInspect>(R"({"Id":"x","Mounts":[5]})"), "'Mounts'"));
    CHECK(contains(unexpected_json_message<docker::ContainerInspect>(R"({"Id":"x","Mounts":{}})"), "'Mounts'"));
}

TEST_CASE("A mismatch deep in a hand-written model names the innermost key", "[models][json_fields]") {
    CHECK(contains(unexpected_json_message<docker::ContainerInspect>(R"({"State":{"ExitCode":"one"}})"),
                   "'ExitCode'"));
    CHECK(contains(unexpected_json_message<docker::ContainerInspect>(
                       R"({"HostConfig":{"PortBindings":{"80/tcp":[{"HostPort":8080}]}}})"),
                   "'HostPort'"));
    CHECK(contains(unexpected_json_message<docker::ContainerInspect>(R"({"Id":5})"), "'Id'"));
}

TEST_CASE("A whole answer of the wrong JSON type is a ProtocolError, for generated and hand-written models",
          "[models][json_fields]") {
    CHECK_FALSE(unexpected_json_message<docker::model::Network>("[]").empty());
    CHECK_FALSE(unexpected_json_message<docker::model::Network>("\"text\"").empty());
    CHECK_FALSE(unexpected_json_message<docker::ContainerInspect>("5").empty());
    CHECK_FALSE(unexpected_json_message<std::vector<docker::model::Network>>("{}").empty());
    CHECK(contains(unexpected_json_message<docker::ContainerInspect>("{not json"), "unexpected JSON for the answer"));
}

TEST_CASE("Any value of the answer replaced by one of another type: a ProtocolError or a model, never another "
          "exception; the generated model keeps it and writes it back", "[models][json_fields]") {
    const json sample = json::parse(inspect_sample);
    std::vector<json::json_pointer> pointers;
    collect_pointers(sample, json::json_pointer(), pointers);
    REQUIRE(pointers.size() == 52);  // the sample's every value, counted once
    for (const auto& pointer : pointers) {
        for (const auto& replacement : replacements) {
            if (replacement.is_object()) continue;
            json answer = sample;
            answer[pointer] = replacement;
            INFO(pointer.to_string() << " = " << replacement.dump());
            // Generated models lose nothing: a value of another type waits in `extra`. (An
            // object where a nested model stands reads as that model, which writes the
            // fields the spec requires of it even when the object lacked them.)
            auto inspect = docker::detail::parse_model<docker::model::ContainerInspectResponse>(answer, "inspect");
            CHECK(docker::detail::as_json(inspect) == answer);
        }
    }
    auto [read, refused] = read_or_refuse_every_mutation<docker::ContainerInspect>(sample);
    CHECK(refused > 0);  // the hand-written model refuses what it cannot hold
    CHECK(read > 0);
}

TEST_CASE("Every hand-written answer model reads a mutated answer or refuses it with a ProtocolError",
          "[models][json_fields]") {
    auto check = [](auto counts) { CHECK(counts.first + counts.second > 0); };
    check(read_or_refuse_every_mutation<docker::ContainerStats>(json::parse(R"({
        "name": "/web", "id": "abc", "read": "2024-01-02T03:04:05Z", "pids_stats": {"current": 3, "limit": 100},
        "blkio_stats": {"io_service_bytes_recursive": [{"major": 8, "minor": 0, "op": "Read", "value": 4096}]},
        "cpu_stats": {"cpu_usage": {"total_usage": 3, "percpu_usage": [1, 2]}, "system_cpu_usage": 20, "online_cpus": 4,
                      "throttling_data": {"periods": 5}},
        "memory_stats": {"usage": 300, "limit": 1000, "stats": {"cache": 50}},
        "networks": {"eth0": {"rx_bytes": 10, "tx_bytes": 20}}})")));
    check(read_or_refuse_every_mutation<docker::EventMessage>(json::parse(R"({
        "Type": "container", "Action": "start", "Actor": {"ID": "abc", "Attributes": {"name": "web"}},
        "scope": "local", "time": 1700000000, "timeNano": 1700000000000000000, "status": "start", "id": "abc"})")));
    check(read_or_refuse_every_mutation<docker::SystemVersion>(json::parse(R"({
        "Platform": {"Name": "Engine"}, "Components": [{"Name": "Engine", "Version": "20.10", "Details": {"Os": "linux"}}],
        "Version": "20.10.24", "ApiVersion": "1.41", "MinAPIVersion": "1.12", "Os": "linux", "Arch": "amd64",
        "Experimental": false})")));
    check(read_or_refuse_every_mutation<docker::SystemInfo>(json::parse(R"({
        "ID": "x", "Containers": 1, "Images": 2, "Driver": "vfs", "NCPU": 2, "MemTotal": 1024,
        "Labels": ["a=b"], "ExperimentalBuild": false})")));
    check(read_or_refuse_every_mutation<docker::ExecInspect>(json::parse(R"({
        "ID": "e", "ContainerID": "c", "Running": false, "ExitCode": 0, "Pid": 7,
        "ProcessConfig": {"privileged": false, "user": "", "tty": false, "entrypoint": "sh", "arguments": ["-c"]}})")));
    check(read_or_refuse_every_mutation<docker::ProgressEvent>(json::parse(R"({
        "status": "Downloading", "id": "abc", "progress": "[=>  ]", "progressDetail": {"current": 1, "total": 2},
        "errorDetail": {"code": 1, "message": "m"}, "error": "m", "stream": "s"})")));
    check(read_or_refuse_every_mutation<docker::ImageInspect>(json::parse(R"({
        "Id": "sha256:1", "RepoTags": ["a:b"], "RepoDigests": [], "Parent": "", "Created": "2024-01-01T00:00:00Z",
        "Size": 5, "Os": "linux", "Config": {"Cmd": ["sh"], "Env": ["A=1"], "Labels": {"a": "1"}, "WorkingDir": "/"},
        "RootFS": {"Type": "layers", "Layers": ["sha256:2"]}})")));
    check(read_or_refuse_every_mutation<std::vector<docker::ImageSummary>>(json::parse(R"([{
        "Id": "sha256:1", "ParentId": "", "RepoTags": ["a:b"], "Created": 1700000000, "Size": 5, "SharedSize": -1,
        "Labels": {"a": "1"}, "Containers": 0}])")));
    check(read_or_refuse_every_mutation<std::vector<docker::ContainerSummary>>(json::parse(R"([{
        "Id": "c", "Names": ["/web"], "Image": "busybox", "Created": 1700000000, "State": "running",
        "Ports": [{"PrivatePort": 80, "PublicPort": 8080, "Type": "tcp", "IP": "0.0.0.0"}], "Labels": {"a": "1"},
        "Mounts": [{"Type": "bind", "Source": "/a", "Destination": "/b"}],
        "NetworkSettings": {"Networks": {"bridge": {"IPAddress": "172.17.0.2"}}}}])")));
}

TEST_CASE("Integers are read exactly: no fraction, no value out of the member's range", "[models][json_fields]") {
    CHECK(contains(unexpected_json_message<docker::ContainerInspect>(R"({"RestartCount":1.5})"), "'RestartCount'"));
    CHECK(contains(unexpected_json_message<docker::ContainerInspect>(
                       R"({"HostConfig":{"RestartPolicy":{"Name":"always","MaximumRetryCount":4294967296}}})"),
                   "'MaximumRetryCount'"));
    CHECK(contains(unexpected_json_message<docker::PathStat>(R"({"name":"x","size":1,"mode":-1})"), "'mode'"));

    // A directory's mode has the top bit set: it fits the unsigned 32-bit member.
    auto stat = docker::detail::parse_model<docker::PathStat>(std::string(R"({"name":"d","mode":2147484141})"), "stat");
    CHECK(stat.mode == 2147484141u);
    auto inspect = docker::detail::parse_model<docker::ContainerInspect>(
        std::string(R"({"HostConfig":{"RestartPolicy":{"Name":"on-failure","MaximumRetryCount":3}},
                        "State":{"ExitCode":-1,"Pid":4194304}})"),
        "inspect");
    REQUIRE(inspect.host_config.restart_policy);
    CHECK(inspect.host_config.restart_policy->maximum_retry_count == 3);
    CHECK(inspect.state.exit_code == -1);
    CHECK(inspect.state.pid == 4194304);
}

TEST_CASE("What the hand-written request models write", "[models][json_fields]") {
    docker::ContainerConfig config;
    config.image = "busybox";
    config.cmd = {"sh", "-c", "true"};
    config.labels = {{"a", "1"}, {"b", "2"}};
    config.stop_timeout = 7;
    config.exposed_ports = {"80/tcp"};
    config.host_config.port_bindings["80/tcp"] = {docker::PortBinding{"127.0.0.1", "8080"}};
    config.host_config.binds = {"/a:/b"};
    config.host_config.memory = std::int64_t{1} << 26;
    config.host_config.restart_policy = docker::RestartPolicy{"on-failure", 3};
    config.host_config.log_config = docker::LogConfig{"json-file", {{"max-size", "1m"}}};

    json expected = json::parse(R"({
        "Image": "busybox", "Cmd": ["sh", "-c", "true"], "Labels": {"a": "1", "b": "2"}, "StopTimeout": 7,
        "ExposedPorts": {"80/tcp": {}},
        "HostConfig": {"Binds": ["/a:/b"], "PortBindings": {"80/tcp": [{"HostIp": "127.0.0.1", "HostPort": "8080"}]},
                       "RestartPolicy": {"Name": "on-failure", "MaximumRetryCount": 3}, "Memory": 67108864,
                       "LogConfig": {"Type": "json-file", "Config": {"max-size": "1m"}}}})");
    CHECK(docker::detail::as_json(config) == expected);

    docker::ExecConfig exec;
    exec.cmd = {"ls"};
    exec.console_size = std::array<std::uint32_t, 2>{24, 80};
    json written = docker::detail::as_json(exec);
    CHECK(written.at("ConsoleSize") == json::array({24, 80}));
    CHECK(written.at("Cmd") == json::array({"ls"}));
}

}  // namespace models_json_fields_test
