#include "docker/stream/tar.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "support/catch.hpp"
#include "support/tar_util.hpp"

// A namespace per test file: test files are compiled in batches (unity build).
namespace stream_tar_test {
using namespace docker::test;

TEST_CASE("tar writer output reads back the same whole, byte by byte and at random splits", "[tar]") {
    TarEntry dir = file_entry("dir", 0755);
    dir.type = TarEntryType::directory;
    TarEntry link = file_entry("dir/link");
    link.type = TarEntryType::symlink;
    link.link_target = "../target";
    TarEntry hard = file_entry("dir/hard");
    hard.type = TarEntryType::hard_link;
    hard.link_target = "dir/one";
    std::vector<std::pair<TarEntry, std::string>> items = {
        {dir, ""},
        {file_entry("dir/one", 0640), "1"},
        {file_entry("dir/empty"), ""},
        {file_entry("dir/block"), std::string(512, 'b')},
        {file_entry("dir/block+1"), std::string(513, 'c')},
        {file_entry("dir/random.bin", 0755), random_bytes(5000, 3)},
        {link, ""},
        {hard, ""},
    };
    std::string archive = write_archive(items);
    CHECK(archive.size() % 512 == 0);
    CHECK(archive.substr(archive.size() - 1024) == std::string(1024, '\0'));

    ReadOutcome got = read_every_way(archive);
    REQUIRE(got.error.empty());
    REQUIRE(got.members.size() == items.size());
    for (std::size_t i = 0; i < items.size(); ++i) {
        TarEntry expected = items[i].first;
        if (expected.is_directory()) expected.name += '/';
        if (expected.is_regular()) expected.size = items[i].second.size();
        INFO(expected.name);
        CHECK(same_entry(got.members[i].entry, expected));
        CHECK(got.members[i].data == items[i].second);
        CHECK(got.members[i].ended);
    }
}

TEST_CASE("tar names too long for ustar go through PAX, those that split use the prefix", "[tar]") {
    std::string splittable = std::string(140, 'p') + "/" + std::string(90, 'q');  // prefix + name
    std::string one_component = std::string(150, 'x');                            // cannot split
    std::string deep;
    for (int i = 0; i < 30; ++i) deep += "level" + std::to_string(i) + "/";
    deep += "leaf";  // over 255 bytes
    TarEntry link = file_entry("l");
    link.type = TarEntryType::symlink;
    link.link_target = std::string(300, 't');
    TarEntry ids = file_entry("ids");
    ids.uid = 5000000000ull;  // beyond 7 octal digits
    ids.gid = 3000000;
    ids.mtime = -100;  // before 1970
    ids.uname = std::string(40, 'u');

    std::vector<std::pair<TarEntry, std::string>> items = {
        {file_entry(splittable), "split"}, {file_entry(one_component), "pax"}, {file_entry(deep), "deep"},
        {link, ""},                        {ids, "ids"},
    };
    std::string archive = write_archive(items);
    // The splittable name needs no extended header: exactly one header block before its data.
    CHECK(archive[156] == '0');
    CHECK(archive.substr(345, 140) == std::string(140, 'p'));

    ReadOutcome got = read_every_way(archive, 8);
    REQUIRE(got.error.empty());
    REQUIRE(got.members.size() == 5);
    CHECK(got.members[0].entry.name == splittable);
    CHECK(got.members[1].entry.name == one_component);
    CHECK(got.members[1].data == "pax");
    CHECK(got.members[2].entry.name == deep);
    CHECK(got.members[3].entry.link_target == std::string(300, 't'));
    CHECK(got.members[4].entry.uid == 5000000000ull);
    CHECK(got.members[4].entry.gid == 3000000);
    CHECK(got.members[4].entry.mtime == -100);
    CHECK(got.members[4].entry.uname == std::string(40, 'u'));

    // Every record length around the points where its digit count changes.
    for (std::size_t n = 85; n < 1010; n += (n < 120 || n > 980) ? 1 : 50) {
        std::string name(n, 'z');
        ReadOutcome o = read_whole(write_archive({{file_entry(name), "x"}}));
        INFO("name length " << n);
        REQUIRE(o.error.empty());
        CHECK(o.members.at(0).entry.name == name);
    }
}

TEST_CASE("tar sizes of 8 GiB and more go through PAX (and base-256), read by us and GNU tar", "[tar]") {
    const std::uint64_t size = 9ull * 1024 * 1024 * 1024 + 5;
    std::string archive;
    TarEntry big = file_entry("huge.bin");
    big.size = size;
    TarWriter header_only([&](std::string_view bytes) { archive.append(bytes); });
    header_only.begin_entry(big);
    REQUIRE(archive.size() == 3 * 512);  // PAX header + its records + the ustar header
    CHECK(archive[156] == 'x');

    std::uint64_t seen = 0;
    std::uint64_t data = 0;
    TarHandler handler;
    handler.on_entry = [&](const TarEntry& e) { seen = e.size; };
    handler.on_data = [&](std::string_view d) { data += d.size(); };
    TarReader reader(handler);
    reader.feed(archive);
    reader.feed(std::string(1000, 'd'));
    CHECK(seen == size);
    CHECK(data == 1000);
    CHECK_THROWS_AS(reader.finish(), docker::ProtocolError);  // the rest never came

    TempDir tmp;
    write_file(tmp.path() + "/huge.tar", archive);
    // GNU tar lists the member (then complains about the missing data).
    std::string listing = tmp.path() + "/listing";
    run("tar -tvf '" + tmp.path() + "/huge.tar' > '" + listing + "' 2>/dev/null");
    CHECK(read_file(listing).find(std::to_string(size)) != std::string::npos);
}

TEST_CASE("tar archives made by GNU tar read correctly (gnu and posix formats)", "[tar]") {
    TempDir tmp;
    make_tree(tmp.path());
    for (const char* format : {"gnu", "posix", "ustar"}) {
        std::string tar_path = tmp.path() + "/" + format + ".tar";
        int rc = run("tar --format=" + std::string(format) + " -C '" + tmp.path() + "' -cf '" + tar_path +
                     "' tree 2>/dev/null");
        if (std::string(format) == "ustar") {
            // ustar cannot hold a 121-byte component: GNU tar refuses that one member.
            CHECK(rc != 0);
            continue;
        }
        REQUIRE(rc == 0);
        std::string archive = read_file(tar_path);
        INFO("format " << format);
        ReadOutcome got = read_every_way(archive, 4);
        REQUIRE(got.error.empty());
        const Member* a = find(got, "tree/a.txt");
        REQUIRE(a);
        CHECK(a->data == "alpha\n");
        CHECK(a->entry.mode == 0600);
        CHECK(a->entry.uid == ::getuid());
        const Member* sub = find(got, "tree/sub/");
        REQUIRE(sub);
        CHECK(sub->entry.is_directory());
        CHECK(sub->entry.mode == 0750);
        const Member* bin = find(got, "tree/sub/bin.dat");
        REQUIRE(bin);
        CHECK(bin->data == random_bytes(70000, 7));
        const Member* long_one = find(got, "tree/sub/deeper/" + long_component());
        REQUIRE(long_one);
        CHECK(long_one->data == "long name\n");
        const Member* link = find(got, "tree/link");
        REQUIRE(link);
        CHECK(link->entry.is_symlink());
        CHECK(link->entry.link_target == "sub/bin.dat");
        const Member* empty = find(got, "tree/empty");
        REQUIRE(empty);
        CHECK(empty->data.empty());
    }
}

TEST_CASE("tar written by TarWriter extracts with GNU tar", "[tar]") {
    TempDir tmp;
    std::string long_name = "d/" + std::string(130, 'L') + "/" + std::string(110, 'f');
    TarEntry dir = file_entry("d", 0755);
    dir.type = TarEntryType::directory;
    TarEntry link = file_entry("d/link");
    link.type = TarEntryType::symlink;
    link.link_target = "target-" + std::string(150, 'T');
    std::string archive = write_archive({{dir, ""},
                                         {file_entry(long_name, 0640), "deep data"},
                                         {file_entry("d/bin", 0755), random_bytes(1025, 9)},
                                         {link, ""}});
    write_file(tmp.path() + "/ours.tar", archive);
    REQUIRE(::mkdir((tmp.path() + "/out").c_str(), 0755) == 0);
    REQUIRE(run("tar -C '" + tmp.path() + "/out' -xf '" + tmp.path() + "/ours.tar'") == 0);
    CHECK(read_file(tmp.path() + "/out/" + long_name) == "deep data");
    CHECK(read_file(tmp.path() + "/out/d/bin") == random_bytes(1025, 9));
    struct stat st;
    REQUIRE(::stat((tmp.path() + "/out/d/bin").c_str(), &st) == 0);
    CHECK((st.st_mode & 07777) == 0755);
    char target[512] = {};
    REQUIRE(::readlink((tmp.path() + "/out/d/link").c_str(), target, sizeof target - 1) > 0);
    CHECK(std::string(target) == link.link_target);
}

TEST_CASE("tar with a corrupted header checksum is a ProtocolError", "[tar]") {
    std::string archive = write_archive({{file_entry("a"), "one"}, {file_entry("b"), "two"}});
    SECTION("first header") {
        archive[3] ^= 0x20;
        CHECK(read_every_way(archive, 4).error.find("checksum") != std::string::npos);
    }
    SECTION("second header") {
        archive[1024 + 10] = 'X';
        ReadOutcome o = read_every_way(archive, 4);
        CHECK(o.error.find("checksum") != std::string::npos);
        REQUIRE(o.members.size() == 1);  // the first was read before the corruption
        CHECK(o.members[0].data == "one");
    }
    SECTION("not a tar at all") {
        std::string text(2048, 'a');
        CHECK_FALSE(read_whole(text).error.empty());
    }
    SECTION("a sticky error") {
        archive[3] ^= 0x20;
        TarReader reader(TarHandler{});
        CHECK_THROWS_AS(reader.feed(archive), docker::ProtocolError);
        CHECK_THROWS_AS(reader.feed("more"), docker::ProtocolError);
        CHECK_THROWS_AS(reader.finish(), docker::ProtocolError);
    }
}

TEST_CASE("truncated tar archives are a ProtocolError at finish", "[tar]") {
    std::string long_name(200, 'n');
    std::string archive = write_archive({{file_entry(long_name), std::string(700, 'x')}});
    // PAX header (512 + 512), ustar header (512), 700 data + 324 padding, 1024 end marker.
    REQUIRE(archive.size() == 1536 + 1024 + 1024);
    for (std::size_t cut : {std::size_t{0}, std::size_t{100}, std::size_t{512}, std::size_t{800}, std::size_t{1536},
                            std::size_t{1536 + 699}, std::size_t{1536 + 700}, std::size_t{1536 + 1023},
                            std::size_t{1536 + 1024}}) {
        INFO("cut at " << cut);
        CHECK_FALSE(read_every_way(archive.substr(0, cut), 2).error.empty());
    }
    // One zero block of the two is enough (some writers stop there); none is not.
    CHECK(read_whole(archive.substr(0, archive.size() - 512)).error.empty());
    // Record padding after the end marker is ignored.
    CHECK(read_whole(archive + std::string(8192, '\0')).error.empty());
}

}  // namespace stream_tar_test
