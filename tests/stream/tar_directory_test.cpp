#include "docker/stream/tar_directory.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "support/catch.hpp"
#include "support/tar_util.hpp"

// A namespace per test file: test files are compiled in batches (unity build).
namespace stream_tar_directory_test {
using namespace docker::test;
using docker::stream::TarExtractor;
using docker::stream::TarPathChoice;
using docker::stream::TarPathOptions;
using docker::stream::TarPathSource;

namespace {

std::string pull_all(TarPathSource& source, std::size_t buffer_size) {
    std::string out;
    std::vector<char> buffer(buffer_size);
    for (;;) {
        std::size_t n = source.read(buffer.data(), buffer.size());
        REQUIRE(n <= buffer.size());
        if (n == 0) break;
        out.append(buffer.data(), n);
    }
    return out;
}

}  // namespace

TEST_CASE("TarPathSource streams a tree that reads back and extracts identically", "[tar]") {
    TempDir tmp;
    make_tree(tmp.path());
    std::string reference;
    for (std::size_t buffer_size : {std::size_t{1}, std::size_t{7}, std::size_t{512}, std::size_t{65536}}) {
        TarPathSource source(tmp.path() + "/tree/", "tree");
        std::string archive = pull_all(source, buffer_size);
        CHECK(source.bytes_produced() == archive.size());
        if (reference.empty()) reference = archive;
        CHECK(archive == reference);  // the same whatever the buffer size
    }
    ReadOutcome got = read_whole(reference);
    REQUIRE(got.error.empty());
    std::vector<std::string> names;
    for (const auto& m : got.members) names.push_back(m.entry.name);
    std::vector<std::string> expected = {"tree/",         "tree/a.txt",       "tree/empty",
                                         "tree/link",     "tree/sub/",        "tree/sub/bin.dat",
                                         "tree/sub/deeper/", "tree/sub/deeper/" + long_component()};
    CHECK(names == expected);
    CHECK(find(got, "tree/link")->entry.link_target == "sub/bin.dat");
    CHECK(find(got, "tree/sub/")->entry.mode == 0750);

    // GNU tar agrees.
    write_file(tmp.path() + "/ours.tar", reference);
    REQUIRE(::mkdir((tmp.path() + "/gnu").c_str(), 0755) == 0);
    REQUIRE(run("tar -C '" + tmp.path() + "/gnu' -xf '" + tmp.path() + "/ours.tar'") == 0);
    CHECK(run("diff -r --no-dereference '" + tmp.path() + "/tree' '" + tmp.path() + "/gnu/tree'") == 0);

    // And so does our extractor, fed in odd pieces.
    REQUIRE(::mkdir((tmp.path() + "/ours").c_str(), 0755) == 0);
    {
        TarExtractor extractor(tmp.path() + "/ours");
        for (std::size_t at = 0; at < reference.size(); at += 333) extractor.feed(std::string_view(reference).substr(at, 333));
        extractor.finish();
        CHECK(extractor.entries() == expected.size());
    }
    CHECK(run("diff -r --no-dereference '" + tmp.path() + "/tree' '" + tmp.path() + "/ours/tree'") == 0);
    struct stat st;
    REQUIRE(::stat((tmp.path() + "/ours/tree/sub").c_str(), &st) == 0);
    CHECK((st.st_mode & 07777) == 0750);
    REQUIRE(::stat((tmp.path() + "/ours/tree/a.txt").c_str(), &st) == 0);
    CHECK((st.st_mode & 07777) == 0600);
    CHECK(st.st_mtime > 0);

    // A single file, and a directory's contents without the directory.
    TarPathSource file(tmp.path() + "/tree/a.txt", "renamed.txt");
    ReadOutcome one = read_whole(pull_all(file, 4096));
    REQUIRE(one.members.size() == 1);
    CHECK(one.members[0].entry.name == "renamed.txt");
    CHECK(one.members[0].data == "alpha\n");
    TarPathSource contents(tmp.path() + "/tree/sub", "");
    ReadOutcome inner = read_whole(pull_all(contents, 4096));
    REQUIRE(inner.error.empty());
    CHECK(inner.members.at(0).entry.name == "bin.dat");
    CHECK_THROWS_AS(TarPathSource(tmp.path() + "/missing", "x"), docker::Error);
}

TEST_CASE("TarPathSource asks its filter about each path below the root", "[tar]") {
    TempDir tmp;
    make_tree(tmp.path());
    std::vector<std::pair<std::string, bool>> asked;
    TarPathOptions options;
    options.filter = [&](const std::string& path, bool is_directory) {
        asked.emplace_back(path, is_directory);
        if (path == "empty" || path == "sub/bin.dat") return TarPathChoice::leave_out;
        if (path == "sub") return TarPathChoice::leave_out_entry;
        return TarPathChoice::keep;
    };
    TarPathSource source(tmp.path() + "/tree", "tree", options);
    ReadOutcome got = read_whole(pull_all(source, 1000));
    REQUIRE(got.error.empty());
    std::vector<std::string> names;
    for (const auto& m : got.members) names.push_back(m.entry.name);
    // "sub" itself is left out, what it holds is asked about one by one.
    CHECK(names == std::vector<std::string>{"tree/", "tree/a.txt", "tree/link", "tree/sub/deeper/",
                                            "tree/sub/deeper/" + long_component()});
    // Relative to the root, whatever its archive name; the root itself is not asked about.
    CHECK(asked == std::vector<std::pair<std::string, bool>>{{"a.txt", false},
                                                            {"empty", false},
                                                            {"link", false},
                                                            {"sub", true},
                                                            {"sub/bin.dat", false},
                                                            {"sub/deeper", true},
                                                            {"sub/deeper/" + long_component(), false}});

    // A directory left out is not even listed.
    asked.clear();
    options.filter = [&](const std::string& path, bool is_directory) {
        asked.emplace_back(path, is_directory);
        return path == "sub" ? TarPathChoice::leave_out : TarPathChoice::keep;
    };
    TarPathSource pruned(tmp.path() + "/tree", "", options);
    got = read_whole(pull_all(pruned, 1000));
    REQUIRE(got.error.empty());
    names.clear();
    for (const auto& m : got.members) names.push_back(m.entry.name);
    CHECK(names == std::vector<std::string>{"a.txt", "empty", "link"});
    CHECK(asked.size() == 4);
}

TEST_CASE("TarPathSource: root-owned entries; check_readable walks without producing anything", "[tar]") {
    TempDir tmp;
    make_tree(tmp.path());
    if (::geteuid() == 0) REQUIRE(::lchown((tmp.path() + "/tree/a.txt").c_str(), 1234, 1234) == 0);
    TarPathSource own(tmp.path() + "/tree", "tree");
    CHECK(find(read_whole(pull_all(own, 4096)), "tree/a.txt")->entry.uid != 0);

    TarPathOptions options;
    options.root_owned = true;
    TarPathSource as_root(tmp.path() + "/tree", "tree", options);
    as_root.check_readable();
    CHECK(as_root.bytes_produced() == 0);
    ReadOutcome got = read_whole(pull_all(as_root, 4096));
    REQUIRE(got.error.empty());
    for (const auto& m : got.members) {
        INFO(m.entry.name);
        CHECK(m.entry.uid == 0);
        CHECK(m.entry.gid == 0);
    }
    as_root.check_readable();  // a fresh walk each time, whatever read() has done

    // An empty archive name follows a symlinked root: only its contents are archived.
    REQUIRE(::symlink((tmp.path() + "/tree/sub").c_str(), (tmp.path() + "/sub-link").c_str()) == 0);
    TarPathSource through(tmp.path() + "/sub-link", "");
    CHECK(read_whole(pull_all(through, 4096)).members.at(0).entry.name == "bin.dat");
}

TEST_CASE("TarExtractor refuses entries that would land outside its directory", "[tar]") {
    TempDir tmp;
    std::string out = tmp.path() + "/out";
    REQUIRE(::mkdir(out.c_str(), 0755) == 0);
    auto extract = [&](const std::string& archive) {
        TarExtractor extractor(out);
        extractor.feed(archive);
        extractor.finish();
    };
    TarEntry escape_link = file_entry("evil");
    escape_link.type = TarEntryType::symlink;
    escape_link.link_target = tmp.path();
    TarEntry hard = file_entry("hard");
    hard.type = TarEntryType::hard_link;
    hard.link_target = "../outside";

    for (const auto& archive : {write_archive({{file_entry("../outside"), "x"}}),
                                write_archive({{file_entry("a/../../outside"), "x"}}),
                                write_archive({{file_entry("/outside"), "x"}}),
                                write_archive({{escape_link, ""}, {file_entry("evil/outside"), "x"}}),
                                write_archive({{file_entry("target"), "t"}, {hard, ""}})}) {
        CHECK_THROWS_AS(extract(archive), docker::ProtocolError);
        CHECK(::access((tmp.path() + "/outside").c_str(), F_OK) != 0);
    }
    // The link itself was fine to create; only writing through it was refused.
    struct stat st;
    CHECK(::lstat((out + "/evil").c_str(), &st) == 0);

    // Harmless spellings are accepted: "./", "a/./b", doubled slashes.
    extract(write_archive({{file_entry("./x/./y//z"), "ok"}}));
    CHECK(read_file(out + "/x/y/z") == "ok");
    // An existing file is replaced, not written through.
    REQUIRE(::symlink((tmp.path() + "/victim").c_str(), (out + "/replace-me").c_str()) == 0);
    extract(write_archive({{file_entry("replace-me"), "new"}}));
    CHECK(::access((tmp.path() + "/victim").c_str(), F_OK) != 0);
    CHECK(read_file(out + "/replace-me") == "new");
}

}  // namespace stream_tar_directory_test
