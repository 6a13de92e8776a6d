// The plugin endpoints against the real engine. The test plugin is built offline: its rootfs
// is the busybox test image's filesystem plus a static stub (tests/support/plugin_stub.cpp)
// that listens on the plugin's socket, so dockerd can really enable it.

#include "support/catch.hpp"

#include "integration/engine.hpp"
#include "support/temp_dir.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <fstream>
#include <string>
#include <vector>

// A namespace per test file: test files are compiled in batches (unity build).
namespace integration_plugins_test {
using namespace docker;
using docker::test::ContainerGuard;
using docker::test::TempDir;
using docker::test::unique_name;

namespace {

// Force-removes a plugin when the test leaves its scope.
class PluginGuard {
public:
    PluginGuard(Client& client, std::string name) : client_(client), name_(std::move(name)) {}
    ~PluginGuard() {
        try {
            PluginRemoveOptions options;
            options.force = true;
            client_.plugins().remove(name_, options);
        } catch (const Error&) {
        }
    }
    PluginGuard(const PluginGuard&) = delete;
    PluginGuard& operator=(const PluginGuard&) = delete;

private:
    Client& client_;
    std::string name_;
};

void copy_file(const std::string& from, const std::string& to, mode_t mode) {
    std::ifstream in(from, std::ios::binary);
    REQUIRE(in);
    std::ofstream out(to, std::ios::binary | std::ios::trunc);
    out << in.rdbuf();
    out.close();
    REQUIRE(::chmod(to.c_str(), mode) == 0);
}

// A plugin directory (config.json + rootfs/) in `dir`. `marker` makes its layer and config
// unique: dockerd 20.10 refuses to create a plugin whose blobs another plugin already holds
// ("content sha256:...: already exists").
void make_plugin_directory(Client& client, const TempDir& dir, const std::string& marker,
                           const std::string& mode_default) {
    std::string rootfs = dir.file("rootfs");
    REQUIRE(::mkdir(rootfs.c_str(), 0755) == 0);
    {
        auto created = client.containers().create(test::busybox({"true"}));
        ContainerGuard guard(client, created.id);
        stream::TarExtractor extract(rootfs);
        client.containers().export_container(created.id, [&](std::string_view piece) { extract.feed(piece); });
        extract.finish();
    }
    copy_file(DOCKER_CPP_PLUGIN_STUB, rootfs + "/bin/dcpp-plugin", 0755);
    std::ofstream(rootfs + "/etc/dcpp-marker") << marker << '\n';
    json config = {
        {"Description", "docker-cpp test plugin " + marker},
        {"Documentation", "https://example.invalid/docker-cpp"},
        {"Entrypoint", {"/bin/dcpp-plugin", "/run/docker/plugins/dcpp.sock"}},
        {"Interface", {{"Types", {"docker.volumedriver/1.0"}}, {"Socket", "dcpp.sock"}}},
        {"Network", {{"Type", "host"}}},
        {"Env", {{{"Name", "DCPP_MODE"}, {"Description", "a settable value"}, {"Settable", {"value"}},
                  {"Value", mode_default}}}},
    };
    std::ofstream(dir.file("config.json")) << config.dump();
}

bool listed(const std::vector<Plugin>& plugins, const std::string& name) {
    return std::any_of(plugins.begin(), plugins.end(), [&](const Plugin& p) { return p.name == name; });
}

}  // namespace

// covers: PluginCreate (real engine)
// covers: PluginInspect (real engine)
// covers: PluginList (real engine)
// covers: PluginSet (real engine)
// covers: PluginEnable (real engine)
// covers: PluginDisable (real engine)
// covers: PluginDelete (real engine)
TEST_CASE("plugins: create offline, inspect, list, set, enable, disable, remove", "[integration][plugins]") {
    Client client = test::make_client();
    TempDir dir;
    std::string marker = unique_name("plugin");
    make_plugin_directory(client, dir, marker, "quiet");
    std::string name = marker + ":v1";
    client.plugins().create_from_directory(name, dir.path());
    PluginGuard guard(client, name);

    Plugin plugin = client.plugins().inspect(name);
    CHECK(plugin.name == name);
    CHECK_FALSE(plugin.enabled);
    REQUIRE(plugin.id);
    CHECK(plugin.id->size() == 64);
    CHECK(plugin.config.description == "docker-cpp test plugin " + marker);
    CHECK(plugin.config.interface.types == std::vector<std::string>{"docker.volumedriver/1.0"});
    CHECK(plugin.config.interface.socket == "dcpp.sock");
    CHECK(plugin.config.network.type == "host");
    CHECK(plugin.config.entrypoint.at(0) == "/bin/dcpp-plugin");
    REQUIRE(plugin.config.env.size() == 1);
    CHECK(plugin.config.env[0].name == "DCPP_MODE");
    CHECK(plugin.settings.env == std::vector<std::string>{"DCPP_MODE=quiet"});
    // Inspect by ID works as well.
    CHECK(client.plugins().inspect(*plugin.id).name == name);

    CHECK(listed(client.plugins().list(), name));
    CHECK(listed(client.plugins().list({{"enabled", {"false"}}}), name));
    CHECK_FALSE(listed(client.plugins().list({{"enabled", {"true"}}}), name));
    CHECK(listed(client.plugins().list({{"capability", {"volumedriver"}}}), name));

    client.plugins().set(name, {"DCPP_MODE=loud"});
    CHECK(client.plugins().inspect(name).settings.env == std::vector<std::string>{"DCPP_MODE=loud"});
    try {
        client.plugins().set(name, {"NOPE=1"});
        FAIL("setting an unknown key was accepted");
    } catch (const ApiError& e) {
        CHECK(e.message() == "setting \"NOPE\" not found in the plugin configuration");
    }

    PluginEnableOptions enable;
    enable.timeout = std::chrono::seconds(20);
    client.plugins().enable(name, enable);
    CHECK(client.plugins().inspect(name).enabled);
    CHECK(listed(client.plugins().list({{"enabled", {"true"}}}), name));

    try {
        client.plugins().set(name, {"DCPP_MODE=quiet"});
        FAIL("set on an enabled plugin was accepted");
    } catch (const ApiError& e) {
        CHECK(e.message() == "cannot set on an active plugin, disable plugin before setting");
    }
    try {
        client.plugins().remove(name);
        FAIL("an enabled plugin was removed without force");
    } catch (const Conflict& e) {
        CHECK(e.message() == "plugin " + name + " is enabled");
    }

    client.plugins().disable(name);
    CHECK_FALSE(client.plugins().inspect(name).enabled);
    try {
        client.plugins().disable(name);
        FAIL("disabling a disabled plugin was accepted");
    } catch (const Conflict& e) {
        CHECK(e.message() == "plugin is already disabled: plugin " + name + " found but disabled");
    }

    client.plugins().remove(name);  // dockerd 20.10 answers 200 without a body
    CHECK_THROWS_AS(client.plugins().inspect(name), NotFound);
    CHECK_FALSE(listed(client.plugins().list(), name));
}

// covers: PluginPush (real engine)
// covers: GetPluginPrivileges (real engine)
// covers: PluginPull (real engine)
// covers: PluginUpgrade (real engine)
TEST_CASE("plugins: push to the registry, privileges, pull back, upgrade", "[integration][plugins]") {
    Client client = test::make_client();
    std::string repo = test::engine().registry + "/dcpp/" + unique_name("plugin");
    std::string pushed_digest;
    for (const char* tag : {"v1", "v2"}) {
        TempDir dir;
        make_plugin_directory(client, dir, repo + ":" + tag, tag == std::string("v1") ? "quiet" : "v2-default");
        std::string reference = repo + ":" + tag;
        client.plugins().create_from_directory(reference, dir.path());
        PluginGuard guard(client, reference);
        std::vector<ProgressEvent> events;
        client.plugins().push(reference, {}, [&](const ProgressEvent& e) { events.push_back(e); });
        REQUIRE_FALSE(events.empty());
        CHECK(events.front().status == "The push refers to repository [" + repo + "]");
        REQUIRE(events.back().aux.is_object());
        CHECK(events.back().aux.value("Tag", "") == tag);
        if (tag == std::string("v1")) pushed_digest = events.back().aux.value("Digest", "");
        client.plugins().remove(reference);
    }
    CHECK(pushed_digest.rfind("sha256:", 0) == 0);

    std::string remote = repo + ":v1";
    std::vector<PluginPrivilege> privileges = client.plugins().privileges(remote);
    REQUIRE(privileges.size() == 1);
    CHECK(privileges[0].name == "network");
    CHECK(privileges[0].value_ == std::vector<std::string>{"host"});

    std::string local = unique_name("pulled") + ":v1";
    PluginGuard guard(client, local);
    PluginPullOptions pull;
    pull.name = local;
    // Without the privileges it asks for, the daemon downloads, then refuses inside the stream.
    CHECK_THROWS_WITH(client.plugins().pull(remote, pull), "incorrect privileges");
    CHECK_THROWS_AS(client.plugins().inspect(local), NotFound);

    pull.privileges = privileges;
    std::vector<std::string> statuses;
    client.plugins().pull(remote, pull, [&](const ProgressEvent& e) { statuses.push_back(e.status); });
    CHECK(std::find(statuses.begin(), statuses.end(), "Digest: " + pushed_digest) != statuses.end());
    CHECK(std::find(statuses.begin(), statuses.end(), "Complete") != statuses.end());
    Plugin pulled = client.plugins().inspect(local);
    CHECK(pulled.name == local);
    CHECK(pulled.plugin_reference == remote);
    CHECK_FALSE(pulled.enabled);
    CHECK(pulled.config.description == "docker-cpp test plugin " + remote);
    CHECK(pulled.settings.env == std::vector<std::string>{"DCPP_MODE=quiet"});
    client.plugins().set(local, {"DCPP_MODE=kept"});

    PluginUpgradeOptions upgrade;
    upgrade.privileges = client.plugins().privileges(repo + ":v2");
    std::size_t upgrade_events = 0;
    client.plugins().upgrade(local, repo + ":v2", upgrade, [&](const ProgressEvent&) { ++upgrade_events; });
    CHECK(upgrade_events > 0);
    Plugin upgraded = client.plugins().inspect(local);
    CHECK(upgraded.id == pulled.id);  // the same plugin, new contents
    CHECK(upgraded.plugin_reference == repo + ":v2");
    CHECK(upgraded.config.description == "docker-cpp test plugin " + repo + ":v2");
    CHECK(upgraded.config.env.at(0).value_ == "v2-default");
    CHECK(upgraded.settings.env == std::vector<std::string>{"DCPP_MODE=kept"});  // settings survive

    // The upgraded plugin really runs.
    PluginEnableOptions enable;
    enable.timeout = std::chrono::seconds(20);
    client.plugins().enable(local, enable);
    CHECK(client.plugins().inspect(local).enabled);
    PluginDisableOptions disable;
    disable.force = true;
    client.plugins().disable(local, disable);
    client.plugins().remove(local);
    CHECK_THROWS_AS(client.plugins().inspect(local), NotFound);
}

TEST_CASE("plugins: errors name what failed", "[integration][plugins]") {
    Client client = test::make_client();
    try {
        client.plugins().inspect("dcpp-no-such-plugin:v1");
        FAIL("inspect of a missing plugin succeeded");
    } catch (const NotFound& e) {
        CHECK(e.message() == "plugin \"dcpp-no-such-plugin:v1\" not found");
    }
    CHECK_THROWS_AS(client.plugins().enable("dcpp-no-such-plugin:v1"), NotFound);
    CHECK_THROWS_AS(client.plugins().inspect(""), UsageError);
    CHECK_THROWS_AS(client.plugins().create_from_directory("dcpp-x:v1", "/nonexistent-dir"), UsageError);
}

}  // namespace integration_plugins_test
