#include "docker/models/archive.hpp"

#include <string>

#include "support/catch.hpp"

// A namespace per test file: test files are compiled in batches (unity build).
namespace models_archive_test {
TEST_CASE("PathStat decodes the X-Docker-Container-Path-Stat header", "[archive][models]") {
    // As dockerd 20.10 sent it for /bin/busybox.
    docker::PathStat file = docker::detail::decode_path_stat(
        "eyJuYW1lIjoiYnVzeWJveCIsInNpemUiOjE5ODIyNTYsIm1vZGUiOjQ5MywibXRpbWUiOiIyMDI2LTExLTI4VDEyOjU3OjM2WiIsImxpbmtUYXJnZXQiOiIifQ==");
    CHECK(file.name == "busybox");
    CHECK(file.size == 1982256);
    CHECK(file.permissions() == 0755);
    CHECK(file.is_regular());
    CHECK_FALSE(file.is_directory());
    CHECK(file.mtime == "2026-11-28T12:57:36Z");
    CHECK(file.link_target.empty());

    // A directory (Go's ModeDir is 1 << 31) and a symlink (1 << 27).
    auto dir = docker::detail::decode_path_stat(docker::detail::base64_encode(
        R"({"name":"etc","size":4096,"mode":2147484141,"mtime":"2024-01-01T00:00:00Z","linkTarget":""})"));
    CHECK(dir.is_directory());
    CHECK_FALSE(dir.is_regular());
    CHECK(dir.permissions() == 0755);
    auto link = docker::detail::decode_path_stat(docker::detail::base64_encode(
        R"({"name":"sh","size":7,"mode":134218239,"mtime":"2024-01-01T00:00:00Z","linkTarget":"/bin/busybox"})"));
    CHECK(link.is_symlink());
    CHECK(link.link_target == "/bin/busybox");

    CHECK_THROWS_AS(docker::detail::decode_path_stat(""), docker::ProtocolError);
    CHECK_THROWS_AS(docker::detail::decode_path_stat("!!!"), docker::ProtocolError);
    CHECK_THROWS_AS(docker::detail::decode_path_stat(docker::detail::base64_encode("not json")), docker::ProtocolError);
}

}  // namespace models_archive_test
