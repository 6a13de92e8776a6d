// What no daemon here can serve, on the scripted server: image search (needs Docker Hub),
// image attestations (API 1.55), and the version gates of newer parameters.

#include "docker/api/image_maintenance.hpp"

#include "docker/api/images.hpp"

#include <chrono>
#include <string>

#include "support/catch.hpp"
#include "support/fake_client.hpp"
#include "support/fake_daemon.hpp"

// A namespace per test file: test files are compiled in batches (unity build).
namespace api_image_maintenance_test {
using namespace docker;
using docker::test::FakeDaemon;
using namespace std::chrono_literals;

namespace {

using docker::test::pinned_options;

FakeDaemon::Action json_answer(const std::string& body) {
    return FakeDaemon::respond(200, body, {{"Content-Type", "application/json"}});
}

}  // namespace

// covers: ImageSearch (scripted server)
TEST_CASE("images: search sends term, limit and filters and parses the hits", "[api][images]") {
    FakeDaemon daemon({{FakeDaemon::read_request(),
                        json_answer(R"([{"description":"Busybox base image.","is_official":true,"is_automated":false,)"
                                    R"("name":"busybox","star_count":3037,"new_key":"kept"},)"
                                    R"({"name":"someone/busybox","star_count":2}])")}});
    Client client(pinned_options(daemon, "1.55"));
    ImageSearchOptions options;
    options.limit = 2;
    options.filters = {{"is-official", {"true"}}, {"stars", {"100"}}};
    auto hits = client.images().search("busy box", options);

    REQUIRE(daemon.requests().size() == 1);
    auto requests = daemon.requests();
    const auto& r = requests[0];
    CHECK(r.method == "GET");
    CHECK(r.target == "/v1.55/images/search?term=busy%20box&limit=2&filters=" +
                          http::encode_query_component(R"({"is-official":["true"],"stars":["100"]})"));
    CHECK(r.body.empty());

    REQUIRE(hits.size() == 2);
    CHECK(hits[0].name == "busybox");
    CHECK(hits[0].description == "Busybox base image.");
    CHECK(hits[0].is_official == true);
    CHECK(hits[0].is_automated == false);
    CHECK(hits[0].star_count == 3037);
    CHECK(hits[0].extra.at("new_key") == "kept");
    CHECK(hits[1].name == "someone/busybox");
    CHECK_FALSE(hits[1].is_official);  // not sent: unset, not false

    CHECK_THROWS_AS(client.images().search(""), UsageError);
}

TEST_CASE("images: search without options sends only the term; a registry failure is a ServerError",
          "[api][images]") {
    FakeDaemon daemon({{FakeDaemon::read_request(),
                        FakeDaemon::respond(500, R"({"message":"Get \"https://index.docker.io/v1/search\": dial tcp: lookup index.docker.io: no such host"})",
                                            {{"Content-Type", "application/json"}})}});
    Client client(pinned_options(daemon, "1.41"));
    try {
        client.images().search("busybox");
        FAIL("expected a ServerError");
    } catch (const ServerError& e) {
        CHECK(e.status() == 500);
        CHECK(e.message().find("no such host") != std::string::npos);
    }
    REQUIRE(daemon.requests().size() == 1);
    CHECK(daemon.requests()[0].target == "/v1.41/images/search?term=busybox");
}

// covers: ImageAttestations (scripted server)
TEST_CASE("images: attestations sends platform, types and statement and parses the statements", "[api][images]") {
    FakeDaemon daemon({{FakeDaemon::read_request(),
                        json_answer(R"([{"Descriptor":{"mediaType":"application/vnd.in-toto+json","digest":"sha256:abc",)"
                                    R"("size":1234,"annotations":{"in-toto.io/predicate-type":"https://slsa.dev/provenance/v0.2"}},)"
                                    R"("PredicateType":"https://slsa.dev/provenance/v0.2",)"
                                    R"("Statement":{"_type":"https://in-toto.io/Statement/v0.1","subject":[]}}])")}});
    Client client(pinned_options(daemon, "1.55"));
    ImageAttestationsOptions options;
    model::OCIPlatform platform;
    platform.os = "linux";
    platform.architecture = "arm64";
    platform.variant = "v8";
    options.platform = platform;
    options.predicate_types = {"https://slsa.dev/provenance/v0.2", "https://spdx.dev/Document"};
    options.include_statement = true;
    auto statements = client.images().attestations("registry:5000/app:1.0", options);

    REQUIRE(daemon.requests().size() == 1);
    auto requests = daemon.requests();
    const auto& r = requests[0];
    CHECK(r.method == "GET");
    CHECK(r.target == "/v1.55/images/registry:5000/app:1.0/attestations?platform=" +
                          http::encode_query_component(R"({"architecture":"arm64","os":"linux","variant":"v8"})") +
                          "&type=" + http::encode_query_component("https://slsa.dev/provenance/v0.2") +
                          "&type=" + http::encode_query_component("https://spdx.dev/Document") + "&statement=1");

    REQUIRE(statements.size() == 1);
    CHECK(statements[0].predicate_type == "https://slsa.dev/provenance/v0.2");
    CHECK(statements[0].descriptor.digest == "sha256:abc");
    CHECK(statements[0].descriptor.size == 1234);
    CHECK(statements[0].descriptor.media_type == "application/vnd.in-toto+json");
    CHECK(statements[0].statement.at("_type") == "https://in-toto.io/Statement/v0.1");
}

TEST_CASE("images: attestations below API 1.55 is refused before anything is sent", "[api][images]") {
    FakeDaemon daemon({});
    Client client(pinned_options(daemon, "1.54"));
    try {
        client.images().attestations("busybox");
        FAIL("expected UnsupportedApiVersion");
    } catch (const UnsupportedApiVersion& e) {
        CHECK(std::string(e.what()) == "ImageAttestations needs API 1.55, the client uses 1.54");
        CHECK(e.feature() == "ImageAttestations");
        CHECK(e.required_version() == "1.55");
        CHECK(e.api_version() == "1.54");
    }
    CHECK(daemon.connections() == 0);
}

// covers: BuildPrune (scripted server)
TEST_CASE("images: build prune sends the newer space limits from API 1.52 and refuses them below",
          "[api][images]") {
    FakeDaemon daemon({{FakeDaemon::read_request(),
                        json_answer(R"({"CachesDeleted":["a1","b2"],"SpaceReclaimed":4096})")}});
    {
        Client client(pinned_options(daemon, "1.52"));
        BuildPruneOptions options;
        options.all = true;
        options.reserved_space = 1000;
        options.max_used_space = 2000;
        options.min_free_space = 3000;
        options.filters = {{"until", {"24h"}}};
        auto pruned = client.images().build_prune(options);
        REQUIRE(daemon.requests().size() == 1);
        CHECK(daemon.requests()[0].method == "POST");
        CHECK(daemon.requests()[0].target ==
              "/v1.52/build/prune?all=1&reserved-space=1000&max-used-space=2000&min-free-space=3000&filters=" +
                  http::encode_query_component(R"({"until":["24h"]})"));
        CHECK(pruned.caches_deleted == std::vector<std::string>{"a1", "b2"});
        CHECK(pruned.space_reclaimed == 4096);
    }
    Client old(pinned_options(daemon, "1.51"));
    BuildPruneOptions newer;
    newer.min_free_space = 1;
    CHECK_THROWS_WITH(old.images().build_prune(newer),
                      "BuildPrune query parameter \"min-free-space\" needs API 1.52, the client uses 1.51");
    CHECK(daemon.connections() == 1);
}

TEST_CASE("images: history with a platform needs API 1.52", "[api][images]") {
    FakeDaemon daemon({});
    Client client(pinned_options(daemon, "1.51"));
    ImageHistoryOptions options;
    options.platform = model::OCIPlatform{};
    options.platform->os = "linux";
    CHECK_THROWS_AS(client.images().history("busybox", options), UnsupportedApiVersion);
    CHECK(daemon.connections() == 0);
}

}  // namespace api_image_maintenance_test
