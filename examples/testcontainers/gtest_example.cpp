// GoogleTest with containers: a suite-wide Redis (SetUpTestSuite / TearDownTestSuite)
// shared by the suite's tests, and a fixture that gives each test a fresh one.

#include <gtest/gtest.h>

#include "redis.hpp"

#include <memory>

namespace {

docker::Client& client() {
    static docker::Client c;  // DOCKER_HOST
    return c;
}

docker::testing::Container start_redis() {
    return docker::testing::Container::start(client(),
                                             redis_example::redis_spec(redis_example::ensure_redis_image(client())));
}

}  // namespace

// One container for the whole suite.
class SharedRedis : public ::testing::Test {
protected:
    static void SetUpTestSuite() { redis_ = std::make_unique<docker::testing::Container>(start_redis()); }
    static void TearDownTestSuite() { redis_.reset(); }  // removes the container

    redis_example::Resp connect() { return redis_example::Resp(redis_->host(), redis_->mapped_port("6379")); }

    static std::unique_ptr<docker::testing::Container> redis_;
};
std::unique_ptr<docker::testing::Container> SharedRedis::redis_;

TEST_F(SharedRedis, AnswersPing) { EXPECT_EQ(connect().command({"PING"}), "+PONG"); }

TEST_F(SharedRedis, SetThenGet) {
    auto resp = connect();
    EXPECT_EQ(resp.command({"SET", "suite", "shared"}), "+OK");
    EXPECT_EQ(resp.command({"GET", "suite"}), "shared");
}

// A fresh container for each test.
class FreshRedis : public ::testing::Test {
protected:
    FreshRedis() : redis_(start_redis()) {}

    docker::testing::Container redis_;
};

TEST_F(FreshRedis, StartsEmpty) {
    redis_example::Resp resp(redis_.host(), redis_.mapped_port("6379"));
    EXPECT_EQ(resp.command({"DBSIZE"}), ":0");
    EXPECT_EQ(resp.command({"SET", "k", "v"}), "+OK");
}

TEST_F(FreshRedis, IsAnotherContainer) {
    redis_example::Resp resp(redis_.host(), redis_.mapped_port("6379"));
    EXPECT_EQ(resp.command({"GET", "k"}), "(nil)");  // the previous test's key is not here
}
