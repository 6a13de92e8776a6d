#include "docker/error_kind.hpp"

#include <stdexcept>

#include "support/catch.hpp"

// A namespace per test file: test files are compiled in batches (unity build).
namespace unit_error_kind_test {
using namespace docker;

namespace {

ApiError answer(int status, const std::string& message) { return ApiError(status, "POST", "/x", message); }

}  // namespace

TEST_CASE("error kinds: the status decides where it is precise", "[errors]") {
    CHECK(error_kind(answer(400, "anything")) == ErrorKind::invalid_parameter);
    CHECK(error_kind(answer(401, "")) == ErrorKind::unauthorized);
    CHECK(error_kind(answer(404, "is not paused")) == ErrorKind::not_found);  // the status wins
    CHECK(error_kind(answer(409, "")) == ErrorKind::conflict);
    CHECK(error_kind(answer(501, "")) == ErrorKind::not_implemented);
    CHECK(error_kind(answer(503, "This node is not a swarm manager.")) == ErrorKind::unavailable);
    CHECK(error_kind(answer(500, "something broke")) == ErrorKind::internal);
    CHECK(error_kind(answer(403, "operation not permitted")) == ErrorKind::forbidden);
}

TEST_CASE("error kinds: dockerd 20.10's vague answers are read by their message", "[errors]") {
    CHECK(is_conflict(answer(500, "Container 88ba is not paused")));
    CHECK(is_conflict(answer(500, "rpc error: code = Unknown desc = update out of sequence")));
    CHECK(is_conflict(answer(403, "error while removing network: network n id f7a1 has active endpoints")));
    CHECK(is_unauthorized(answer(500, "login attempt to http://127.0.0.1:5011/v2/ failed with status: 401 Unauthorized")));
    CHECK(is_invalid_parameter(answer(500, "failed to parse value as time or duration: \"bogus\"")));
    CHECK(is_invalid_parameter(
        answer(500, "json: cannot unmarshal string into Go struct field UpdateConfig.Memory of type int64")));
    CHECK(is_not_found(answer(500, "no such container nosuch")));
    CHECK(is_not_found(answer(500, "No such image: x:latest")));  // case does not matter
    CHECK_FALSE(is_not_found(answer(500, "dial tcp: lookup index.docker.io: no such host")));
}

TEST_CASE("error kinds: what the library itself throws", "[errors]") {
    CHECK(is_invalid_parameter(UsageError("container id or name is empty")));
    CHECK(error_kind(ConnectionError("unix:///x", "refused")) == ErrorKind::other);
    CHECK(error_kind(std::runtime_error("x")) == ErrorKind::other);
    const Error& as_base = NotFound(404, "GET", "/x", "gone");
    CHECK(is_not_found(as_base));  // through a reference to the base class
}

}  // namespace unit_error_kind_test
