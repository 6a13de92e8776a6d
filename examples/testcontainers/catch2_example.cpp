// Catch2 with containers: one Redis shared by every test case that asks for it (started at
// first use, removed at exit), and a fresh one for a case that needs a clean server.

#if defined(DOCKER_CPP_CATCH2_V3)
#include <catch2/catch_test_macros.hpp>
#else
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
#endif

#include "redis.hpp"

namespace {

docker::Client& client() {
    static docker::Client c;  // DOCKER_HOST
    return c;
}

// Shared across test cases: a function-local static, destroyed (and removed) at exit.
docker::testing::Container& shared_redis() {
    static docker::testing::Container redis = docker::testing::Container::start(
        client(), redis_example::redis_spec(redis_example::ensure_redis_image(client())));
    return redis;
}

redis_example::Resp connect(const docker::testing::Container& redis) {
    return redis_example::Resp(redis.host(), redis.mapped_port("6379"));
}

}  // namespace

TEST_CASE("shared redis answers PING") {
    auto resp = connect(shared_redis());
    CHECK(resp.command({"PING"}) == "+PONG");
}

TEST_CASE("shared redis keeps what an earlier case wrote") {
    auto resp = connect(shared_redis());
    CHECK(resp.command({"INCR", "visits"}).rfind(":", 0) == 0);
    CHECK(resp.command({"SET", "k", "v"}) == "+OK");
    CHECK(resp.command({"GET", "k"}) == "v");
}

TEST_CASE("a fresh redis per case starts empty") {
    auto redis = docker::testing::Container::start(client(), redis_example::redis_spec(redis_example::ensure_redis_image(client())));
    auto resp = connect(redis);
    CHECK(resp.command({"DBSIZE"}) == ":0");
    CHECK(resp.command({"SET", "only", "here"}) == "+OK");
    CHECK(resp.command({"GET", "only"}) == "here");
}  // removed here, even when a CHECK above failed
