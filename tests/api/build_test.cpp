#include "docker/api/build.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "support/catch.hpp"
#include "support/temp_dir.hpp"

// A namespace per test file: test files are compiled in batches (unity build).
namespace api_build_test {
using docker::detail::DockerIgnore;
using docker::detail::IgnoreGlob;
using docker::test::TempDir;

namespace {

bool excluded(const std::vector<std::string>& lines, const std::string& path) {
    std::string text;
    for (const auto& line : lines) text += line + "\n";
    return DockerIgnore(DockerIgnore::read_patterns(text)).excluded(path);
}

// ---- a small tar reader for checking what the context writer produced ----

struct Member {
    char type = 0;
    std::string data;
    std::string link;
    unsigned mode = 0;
};

std::uint64_t octal(const char* field, std::size_t width) {
    std::uint64_t v = 0;
    for (std::size_t i = 0; i < width && field[i] >= '0' && field[i] <= '7'; ++i) v = v * 8 + unsigned(field[i] - '0');
    return v;
}

std::map<std::string, Member> untar(const std::string& bytes) {
    std::map<std::string, Member> out;
    REQUIRE(bytes.size() % 512 == 0);
    std::size_t at = 0;
    std::string pax_path;
    for (;;) {
        REQUIRE(at + 512 <= bytes.size());
        const char* h = bytes.data() + at;
        if (std::string(h, 512) == std::string(512, '\0')) {
            CHECK(bytes.substr(at) == std::string(1024, '\0'));  // the end marker, and nothing after
            break;
        }
        unsigned sum = 0;
        for (std::size_t i = 0; i < 512; ++i) sum += (i >= 148 && i < 156) ? unsigned(' ') : (unsigned char)h[i];
        CHECK(octal(h + 148, 8) == sum);
        CHECK(std::string(h + 257, 6) == std::string("ustar\0", 6));
        CHECK(octal(h + 108, 8) == 0);  // uid 0
        std::uint64_t size = octal(h + 124, 12);
        std::string data = bytes.substr(at + 512, size);
        at += 512 + (size + 511) / 512 * 512;
        char type = h[156];
        if (type == 'x') {
            // "<len> path=<value>\n" records
            std::size_t p = 0;
            while (p < data.size()) {
                std::size_t space = data.find(' ', p);
                std::size_t len = std::stoul(data.substr(p, space - p));
                std::string record = data.substr(space + 1, len - (space - p) - 2);
                if (record.compare(0, 5, "path=") == 0) pax_path = record.substr(5);
                p += len;
            }
            continue;
        }
        std::string name(h, strnlen(h, 100));
        std::string prefix(h + 345, strnlen(h + 345, 155));
        if (!prefix.empty()) name = prefix + "/" + name;
        if (!pax_path.empty()) name = pax_path;
        pax_path.clear();
        Member m;
        m.type = type;
        m.data = data;
        m.link = std::string(h + 157, strnlen(h + 157, 100));
        m.mode = unsigned(octal(h + 100, 8));
        out[name] = m;
    }
    return out;
}

void write_file(const std::string& path, const std::string& text) {
    std::ofstream f(path, std::ios::binary);
    f << text;
}


// The context as image_build_directory tars it (without the Dockerfile checks).
docker::stream::TarPathSource context_tar(const std::string& root, DockerIgnore ignore) {
    return docker::stream::TarPathSource(root, "", docker::detail::build_context_options(std::move(ignore)));
}

std::string read_everything(docker::stream::TarPathSource tar, std::size_t piece) {
    std::string out;
    std::vector<char> buffer(piece);
    for (;;) {
        std::size_t n = tar.read(buffer.data(), buffer.size());
        if (n == 0) break;
        REQUIRE(n <= piece);
        out.append(buffer.data(), n);
    }
    return out;
}

// A directory chain below `root` + "/" + `top` whose full path exceeds PATH_MAX: what lies
// in it cannot be stat'ed by path, even as root (whom permission bits would not stop).
void make_too_deep(const std::string& root, const std::string& top) {
    REQUIRE(::mkdir((root + "/" + top).c_str(), 0755) == 0);
    int dir = ::open((root + "/" + top).c_str(), O_RDONLY | O_DIRECTORY);
    REQUIRE(dir >= 0);
    std::string component(200, 'd');
    for (int i = 0; i < 24; ++i) {
        REQUIRE(::mkdirat(dir, component.c_str(), 0755) == 0);
        int next = ::openat(dir, component.c_str(), O_RDONLY | O_DIRECTORY);
        ::close(dir);
        REQUIRE(next >= 0);
        dir = next;
    }
    int file = ::openat(dir, "f", O_WRONLY | O_CREAT, 0644);
    REQUIRE(file >= 0);
    ::close(file);
    ::close(dir);
}

}  // namespace

TEST_CASE("reading .dockerignore lines as the docker CLI does", "[api][build][dockerignore]") {
    auto patterns = DockerIgnore::read_patterns(
        "\xEF\xBB\xBF# a comment\n\n  *.log  \n!keep.log\n/abs/path/\n./rel//x/../y\r\n! spaced \n#x\n");
    std::vector<std::string> expected = {"*.log", "!keep.log", "abs/path", "rel/y", "!spaced"};
    CHECK(patterns == expected);
    CHECK_THROWS_AS(DockerIgnore(DockerIgnore::read_patterns("!\n")), docker::UsageError);
    CHECK_THROWS_AS(DockerIgnore(std::vector<std::string>{"[abc"}), docker::UsageError);
}

TEST_CASE("dockerignore glob syntax", "[api][build][dockerignore]") {
    CHECK(IgnoreGlob("*.txt").matches("a.txt"));
    CHECK_FALSE(IgnoreGlob("*.txt").matches("d/a.txt"));  // '*' stops at '/'
    CHECK(IgnoreGlob("?.txt").matches("a.txt"));
    CHECK_FALSE(IgnoreGlob("?.txt").matches("ab.txt"));
    CHECK(IgnoreGlob("[a-c].txt").matches("b.txt"));
    CHECK_FALSE(IgnoreGlob("[a-c].txt").matches("d.txt"));
    CHECK(IgnoreGlob("[^a-c].txt").matches("d.txt"));
    CHECK(IgnoreGlob("[]x].txt").matches("].txt"));
    CHECK(IgnoreGlob("\\*.txt").matches("*.txt"));
    CHECK_FALSE(IgnoreGlob("\\*.txt").matches("a.txt"));
    CHECK(IgnoreGlob("**/*.go").matches("a.go"));
    CHECK(IgnoreGlob("**/*.go").matches("x/y/a.go"));
    CHECK(IgnoreGlob("a/**/b").matches("a/b"));
    CHECK(IgnoreGlob("a/**/b").matches("a/x/y/b"));
    CHECK_FALSE(IgnoreGlob("a/**/b").matches("a/xb"));
    CHECK(IgnoreGlob("foo/**").matches("foo/x/y"));
    CHECK_FALSE(IgnoreGlob("foo/**").matches("foo"));
    CHECK(IgnoreGlob("**").matches("anything/at/all"));
    // Many stars cannot make matching explode.
    CHECK_FALSE(IgnoreGlob("*a*a*a*a*a*a*a*a*a*a*a*a*b").matches(std::string(200, 'a')));
}

TEST_CASE("dockerignore: a pattern excludes a path or anything under it", "[api][build][dockerignore]") {
    CHECK(excluded({"secret"}, "secret"));
    CHECK(excluded({"secret"}, "secret/key.pem"));
    CHECK(excluded({"secret/"}, "secret/deep/key.pem"));  // a trailing '/' changes nothing
    CHECK_FALSE(excluded({"secret"}, "secrets"));
    CHECK_FALSE(excluded({"secret"}, "a/secret"));  // patterns are anchored at the root
    CHECK(excluded({"*/temp*"}, "a/temporary"));
    CHECK(excluded({"*/temp*"}, "a/temp/x"));
    CHECK_FALSE(excluded({"*/temp*"}, "a/b/temp"));
    CHECK(excluded({"*/*/temp*"}, "a/b/temp"));
    CHECK(excluded({"temp?"}, "temp1"));
    CHECK_FALSE(excluded({"temp?"}, "temp"));
    CHECK(excluded({"**/*.log"}, "deep/down/x.log"));
    CHECK(excluded({"/abs"}, "abs/x"));  // a leading '/' means the root
    CHECK_FALSE(excluded({"# just a comment"}, "# just a comment"));
    CHECK_FALSE(excluded({}, "anything"));
}

TEST_CASE("dockerignore: the last matching pattern decides; '!' brings a path back", "[api][build][dockerignore]") {
    // The example of Docker's documentation.
    std::vector<std::string> lines = {"*.md", "!README*.md", "README-secret.md"};
    CHECK(excluded(lines, "other.md"));
    CHECK_FALSE(excluded(lines, "README.md"));
    CHECK_FALSE(excluded(lines, "README-public.md"));
    CHECK(excluded(lines, "README-secret.md"));
    // Reordered, the exception wins.
    CHECK_FALSE(excluded({"*.md", "README-secret.md", "!README*.md"}, "README-secret.md"));

    CHECK_FALSE(excluded({"**", "!keep"}, "keep"));
    CHECK(excluded({"**", "!keep"}, "other"));
    CHECK_FALSE(excluded({"dir", "!dir/keep.txt"}, "dir/keep.txt"));
    CHECK(excluded({"dir", "!dir/keep.txt"}, "dir/other.txt"));
}

TEST_CASE("dockerignore: an excluded directory is entered only for an exception inside it",
          "[api][build][dockerignore]") {
    DockerIgnore with(DockerIgnore::read_patterns("dir\nother\n!dir/keep.txt\n"));
    CHECK(with.may_include_below("dir"));
    CHECK_FALSE(with.may_include_below("other"));
    DockerIgnore without(DockerIgnore::read_patterns("dir\n"));
    CHECK_FALSE(without.may_include_below("dir"));
}

TEST_CASE("the build context tar: .dockerignore applied, Dockerfile and .dockerignore always sent",
          "[api][build][context]") {
    TempDir dir;
    const std::string& root = dir.path();
    write_file(root + "/Dockerfile", "FROM scratch\n");
    write_file(root + "/.dockerignore",
               "excluded.txt\nsecret/\n*.tmp\n!keep.tmp\nDockerfile\n.dockerignore\nvault\n!vault/open.txt\n");
    write_file(root + "/kept.txt", "kept\n");
    write_file(root + "/excluded.txt", "no\n");
    write_file(root + "/a.tmp", "no\n");
    write_file(root + "/keep.tmp", "yes\n");
    REQUIRE(::mkdir((root + "/secret").c_str(), 0755) == 0);
    write_file(root + "/secret/key", "no\n");
    REQUIRE(::mkdir((root + "/vault").c_str(), 0755) == 0);
    write_file(root + "/vault/open.txt", "open\n");
    write_file(root + "/vault/closed.txt", "no\n");
    REQUIRE(::mkdir((root + "/sub").c_str(), 0750) == 0);
    REQUIRE(::mkdir((root + "/sub/deep").c_str(), 0755) == 0);
    std::string big(70000, 'x');  // spans several reads and ends mid-block
    big[0] = 'B';
    write_file(root + "/sub/deep/big.bin", big);
    REQUIRE(::chmod((root + "/sub/deep/big.bin").c_str(), 0751) == 0);
    REQUIRE(::symlink("kept.txt", (root + "/link").c_str()) == 0);
    std::string long_name(150, 'n');  // no '/' to split at: needs a PAX header
    write_file(root + "/" + long_name, "long\n");
    std::string long_dir = std::string(90, 'd') + "/" + std::string(60, 'e');  // fits prefix + name
    REQUIRE(::mkdir((root + "/" + std::string(90, 'd')).c_str(), 0755) == 0);
    write_file(root + "/" + long_dir, "split\n");

    for (std::size_t piece : {std::size_t(1), std::size_t(7), std::size_t(512), std::size_t(65536)}) {
        INFO("pieces of " << piece);
        auto tar = context_tar(root, docker::detail::build_context_ignore(root, "Dockerfile"));
        auto members = untar(read_everything(std::move(tar), piece));
        std::vector<std::string> names;
        for (const auto& m : members) names.push_back(m.first);
        std::vector<std::string> expected = {".dockerignore",
                                             "Dockerfile",
                                             std::string(90, 'd') + "/",
                                             long_dir,
                                             "keep.tmp",
                                             "kept.txt",
                                             "link",
                                             long_name,
                                             "sub/",
                                             "sub/deep/",
                                             "sub/deep/big.bin",
                                             "vault/open.txt"};
        std::sort(expected.begin(), expected.end());
        CHECK(names == expected);
        CHECK(members["kept.txt"].data == "kept\n");
        CHECK(members["kept.txt"].type == '0');
        CHECK(members["sub/deep/big.bin"].data == big);
        CHECK(members["sub/deep/big.bin"].mode == 0751);
        CHECK(members["sub/"].type == '5');
        CHECK(members["sub/"].mode == 0750);
        CHECK(members["link"].type == '2');
        CHECK(members["link"].link == "kept.txt");
        CHECK(members[long_name].data == "long\n");
        CHECK(members[long_dir].data == "split\n");
        CHECK(members["Dockerfile"].data == "FROM scratch\n");
    }
}

TEST_CASE("the build context tar of an empty directory is just the end marker", "[api][build][context]") {
    TempDir dir;
    CHECK(read_everything(context_tar(dir.path(), DockerIgnore{}), 4096) == std::string(1024, '\0'));
}

TEST_CASE("the build context tar reads as a tar to GNU tar too", "[api][build][context]") {
    if (std::system("tar --version >/dev/null 2>&1") != 0) {
        WARN("no tar command: skipped");
        return;
    }
    TempDir dir;
    write_file(dir.path() + "/Dockerfile", "FROM scratch\n");
    std::string long_name(150, 'n');
    write_file(dir.path() + "/" + long_name, "long\n");
    REQUIRE(::mkdir((dir.path() + "/sub").c_str(), 0755) == 0);
    write_file(dir.path() + "/sub/f", "f\n");
    std::string archive = dir.path() + ".tar";
    write_file(archive, read_everything(context_tar(dir.path(), DockerIgnore{}), 1000));
    std::string listing = dir.path() + ".list";
    std::string cmd = "tar -tf '" + archive + "' > '" + listing + "' 2>&1";
    int rc = std::system(cmd.c_str());
    std::ifstream in(listing);
    std::stringstream text;
    text << in.rdbuf();
    std::remove(archive.c_str());
    std::remove(listing.c_str());
    INFO(text.str());
    CHECK(rc == 0);
    CHECK(text.str() == "Dockerfile\n" + long_name + "\nsub/\nsub/f\n");
}

TEST_CASE("the build context: an excluded directory is skipped unread unless an exception may reach inside",
          "[api][build][context]") {
    TempDir dir;
    write_file(dir.path() + "/Dockerfile", "FROM scratch\n");
    make_too_deep(dir.path(), "deep");
    auto names_of = [&](const std::string& dockerignore) {
        write_file(dir.path() + "/.dockerignore", dockerignore);
        auto members = untar(read_everything(
            context_tar(dir.path(), docker::detail::build_context_ignore(dir.path(), "Dockerfile")), 512));
        std::vector<std::string> names;
        for (const auto& m : members) names.push_back(m.first);
        return names;
    };
    // Walked, its depths fail.
    CHECK_THROWS_AS(names_of("other\n"), docker::Error);
    // Never entered, so its unreachable depths cannot fail the build.
    CHECK(names_of("deep\n") == std::vector<std::string>{".dockerignore", "Dockerfile"});
    // An exception elsewhere does not make the walk enter it.
    CHECK(names_of("deep\n!Dockerfile\n") == std::vector<std::string>{".dockerignore", "Dockerfile"});
    // One inside does, but only as far as the exception reaches.
    write_file(dir.path() + "/deep/keep", "kept\n");
    CHECK(names_of("deep\n!deep/keep\n") == std::vector<std::string>{".dockerignore", "Dockerfile", "deep/keep"});
}

TEST_CASE("a build context that cannot be read fails before anything is sent", "[api][build][context]") {
    TempDir dir;
    write_file(dir.path() + "/Dockerfile", "FROM scratch\n");
    make_too_deep(dir.path(), "deep");
    // No daemon listens there: reaching it would be a ConnectionError, not a UsageError.
    docker::Client client("unix://" + dir.path() + "/no-daemon.sock");
    try {
        docker::detail::image_build_directory(client, dir.path(), {}, {});
        FAIL("the build went ahead");
    } catch (const docker::UsageError& e) {
        CHECK(std::string(e.what()).find(dir.path() + "/deep/") != std::string::npos);
    }
}

}  // namespace api_build_test
