// POST /build against the real engine (dockerd's classic builder): a directory context with
// a .dockerignore, build args, labels, several tags; a caller-made tar context with another
// Dockerfile name and a target stage; a failing step raised as StreamError.
// covers: ImageBuild (real engine)

#include "support/catch.hpp"

#include "integration/engine.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

// A namespace per test file: test files are compiled in batches (unity build).
namespace integration_build_test {
using namespace docker;
using docker::test::busybox;
using docker::test::ContainerGuard;
using docker::test::engine;
using docker::test::ImageGuard;
using docker::test::unique_name;

namespace {

struct ContextDir {
    std::string path;
    ContextDir() {
        char pattern[] = "/tmp/dcpp-build-XXXXXX";
        REQUIRE(::mkdtemp(pattern) != nullptr);
        path = pattern;
    }
    ~ContextDir() {
        std::string cmd = "rm -rf '" + path + "'";
        if (std::system(cmd.c_str()) != 0) std::fprintf(stderr, "could not remove %s\n", path.c_str());
    }
    void write(const std::string& name, const std::string& text) const {
        std::ofstream f(path + "/" + name, std::ios::binary);
        f << text;
        REQUIRE(f.good());
    }
    void mkdir(const std::string& name) const { REQUIRE(::mkdir((path + "/" + name).c_str(), 0755) == 0); }
};

bool has(const std::vector<std::string>& values, const std::string& value) {
    return std::find(values.begin(), values.end(), value) != values.end();
}

int run_in(Client& client, const std::string& image, const std::string& script) {
    ContainerConfig config;
    config.image = image;
    config.cmd = {"sh", "-c", script};
    auto created = client.containers().create(config);
    ContainerGuard guard(client, created.id);
    client.containers().start(created.id);
    return static_cast<int>(client.containers().wait(created.id).status_code);
}

// A tar archive in memory, one regular file per (name, text).
std::string tar_of(const std::vector<std::pair<std::string, std::string>>& files) {
    std::string out;
    stream::TarWriter writer([&](std::string_view bytes) { out.append(bytes); });
    for (const auto& [name, text] : files) {
        TarEntry e;
        e.name = name;
        writer.add(e, text);
    }
    writer.finish();
    return out;
}

}  // namespace

TEST_CASE("build from a directory: .dockerignore, build args, labels, tags", "[integration][build]") {
    Client client = test::make_client();
    ContextDir ctx;
    ctx.write("Dockerfile", "FROM " + engine().image +
                                "\n"
                                "ARG GREETING=none\n"
                                "LABEL from.dockerfile=yes\n"
                                "COPY . /ctx\n"
                                "RUN echo \"$GREETING\" > /greeting\n");
    ctx.write(".dockerignore", "# test context\nexcluded.txt\n*.tmp\nsecret/\n!secret/public.txt\n");
    ctx.write("kept.txt", "kept\n");
    ctx.write("excluded.txt", "must not be sent\n");
    ctx.write("junk.tmp", "must not be sent\n");
    ctx.mkdir("sub");
    ctx.write("sub/nested.txt", "nested\n");
    ctx.mkdir("secret");
    ctx.write("secret/key.pem", "must not be sent\n");
    ctx.write("secret/public.txt", "public\n");

    std::string repo = unique_name("build");
    BuildOptions options;
    options.tags = {repo + ":latest", repo + ":second"};
    options.buildargs = {{"GREETING", "hello-arg"}};
    options.labels = {{"dcpp.build", "yes"}, {"dcpp.repo", repo}};
    options.nocache = true;
    std::vector<ProgressEvent> events;
    std::string id = client.images().build(ctx.path, options, [&](const ProgressEvent& e) { events.push_back(e); });
    ImageGuard guard_second(client, repo + ":second");
    ImageGuard guard_latest(client, repo + ":latest");

    INFO("image id: " << id);
    CHECK(id.rfind("sha256:", 0) == 0);
    CHECK(id.size() == 71);
    std::string output;
    bool saw_aux_id = false;
    for (const auto& e : events) {
        output += e.stream;
        if (e.aux.is_object() && e.aux.value("ID", "") == id) saw_aux_id = true;
    }
    INFO("output:\n" << output);
    CHECK(saw_aux_id);
    // Five instructions, and a LABEL step for each label of the query.
    CHECK(output.find("Step 1/7 : FROM " + engine().image) != std::string::npos);
    CHECK(output.find("Successfully built " + id.substr(7, 12)) != std::string::npos);

    auto image = client.images().inspect(repo + ":latest");
    CHECK(image.id == id);
    CHECK(has(image.repo_tags, repo + ":latest"));
    CHECK(has(image.repo_tags, repo + ":second"));
    CHECK(image.labels["dcpp.build"] == "yes");
    CHECK(image.labels["dcpp.repo"] == repo);
    CHECK(image.labels["from.dockerfile"] == "yes");

    CHECK(run_in(client, id,
                 "test -e /ctx/kept.txt && test ! -e /ctx/excluded.txt && test ! -e /ctx/junk.tmp && "
                 "test -e /ctx/sub/nested.txt && test -e /ctx/secret/public.txt && test ! -e /ctx/secret/key.pem && "
                 "test -e /ctx/Dockerfile && test -e /ctx/.dockerignore && grep -qx hello-arg /greeting") == 0);
}

TEST_CASE("build: a failing step raises StreamError with the builder's message", "[integration][build]") {
    Client client = test::make_client();
    ContextDir ctx;
    ctx.write("Dockerfile", "FROM " + engine().image + "\nRUN echo about to fail && exit 7\n");
    BuildOptions options;
    options.forcerm = true;  // no intermediate container left behind
    std::string output;
    try {
        client.images().build(ctx.path, options, [&](const ProgressEvent& e) { output += e.stream; });
        FAIL("the build succeeded");
    } catch (const StreamError& e) {
        INFO(e.what());
        CHECK(std::string(e.what()).find("returned a non-zero code: 7") != std::string::npos);
        CHECK(e.code() == 7);
    }
    // The output before the failure was delivered as it came.
    CHECK(output.find("about to fail") != std::string::npos);
}

TEST_CASE("build from a caller-made tar: another Dockerfile name, a target stage", "[integration][build]") {
    Client client = test::make_client();
    std::string archive = tar_of({{"docker/Build.file", "FROM " + engine().image +
                                                            " AS first\n"
                                                            "LABEL stage=first\n"
                                                            "COPY data.txt /data.txt\n"
                                                            "FROM " +
                                                            engine().image +
                                                            " AS second\n"
                                                            "LABEL stage=second\n"},
                                  {"data.txt", "payload\n"}});
    auto offset = std::make_shared<std::size_t>(0);
    auto source = [archive, offset](char* buffer, std::size_t size) {
        std::size_t n = std::min(size, archive.size() - *offset);
        std::copy_n(archive.data() + *offset, n, buffer);
        *offset += n;
        return n;
    };
    std::string repo = unique_name("build-tar");
    BuildOptions options;
    options.tags = {repo};
    options.dockerfile = "docker/Build.file";
    options.target = "first";

    SECTION("sized") {
        std::string id = client.images().build(source, archive.size(), options);
        ImageGuard guard(client, repo);
        auto image = client.images().inspect(repo);
        CHECK(image.id == id);
        CHECK(image.labels["stage"] == "first");
        CHECK(run_in(client, id, "grep -qx payload /data.txt") == 0);
    }
    SECTION("chunked, quiet") {
        options.quiet = true;
        std::string id = client.images().build(source, std::nullopt, options);
        ImageGuard guard(client, repo);
        CHECK(client.images().inspect(repo).id == id);
    }
}

TEST_CASE("build: errors before anything is sent, and the daemon's refusals", "[integration][build]") {
    Client client = test::make_client();
    ContextDir ctx;
    SECTION("no Dockerfile in the directory") {
        CHECK_THROWS_AS(client.images().build(ctx.path), UsageError);
    }
    SECTION("an invalid tag is refused before the build starts") {
        ctx.write("Dockerfile", "FROM " + engine().image + "\n");
        BuildOptions options;
        options.tags = {"Not A Valid:Tag"};
        try {
            client.images().build(ctx.path, options);
            FAIL("the build succeeded");
        } catch (const ApiError& e) {  // 500 from dockerd 20.10, 400 from later ones
            CHECK(e.message().find("invalid reference format") != std::string::npos);
        }
    }
    SECTION("a Dockerfile the builder cannot parse") {
        ctx.write("Dockerfile", "FROM " + engine().image + "\nNOSUCHINSTRUCTION x\n");
        try {
            client.images().build(ctx.path);
            FAIL("the build succeeded");
        } catch (const Error& e) {  // a 400, or an error line: daemons differ
            CHECK(std::string(e.what()).find("NOSUCHINSTRUCTION") != std::string::npos);
        }
    }
}

}  // namespace integration_build_test
