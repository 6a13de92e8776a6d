// Container top/changes/update/prune, image history/commit/prune, build prune, system df
// and HEAD /_ping against the real engine.

#include "support/catch.hpp"

#include "integration/engine.hpp"

#include <algorithm>

// A namespace per test file: test files are compiled in batches (unity build).
namespace integration_maintenance_test {
using namespace docker;
using docker::test::ContainerGuard;
using docker::test::ImageGuard;
using docker::test::busybox;
using docker::test::unique_name;

namespace {

// A running container that sleeps, guarded.
std::string start_sleeper(Client& client, const std::vector<std::string>& cmd = {"sleep", "300"}) {
    auto created = client.containers().create(busybox(cmd));
    client.containers().start(created.id);
    return created.id;
}

bool contains(const std::vector<std::string>& list, const std::string& value) {
    return std::find(list.begin(), list.end(), value) != list.end();
}

}  // namespace

// covers: ContainerTop (real engine)
TEST_CASE("containers: top lists the processes of a running container", "[integration][maintenance]") {
    Client client = test::make_client();
    std::string id = start_sleeper(client, {"sleep", "301"});
    ContainerGuard guard(client, id);

    auto top = client.containers().top(id);
    REQUIRE(top.titles);
    REQUIRE(top.processes);
    auto& titles = *top.titles;
    auto cmd = std::find(titles.begin(), titles.end(), "CMD");
    REQUIRE(cmd != titles.end());
    auto column = static_cast<std::size_t>(cmd - titles.begin());
    bool found = std::any_of(top.processes->begin(), top.processes->end(), [&](const std::vector<std::string>& row) {
        return row.size() > column && row[column] == "sleep 301";
    });
    CHECK(found);

    ContainerTopOptions options;
    options.ps_args = "-o pid,comm";
    auto custom = client.containers().top(id, options);
    CHECK(custom.titles == std::vector<std::string>{"PID", "COMMAND"});
    REQUIRE(custom.processes);
    REQUIRE(!custom.processes->empty());
    CHECK(custom.processes->front().at(1) == "sleep");

    client.containers().kill(id);
    client.containers().wait(id);
    CHECK_THROWS_AS(client.containers().top(id), Conflict);  // not running
    CHECK_THROWS_AS(client.containers().top(unique_name("missing")), NotFound);
}

// covers: ContainerChanges (real engine)
TEST_CASE("containers: changes tells added, changed and deleted files apart", "[integration][maintenance]") {
    Client client = test::make_client();
    auto created = client.containers().create(
        busybox({"sh", "-c", "echo new > /added.txt && echo more >> /etc/passwd && rm /etc/group"}));
    ContainerGuard guard(client, created.id);
    CHECK(client.containers().changes(created.id).empty());  // nothing ran yet: the daemon says null
    client.containers().start(created.id);
    REQUIRE(client.containers().wait(created.id).status_code == 0);

    auto changes = client.containers().changes(created.id);
    auto kind_of = [&](const std::string& path) -> std::optional<model::ChangeType> {
        for (const auto& c : changes)
            if (c.path == path) return c.kind;
        return std::nullopt;
    };
    CHECK(kind_of("/added.txt") == change_kind::added);
    CHECK(kind_of("/etc/passwd") == change_kind::modified);
    CHECK(kind_of("/etc/group") == change_kind::deleted);
    CHECK(kind_of("/etc") == change_kind::modified);
    CHECK_FALSE(kind_of("/bin"));
}

// covers: ContainerUpdate (real engine)
TEST_CASE("containers: update changes memory and restart policy", "[integration][maintenance]") {
    Client client = test::make_client();
    std::string id = start_sleeper(client);
    ContainerGuard guard(client, id);

    model::ContainerUpdateRequest changes;
    changes.memory = 64 * 1024 * 1024;
    changes.memory_swap = 128 * 1024 * 1024;
    changes.restart_policy.name = model::RestartPolicyName::on_failure;
    changes.restart_policy.maximum_retry_count = 3;
    client.containers().update(id, changes);

    auto inspected = client.containers().inspect(id);
    CHECK(inspected.host_config.memory == 64 * 1024 * 1024);
    CHECK(inspected.host_config.memory_swap == 128 * 1024 * 1024);
    REQUIRE(inspected.host_config.restart_policy);
    CHECK(inspected.host_config.restart_policy->name == "on-failure");
    CHECK(inspected.host_config.restart_policy->maximum_retry_count == 3);

    model::ContainerUpdateRequest too_small;
    too_small.memory = 1;
    CHECK_THROWS_AS(client.containers().update(id, too_small), BadRequest);  // "Minimum memory limit allowed is 6MB"
    CHECK(client.containers().inspect(id).host_config.memory == 64 * 1024 * 1024);
}

// covers: ContainerPrune (real engine)
TEST_CASE("containers: prune with a label filter removes only the labelled stopped container",
          "[integration][maintenance]") {
    Client client = test::make_client();
    std::string label = unique_name("prune");
    ContainerConfig labelled = busybox({"true"});
    labelled.labels = {{"dcpp.prune", label}};
    auto doomed = client.containers().create(labelled);
    ContainerGuard doomed_guard(client, doomed.id);
    auto kept = client.containers().create(busybox({"true"}));
    ContainerGuard kept_guard(client, kept.id);
    ContainerConfig running_config = busybox({"sleep", "300"});
    running_config.labels = {{"dcpp.prune", label}};
    auto running = client.containers().create(running_config);
    ContainerGuard running_guard(client, running.id);
    client.containers().start(running.id);

    ContainerPruneOptions options;
    options.filters = {{"label", {"dcpp.prune=" + label}}};
    auto pruned = client.containers().prune(options);
    REQUIRE(pruned.containers_deleted);
    CHECK(*pruned.containers_deleted == std::vector<std::string>{doomed.id});
    CHECK(pruned.space_reclaimed.value_or(-1) >= 0);
    CHECK_THROWS_AS(client.containers().inspect(doomed.id), NotFound);
    CHECK(client.containers().inspect(kept.id).id == kept.id);        // no label
    CHECK(client.containers().inspect(running.id).id == running.id);  // running

    ContainerPruneOptions bad;
    bad.filters = {{"no-such-filter", {"x"}}};
    CHECK_THROWS_AS(client.containers().prune(bad), BadRequest);
}

// covers: ImageCommit, ImageHistory (real engine)
TEST_CASE("images: commit makes an image with the container's change and new config; history shows it",
          "[integration][maintenance]") {
    Client client = test::make_client();
    auto source = client.containers().create(busybox({"sh", "-c", "echo committed > /made-here"}));
    ContainerGuard source_guard(client, source.id);
    client.containers().start(source.id);
    REQUIRE(client.containers().wait(source.id).status_code == 0);

    std::string repo = unique_name("commit");
    ImageCommitOptions options;
    options.repo = repo;
    options.tag = "v1";
    options.comment = "made by the commit test";
    options.author = "docker-cpp tests";
    options.changes = {"WORKDIR /tmp"};
    model::ContainerConfig config;
    config.env = std::vector<std::string>{"COMMITTED=yes"};
    config.cmd = std::vector<std::string>{"sh", "-c", "cat /made-here; echo $COMMITTED; pwd"};
    options.config = config;
    auto committed = client.images().commit(source.id, options);
    ImageGuard image_guard(client, repo + ":v1");
    CHECK(committed.id.rfind("sha256:", 0) == 0);

    auto image = client.images().inspect(repo + ":v1");
    CHECK(image.id == committed.id);
    CHECK(contains(image.env, "COMMITTED=yes"));
    CHECK(image.working_dir == "/tmp");
    CHECK(image.comment == "made by the commit test");
    CHECK(image.author == "docker-cpp tests");

    ContainerConfig from_commit;
    from_commit.image = repo + ":v1";
    auto run = client.containers().create(from_commit);
    ContainerGuard run_guard(client, run.id);
    client.containers().start(run.id);
    REQUIRE(client.containers().wait(run.id).status_code == 0);
    CHECK(client.containers().logs_text(run.id).out == "committed\nyes\n/tmp\n");

    auto history = client.images().history(repo + ":v1");
    auto base = client.images().history(test::engine().image);
    REQUIRE(history.size() == base.size() + 1);  // one layer more than the test image
    CHECK(history.front().id == committed.id);
    CHECK(history.front().comment == "made by the commit test");
    CHECK(history.front().tags == std::vector<std::string>{repo + ":v1"});
    CHECK(history.front().size > 0);  // the new file
    CHECK(history.front().created_by.find("made-here") != std::string::npos);
    CHECK(history.back().id == base.back().id);
    CHECK(contains(base.front().tags, test::engine().image));

    CHECK_THROWS_AS(client.images().history(unique_name("missing")), NotFound);
    CHECK_THROWS_AS(client.images().commit(unique_name("missing")), NotFound);
}

// covers: ImagePrune (real engine)
TEST_CASE("images: prune removes a dangling image made by re-committing a tag", "[integration][maintenance]") {
    Client client = test::make_client();
    auto made = [&](const std::string& text) {
        auto c = client.containers().create(busybox({"sh", "-c", "echo " + text + " > /f"}));
        client.containers().start(c.id);
        REQUIRE(client.containers().wait(c.id).status_code == 0);
        return c.id;
    };
    ContainerGuard one(client, made("one"));
    ContainerGuard two(client, made("two"));

    // Two commits to one tag with a label of this test: the first becomes dangling, and its
    // layer (a different /f) is its own.
    std::string label = unique_name("dangling");
    std::string name = unique_name("prune");
    std::string reference = name + ":t";
    ImageCommitOptions options;
    options.repo = name;
    options.tag = "t";
    options.changes = {"LABEL dcpp.prune=" + label};
    auto first = client.images().commit(one.id(), options);
    auto second = client.images().commit(two.id(), options);
    ImageGuard guard(client, reference);
    REQUIRE(first.id != second.id);
    CHECK(client.images().inspect(first.id).repo_tags.empty());

    ImagePruneOptions prune;
    prune.filters = {{"dangling", {"true"}}, {"label", {"dcpp.prune=" + label}}};
    auto pruned = client.images().prune(prune);
    REQUIRE(pruned.images_deleted);
    bool first_deleted = std::any_of(pruned.images_deleted->begin(), pruned.images_deleted->end(),
                                     [&](const model::ImageDeleteResponseItem& d) { return d.deleted == first.id; });
    CHECK(first_deleted);
    CHECK(pruned.space_reclaimed.value_or(0) > 0);  // the layer with /f
    CHECK_THROWS_AS(client.images().inspect(first.id), NotFound);
    CHECK(client.images().inspect(reference).id == second.id);  // tagged: kept

    ImagePruneOptions bad;
    bad.filters = {{"no-such-filter", {"x"}}};
    CHECK_THROWS_AS(client.images().prune(bad), BadRequest);
}

// covers: BuildPrune (real engine)
TEST_CASE("images: build prune answers what it removed", "[integration][maintenance]") {
    Client client = test::make_client();
    // dockerd 20.10 builds with the classic builder here (no Builder-Version: 2); its cache
    // is images, so the BuildKit cache /build/prune removes is empty: nothing deleted, 0 bytes.
    BuildPruneOptions options;
    options.all = true;
    options.filters = {{"until", {"24h"}}};
    auto pruned = client.images().build_prune(options);
    CHECK(pruned.caches_deleted.value_or(std::vector<std::string>{}).empty());
    CHECK(pruned.space_reclaimed == std::int64_t{0});

    BuildPruneOptions newer;
    newer.reserved_space = 1 << 20;
    if (!client.api_version_at_least("1.52"))
        CHECK_THROWS_AS(client.images().build_prune(newer), UnsupportedApiVersion);
}

// covers: SystemDataUsage (real engine)
TEST_CASE("system: df counts and sizes what the test created", "[integration][maintenance]") {
    Client client = test::make_client();
    auto before = client.system().df();
    REQUIRE(before.image_usage.total_count);
    REQUIRE(before.container_usage.total_count);
    REQUIRE(before.volume_usage.total_count);

    // A volume holding 3000 bytes, used by a stopped container that wrote 5000 bytes itself.
    std::string volume = unique_name("df");
    VolumeCreateOptions vol;
    vol.name = volume;
    client.volumes().create(vol);
    ContainerConfig config = busybox({"sh", "-c", "head -c 3000 /dev/zero > /data/v; head -c 5000 /dev/zero > /w"});
    HostConfig host;
    host.binds = {volume + ":/data"};
    config.host_config = host;
    auto created = client.containers().create(config);
    {
        ContainerGuard guard(client, created.id);
        client.containers().start(created.id);
        REQUIRE(client.containers().wait(created.id).status_code == 0);

        auto after = client.system().df();
        CHECK(*after.container_usage.total_count == *before.container_usage.total_count + 1);
        CHECK(*after.volume_usage.total_count == *before.volume_usage.total_count + 1);
        CHECK(*after.image_usage.total_count == *before.image_usage.total_count);

        const json* ours = nullptr;
        REQUIRE(after.container_usage.items);
        for (const auto& c : *after.container_usage.items)
            if (c.value("Id", "") == created.id) ours = &c;
        REQUIRE(ours);
        CHECK(ours->at("SizeRw").get<std::int64_t>() >= 5000);
        // Stopped, so what it wrote is reclaimable.
        CHECK(*after.container_usage.reclaimable - *before.container_usage.reclaimable ==
              ours->at("SizeRw").get<std::int64_t>());

        const json* our_volume = nullptr;
        REQUIRE(after.volume_usage.items);
        for (const auto& v : *after.volume_usage.items)
            if (v.value("Name", "") == volume) our_volume = &v;
        REQUIRE(our_volume);
        CHECK(our_volume->at("UsageData").at("Size").get<std::int64_t>() >= 3000);
        CHECK(our_volume->at("UsageData").at("RefCount") == 1);
        CHECK(*after.volume_usage.active_count == *before.volume_usage.active_count + 1);
        CHECK(*after.volume_usage.total_size - *before.volume_usage.total_size ==
              our_volume->at("UsageData").at("Size").get<std::int64_t>());

        // The test image: listed with the count of containers using it.
        bool image_listed = std::any_of(after.image_usage.items->begin(), after.image_usage.items->end(),
                                        [](const json& i) {
                                            auto tags = i.value("RepoTags", std::vector<std::string>{});
                                            return contains(tags, test::engine().image) &&
                                                   i.value("Containers", 0) >= 1;
                                        });
        CHECK(image_listed);
        CHECK(*after.image_usage.total_size > 0);
    }
    client.volumes().remove(volume);
    auto last = client.system().df();
    CHECK(*last.volume_usage.total_count == *before.volume_usage.total_count);
}

// covers: SystemPingHead (real engine)
TEST_CASE("system: HEAD /_ping answers the API version in its headers", "[integration][maintenance]") {
    Client client = test::make_client();
    auto head = client.system().ping_head();
    auto get = client.system().ping();
    CHECK(head.api_version == get.api_version);
    CHECK(head.api_version == client.api_version());  // 20.10 speaks 1.41, below our newest
    CHECK(head.os_type == "linux");
}

TEST_CASE("operations newer than this engine are refused before anything is sent", "[integration][maintenance]") {
    Client client = test::make_client();
    if (client.api_version_at_least("1.42")) return;  // a newer engine would serve them
    std::string volume = unique_name("no-update");
    CHECK_THROWS_WITH(client.volumes().update(volume, model::VolumeUpdateRequest{}, 1),
                      "VolumeUpdate needs API 1.42, the client uses " + client.api_version());
    CHECK_THROWS_AS(client.images().attestations(test::engine().image), UnsupportedApiVersion);
    CHECK_THROWS_AS(client.volumes().inspect(volume), NotFound);  // nothing was created on the way
}

}  // namespace integration_maintenance_test
