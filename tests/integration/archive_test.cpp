// The archive endpoints (stat, get, put, export) and the one-call copies, against the real
// engine. Containers are created and never started: dockerd serves archives of created
// containers by mounting their filesystem for the call.
// covers: ContainerCreate, ContainerExport, ContainerArchive, ContainerArchiveInfo, PutContainerArchive (real engine)

#include "support/catch.hpp"

#include "integration/engine.hpp"
#include "support/sha256.hpp"
#include "support/temp_dir.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <vector>

// A namespace per test file: test files are compiled in batches (unity build).
namespace integration_archive_test {
using namespace docker;
using docker::test::busybox;
using docker::test::ContainerGuard;
using docker::test::unique_name;
using docker::test::TempDir;

namespace {


std::string random_bytes(std::size_t n, std::uint32_t seed) {
    std::mt19937 rng(seed);
    std::string out(n, '\0');
    for (auto& c : out) c = static_cast<char>(rng() & 0xff);
    return out;
}

void write_file(const std::string& path, const std::string& data) {
    std::ofstream out(path, std::ios::binary);
    out << data;
    REQUIRE(out.good());
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

// Members of an in-memory archive, by name.
struct Member {
    TarEntry entry;
    std::string data;
};

std::vector<Member> members_of(const std::string& archive) {
    std::vector<Member> out;
    stream::TarHandler handler;
    handler.on_entry = [&](const TarEntry& e) { out.push_back(Member{e, {}}); };
    handler.on_data = [&](std::string_view d) { out.back().data.append(d); };
    stream::TarReader reader(handler);
    reader.feed(archive);
    reader.finish();
    return out;
}

std::string one_file_tar(const std::string& name, const std::string& data, std::uint32_t mode) {
    std::string archive;
    stream::TarWriter writer([&](std::string_view bytes) { archive.append(bytes); });
    TarEntry entry;
    entry.name = name;
    entry.mode = mode;
    entry.mtime = 1700000000;
    writer.add(entry, data);
    writer.finish();
    return archive;
}

std::string created_container(Client& client) {
    return client.containers().create(busybox({"true"}), unique_name("archive")).id;
}

// The process's resident-set figures from /proc/self/status, in KiB.
std::int64_t status_kib(const char* field) {
    std::ifstream in("/proc/self/status");
    std::string line;
    std::string prefix = std::string(field) + ":";
    while (std::getline(in, line))
        if (line.compare(0, prefix.size(), prefix) == 0) return std::strtoll(line.c_str() + prefix.size(), nullptr, 10);
    return -1;
}

// Resets VmHWM to the current RSS (Linux >= 4.0); false where that is not allowed.
bool reset_peak_rss() {
    std::ofstream out("/proc/self/clear_refs");
    out << "5";
    out.flush();
    return out.good();
}

// A file of `size` bytes from a fixed seed, written in 1 MiB pieces (never whole in memory).
void write_random_file(const std::string& path, std::uint64_t size, std::uint64_t seed) {
    std::ofstream out(path, std::ios::binary);
    std::mt19937_64 rng(seed);
    std::vector<std::uint64_t> piece(1024 * 1024 / 8);
    for (std::uint64_t left = size; left > 0;) {
        for (auto& word : piece) word = rng();
        auto n = static_cast<std::size_t>(std::min<std::uint64_t>(left, piece.size() * 8));
        out.write(reinterpret_cast<const char*>(piece.data()), static_cast<std::streamsize>(n));
        left -= n;
    }
    REQUIRE(out.good());
}

std::string sha256sum_tool(const std::string& path) {
    std::FILE* p = ::popen(("sha256sum '" + path + "' 2>/dev/null").c_str(), "r");
    if (!p) return {};
    char line[160] = {};
    std::string out = std::fgets(line, sizeof line, p) ? std::string(line).substr(0, 64) : std::string();
    ::pclose(p);
    return out;
}

}  // namespace

TEST_CASE("put_archive a file, stat it, get it back byte for byte", "[integration][archive]") {
    Client client = test::make_client();
    ContainerGuard guard(client, created_container(client));
    const std::string data = random_bytes(3000, 11);

    client.containers().put_archive(guard.id(), "/tmp", one_file_tar("hello.bin", data, 0640));

    PathStat stat = client.containers().stat_path(guard.id(), "/tmp/hello.bin");
    CHECK(stat.name == "hello.bin");
    CHECK(stat.size == 3000);
    CHECK(stat.permissions() == 0640);
    CHECK(stat.is_regular());
    CHECK(stat.mtime.rfind("2023-11-14T22:13:20", 0) == 0);  // 1700000000

    std::string archive;
    PathStat got = client.containers().get_archive(guard.id(), "/tmp/hello.bin",
                                                   [&](std::string_view piece) { archive.append(piece); });
    CHECK(got.name == "hello.bin");
    CHECK(got.size == 3000);
    auto members = members_of(archive);
    REQUIRE(members.size() == 1);
    CHECK(members[0].entry.name == "hello.bin");
    CHECK(members[0].entry.mode == 0640);
    CHECK(members[0].data == data);

    // A directory stats as one.
    PathStat tmp = client.containers().stat_path(guard.id(), "/tmp");
    CHECK(tmp.is_directory());

    // Streamed from a BodySource, with and without a known length; options reach the daemon.
    std::string second = one_file_tar("second.txt", "streamed\n", 0600);
    for (bool sized : {true, false}) {
        std::size_t at = 0;
        http::BodySource source = [&](char* buffer, std::size_t size) {
            std::size_t n = std::min<std::size_t>({size, 100, second.size() - at});
            std::copy(second.data() + at, second.data() + at + n, buffer);
            at += n;
            return n;
        };
        PutArchiveOptions options;
        options.no_overwrite_dir_non_dir = true;
        client.containers().put_archive(guard.id(), "/tmp", source,
                                        sized ? std::optional<std::uint64_t>(second.size()) : std::nullopt, options);
        CHECK(client.containers().stat_path(guard.id(), "/tmp/second.txt").size == 9);
    }
}

TEST_CASE("archive calls on a missing path or container throw NotFound", "[integration][archive]") {
    Client client = test::make_client();
    ContainerGuard guard(client, created_container(client));
    CHECK_THROWS_AS(client.containers().stat_path(guard.id(), "/no/such/path"), NotFound);
    CHECK_THROWS_AS(client.containers().get_archive(guard.id(), "/no/such/path", [](std::string_view) {}), NotFound);
    CHECK_THROWS_AS(client.containers().put_archive(guard.id(), "/no/such/dir", one_file_tar("f", "x", 0644)),
                    NotFound);
    CHECK_THROWS_AS(client.containers().stat_path(unique_name("missing"), "/"), NotFound);
    CHECK_THROWS_AS(client.containers().export_container(unique_name("missing"), [](std::string_view) {}), NotFound);
    CHECK_THROWS_AS(client.containers().stat_path(guard.id(), ""), UsageError);
    // The client is still usable afterwards (failed streams did not poison the pool).
    CHECK(client.containers().stat_path(guard.id(), "/bin/busybox").size > 0);
}

TEST_CASE("copy_to and copy_from round-trip a tree with nested dirs, a long name and a symlink",
          "[integration][archive]") {
    Client client = test::make_client();
    ContainerGuard guard(client, created_container(client));
    TempDir local;
    const std::string tree = local.path() + "/tree";
    const std::string long_name = std::string(130, 'l') + ".txt";  // > 100: needs PAX
    REQUIRE(::mkdir(tree.c_str(), 0755) == 0);
    REQUIRE(::mkdir((tree + "/a").c_str(), 0755) == 0);
    REQUIRE(::mkdir((tree + "/a/b").c_str(), 0700) == 0);
    REQUIRE(::mkdir((tree + "/a/b/c").c_str(), 0755) == 0);
    write_file(tree + "/top.txt", "top\n");
    write_file(tree + "/a/b/c/" + long_name, "deep and long\n");
    write_file(tree + "/a/data.bin", random_bytes(200000, 5));
    write_file(tree + "/a/empty", "");
    REQUIRE(::chmod((tree + "/top.txt").c_str(), 0751) == 0);
    REQUIRE(::symlink("a/data.bin", (tree + "/link").c_str()) == 0);

    client.containers().copy_to(guard.id(), tree, "/tmp");

    auto deep = client.containers().stat_path(guard.id(), "/tmp/tree/a/b/c/" + long_name);
    CHECK(deep.size == 14);
    auto link = client.containers().stat_path(guard.id(), "/tmp/tree/link");
    CHECK(link.is_symlink());
    CHECK(client.containers().stat_path(guard.id(), "/tmp/tree/top.txt").permissions() == 0751);

    TempDir back;
    PathStat stat = client.containers().copy_from(guard.id(), "/tmp/tree", back.path());
    CHECK(stat.is_directory());
    CHECK(stat.name == "tree");
    CHECK(std::system(("diff -r --no-dereference '" + tree + "' '" + back.path() + "/tree'").c_str()) == 0);
    char target[64] = {};
    REQUIRE(::readlink((back.path() + "/tree/link").c_str(), target, sizeof target - 1) > 0);
    CHECK(std::string(target) == "a/data.bin");
    struct stat st;
    REQUIRE(::stat((back.path() + "/tree/a/b").c_str(), &st) == 0);
    CHECK((st.st_mode & 07777) == 0700);
    REQUIRE(::stat((back.path() + "/tree/top.txt").c_str(), &st) == 0);
    CHECK((st.st_mode & 07777) == 0751);

    // A single file copies too, under its own name.
    client.containers().copy_to(guard.id(), tree + "/top.txt", "/");
    CHECK(client.containers().stat_path(guard.id(), "/top.txt").size == 4);
    TempDir single;
    client.containers().copy_from(guard.id(), "/top.txt", single.path());
    CHECK(read_file(single.path() + "/top.txt") == "top\n");

    // Into a container directory that does not exist: NotFound, as with put_archive.
    CHECK_THROWS_AS(client.containers().copy_to(guard.id(), tree, "/no/such/dir"), NotFound);
}

TEST_CASE("export_container yields a tar containing bin/busybox", "[integration][archive]") {
    Client client = test::make_client();
    ContainerGuard guard(client, created_container(client));
    std::uint64_t bytes = 0;
    std::uint64_t busybox_size = 0;
    std::size_t entries = 0;
    stream::TarHandler handler;
    handler.on_entry = [&](const TarEntry& e) {
        ++entries;
        if (e.name == "bin/busybox" && e.is_regular()) busybox_size = e.size;
    };
    stream::TarReader reader(handler);
    client.containers().export_container(guard.id(), [&](std::string_view piece) {
        bytes += piece.size();
        reader.feed(piece);
    });
    reader.finish();
    CHECK(entries > 10);
    CHECK(busybox_size > 100000);
    CHECK(bytes > busybox_size);
}

TEST_CASE("a 100 MiB file goes in and out with the same SHA-256 in bounded memory", "[integration][archive]") {
    Client client = test::make_client();
    ContainerGuard guard(client, created_container(client));
    TempDir local;
    const std::uint64_t size = 100ull * 1024 * 1024;
    const std::string source = local.path() + "/big.bin";
    write_random_file(source, size, 20240601);
    const std::string expected = test::sha256_file(source);
    REQUIRE(expected.size() == 64);
    if (std::string tool = sha256sum_tool(source); !tool.empty()) CHECK(tool == expected);  // our SHA-256 is right

    TempDir back;
    // Warm-up: the first call negotiates the version and opens a connection; not the copy.
    client.containers().stat_path(guard.id(), "/tmp");

    const bool reset = reset_peak_rss();
    const std::int64_t rss_before = status_kib("VmRSS");
    client.containers().copy_to(guard.id(), source, "/tmp");
    PathStat stat = client.containers().copy_from(guard.id(), "/tmp/big.bin", back.path());
    const std::int64_t peak_after = status_kib("VmHWM");
    // Without the reset VmHWM may predate the copy; measured from the RSS before, the figure
    // can then only be too high, never too low.
    const std::int64_t growth_kib = peak_after - rss_before;

    const std::string got = test::sha256_file(back.path() + "/big.bin");
    std::cout << "100 MiB copy: sha256 in  " << expected << "\n"
              << "              sha256 out " << got << "\n"
              << "              peak RSS growth " << growth_kib << " KiB (VmRSS before " << rss_before
              << " KiB, VmHWM after " << peak_after << " KiB" << (reset ? ", peak reset" : ", peak not reset")
              << ")\n";
    CHECK(stat.size == static_cast<std::int64_t>(size));
    CHECK(got == expected);
    REQUIRE(rss_before > 0);
    CHECK(growth_kib < 16 * 1024);
}

}  // namespace integration_archive_test
