// GET /distribution/{name}/json against the real engine and its local registries.

#include "support/catch.hpp"

#include "integration/engine.hpp"

#include <string>

// A namespace per test file: test files are compiled in batches (unity build).
namespace integration_distribution_test {
using namespace docker;
using docker::test::ImageGuard;
using docker::test::unique_name;

// covers: DistributionInspect (real engine)
TEST_CASE("distribution: inspect what the registry holds for a pushed image", "[integration][distribution]") {
    Client client = test::make_client();
    std::string repo = test::engine().registry + "/" + unique_name("dist");
    client.images().tag(test::engine().image, repo, "v1");
    ImageGuard guard(client, repo + ":v1");
    std::string digest;
    ImagePushOptions push;
    push.tag = "v1";
    client.images().push(repo, push, [&](const ProgressEvent& e) {
        if (e.aux.is_object()) digest = e.aux.value("Digest", "");
    });
    REQUIRE(digest.rfind("sha256:", 0) == 0);

    DistributionInspect inspected = client.distribution().inspect(repo + ":v1");
    CHECK(inspected.descriptor.digest == digest);
    CHECK(inspected.descriptor.media_type == "application/vnd.docker.distribution.manifest.v2+json");
    REQUIRE(inspected.descriptor.size);
    CHECK(*inspected.descriptor.size > 0);
    REQUIRE(inspected.platforms.size() == 1);
    CHECK(inspected.platforms[0].os == "linux");
    CHECK(inspected.platforms[0].architecture == client.system().version().arch);

    // By digest, the same descriptor.
    CHECK(client.distribution().inspect(repo + "@" + digest).descriptor.digest == digest);

    try {
        client.distribution().inspect(test::engine().registry + "/dcpp-no-such-image:v1");
        FAIL("a missing image was inspected");
    } catch (const NotFound& e) {
        CHECK(e.message() == "manifest unknown: manifest unknown");
    }
}

TEST_CASE("distribution: the htpasswd registry needs credentials", "[integration][distribution]") {
    const auto& engine = test::engine();
    Client client = test::make_client();
    std::string image = engine.auth_registry + "/busybox:latest";
    try {
        client.distribution().inspect(image);
        FAIL("an anonymous inspect of the protected registry succeeded");
    } catch (const ApiError& e) {
        CHECK(e.message() ==
              "Head \"http://" + engine.auth_registry + "/v2/busybox/manifests/latest\": no basic auth credentials");
    }
    DistributionInspectOptions options;
    options.auth = AuthConfig{};
    options.auth->username = engine.auth_user;
    options.auth->password = engine.auth_password;
    options.auth->server_address = engine.auth_registry;
    DistributionInspect inspected = client.distribution().inspect(image, options);
    REQUIRE(inspected.descriptor.digest);
    CHECK(inspected.descriptor.digest->rfind("sha256:", 0) == 0);
    CHECK(inspected.platforms.at(0).os == "linux");
}

}  // namespace integration_distribution_test
