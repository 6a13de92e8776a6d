// GET /images/{name}/get, GET /images/get and POST /images/load against the real engine:
// images saved, removed, and loaded back with the same IDs. The images are tiny ones
// imported here, so removing them disturbs no other test.
// covers: ImageGet, ImageGetAll, ImageLoad, ImageCreate (real engine)

#include "support/catch.hpp"

#include "integration/engine.hpp"

#include <algorithm>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

// A namespace per test file: test files are compiled in batches (unity build).
namespace integration_image_archive_test {
using namespace docker;
using docker::test::ImageGuard;
using docker::test::unique_name;

namespace {

bool has(const std::vector<std::string>& values, const std::string& value) {
    return std::find(values.begin(), values.end(), value) != values.end();
}

http::BodySource source_of(std::string bytes) {
    auto data = std::make_shared<std::string>(std::move(bytes));
    auto offset = std::make_shared<std::size_t>(0);
    return [data, offset](char* buffer, std::size_t size) {
        std::size_t n = std::min(size, data->size() - *offset);
        std::copy_n(data->data() + *offset, n, buffer);
        *offset += n;
        return n;
    };
}

// Imports a one-file image whose content (and so whose ID) nobody else has. Returns "repo:tag".
std::string import_unique(Client& client, const std::string& repo) {
    TarEntry e;
    e.name = "marker";
    std::string tar;
    stream::TarWriter writer([&](std::string_view bytes) { tar.append(bytes); });
    writer.add(e, repo + "\n");
    writer.finish();
    std::size_t size = tar.size();
    client.images().import_image(source_of(std::move(tar)), size, repo, "v1");
    return repo + ":v1";
}

bool exists(Client& client, const std::string& reference) {
    try {
        client.images().inspect(reference);
        return true;
    } catch (const NotFound&) {
        return false;
    }
}

}  // namespace

TEST_CASE("save, remove, load: the image comes back with the same ID", "[integration][images-save]") {
    Client client = test::make_client();
    std::string reference = import_unique(client, unique_name("save"));
    ImageGuard guard(client, reference);
    std::string id = client.images().inspect(reference).id;

    std::string archive;
    std::size_t pieces = 0;
    client.images().save({reference}, [&](std::string_view piece) {
        archive.append(piece);
        ++pieces;
    });
    CHECK(pieces >= 1);
    CHECK(archive.size() % 512 == 0);
    CHECK(archive.find("manifest.json") != std::string::npos);

    client.images().remove(reference);
    REQUIRE_FALSE(exists(client, reference));

    std::vector<std::string> statuses;
    auto loaded = client.images().load(source_of(archive), archive.size(), false,
                                       [&](const ProgressEvent& e) { statuses.push_back(e.stream + e.status); });
    CHECK(loaded == std::vector<std::string>{reference});
    CHECK_FALSE(statuses.empty());
    CHECK(client.images().inspect(reference).id == id);

    SECTION("get (ImageGet) by ID: loaded back as an ID, without a name") {
        std::string by_id;
        client.images().get(id, [&](std::string_view piece) { by_id.append(piece); });
        client.images().remove(reference);
        ImageGuard by_id_guard(client, id);
        auto again = client.images().load(source_of(by_id), std::nullopt, true);  // chunked, quiet
        CHECK(again == std::vector<std::string>{id});
        CHECK(client.images().inspect(id).repo_tags.empty());
    }
}

TEST_CASE("save_file and load_file: several images in one archive", "[integration][images-save]") {
    Client client = test::make_client();
    std::string first = import_unique(client, unique_name("save-a"));
    ImageGuard guard_first(client, first);
    std::string second = import_unique(client, unique_name("save-b"));
    ImageGuard guard_second(client, second);
    std::string first_id = client.images().inspect(first).id;
    std::string second_id = client.images().inspect(second).id;
    REQUIRE(first_id != second_id);

    std::string path = "/tmp/" + unique_name("images") + ".tar";
    client.images().save_file({first, second}, path);
    client.images().remove(first);
    client.images().remove(second);
    REQUIRE_FALSE(exists(client, first));

    auto loaded = client.images().load_file(path, true);
    std::remove(path.c_str());
    CHECK(loaded.size() == 2);
    CHECK(has(loaded, first));
    CHECK(has(loaded, second));
    CHECK(client.images().inspect(first).id == first_id);
    CHECK(client.images().inspect(second).id == second_id);
}

TEST_CASE("save and load errors", "[integration][images-save]") {
    Client client = test::make_client();
    SECTION("saving a missing image is NotFound") {
        CHECK_THROWS_AS(client.images().save({"dcpp-no-such-image:nope"}, [](std::string_view) {}), NotFound);
    }
    SECTION("loading bytes that are no image archive fails") {
        CHECK_THROWS_AS(client.images().load(source_of(std::string(2048, 'x')), 2048), Error);
    }
    SECTION("load_file of a missing file is a UsageError") {
        CHECK_THROWS_AS(client.images().load_file("/nonexistent/dcpp.tar"), UsageError);
    }
}

}  // namespace integration_image_archive_test
