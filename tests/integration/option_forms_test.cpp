// The option-struct forms of calls that took bare bools and placeholders (pull, stats,
// exec start, image save/load, volume remove), against the real engine.

#include "support/catch.hpp"

#include "integration/engine.hpp"

#include <algorithm>
#include <memory>

// A namespace per test file: test files are compiled in batches (unity build).
namespace integration_option_forms_test {
using namespace docker;
using docker::test::ContainerGuard;
using docker::test::ImageGuard;
using docker::test::busybox;
using docker::test::unique_name;

TEST_CASE("pull with options: platform, progress, and no silent tag replacement", "[integration][options]") {
    Client client = test::make_client();
    std::string image = test::engine().registry + "/busybox";
    ImageGuard guard(client, image + ":latest");

    ImagePullOptions options;
    options.platform = "linux/" + client.system().version().arch;
    int events = 0;
    options.on_progress = [&](const ProgressEvent&) { ++events; };
    client.images().pull(image + ":latest", options);  // the tag in the reference, none in options
    CHECK(events > 0);
    CHECK(client.images().inspect(image + ":latest").id == client.images().inspect(test::engine().image).id);

    ImagePullOptions other_tag;
    other_tag.tag = "1.0";
    CHECK_THROWS_WITH(client.images().pull(image + ":latest", other_tag),
                      "pull: '" + image + ":latest' already names 'latest'; pulling '1.0' instead would replace it");
    ImagePullOptions same_tag;
    same_tag.tag = "latest";
    client.images().pull(image + ":latest", same_tag);  // saying it twice is fine
    // (dockerd 20.10 pulls a single-platform manifest whatever platform is asked for, so
    // that the query carries it is checked on the scripted server: tests/api/image_pull_test.cpp.)
}

TEST_CASE("stats, exec start and volume remove with options", "[integration][options]") {
    Client client = test::make_client();
    std::string volume = unique_name("opt-vol");
    client.volumes().create(VolumeCreateOptions{volume, "", {}, {}});
    ContainerConfig config = busybox({"sleep", "300"});
    HostConfig host;
    host.binds = {volume + ":/data"};
    config.host_config = host;
    auto created = client.containers().create(config);
    ContainerGuard guard(client, created.id);
    client.containers().start(created.id);

    ContainerStatsOptions one_shot;
    one_shot.one_shot = true;
    CHECK(client.containers().stats(created.id, one_shot).raw.contains("memory_stats"));

    ExecConfig exec;
    exec.cmd = {"echo", "from exec"};
    exec.attach_stdout = true;
    auto instance = client.exec().create(created.id, exec);
    ExecStartOptions start;
    start.timeout = std::chrono::seconds(60);
    AttachedStream stream = client.exec().start(instance.id, start);
    CHECK(stream.multiplexed());  // tty false
    std::string out;
    LogFrame frame;
    while (stream.next(frame)) out += frame.data;
    CHECK(out == "from exec\n");

    VolumeRemoveOptions remove;
    CHECK_THROWS_AS(client.volumes().remove(volume, remove), Conflict);  // in use
    client.containers().remove(created.id, RemoveContainerOptions{true, false, false});
    remove.force = true;
    client.volumes().remove(volume, remove);
    CHECK_THROWS_AS(client.volumes().inspect(volume), NotFound);
}

TEST_CASE("save of one image by name, load with options", "[integration][options]") {
    Client client = test::make_client();
    std::string reference = unique_name("save-one") + ":v1";
    std::string name = reference.substr(0, reference.find(':'));
    client.images().tag(test::engine().image, name, "v1");
    ImageGuard guard(client, reference);

    auto archive = std::make_shared<std::string>();
    client.images().save(reference, [&](std::string_view piece) { archive->append(piece); });  // no {} needed
    REQUIRE(archive->size() > 1024);
    client.images().remove(reference);

    ImageLoadOptions options;
    int events = 0;
    options.on_progress = [&](const ProgressEvent&) { ++events; };
    auto offset = std::make_shared<std::size_t>(0);
    auto loaded = client.images().load(
        [archive, offset](char* buffer, std::size_t size) {
            std::size_t n = std::min(size, archive->size() - *offset);
            std::copy_n(archive->data() + *offset, n, buffer);
            *offset += n;
            return n;
        },
        archive->size(), options);
    CHECK(loaded == std::vector<std::string>{reference});
    CHECK(events > 0);
    CHECK(client.images().inspect(reference).id == client.images().inspect(test::engine().image).id);
}

}  // namespace integration_option_forms_test
