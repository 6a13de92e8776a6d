#pragma once
// Helpers of the tar tests: read an archive every way and reduce it to a comparable outcome,
// build archives and trees, temp directories.

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "docker/stream/tar.hpp"
#include "support/catch.hpp"

#include "support/temp_dir.hpp"

namespace docker::test {

using docker::TarEntry;
using docker::TarEntryType;
using docker::stream::TarHandler;
using docker::stream::TarReader;
using docker::stream::TarWriter;

// What a reader reported: each entry with its data, and the error, if any.
struct Member {
    TarEntry entry;
    std::string data;
    bool ended = false;
};

struct ReadOutcome {
    std::vector<Member> members;
    std::string error;  // empty when the archive read completely
};

inline bool same_entry(const TarEntry& a, const TarEntry& b) {
    return a.name == b.name && a.type == b.type && a.mode == b.mode && a.uid == b.uid && a.gid == b.gid &&
           a.size == b.size && a.mtime == b.mtime && a.link_target == b.link_target && a.uname == b.uname &&
           a.gname == b.gname;
}

inline bool same(const ReadOutcome& a, const ReadOutcome& b) {
    if (a.error != b.error || a.members.size() != b.members.size()) return false;
    for (std::size_t i = 0; i < a.members.size(); ++i)
        if (!same_entry(a.members[i].entry, b.members[i].entry) || a.members[i].data != b.members[i].data ||
            a.members[i].ended != b.members[i].ended)
            return false;
    return true;
}

inline ReadOutcome read_pieces(const std::vector<std::string_view>& pieces) {
    ReadOutcome out;
    TarHandler handler;
    handler.on_entry = [&](const TarEntry& e) { out.members.push_back(Member{e, {}, false}); };
    handler.on_data = [&](std::string_view data) {
        CHECK_FALSE(data.empty());
        out.members.back().data.append(data);
    };
    handler.on_entry_end = [&](const TarEntry& e) {
        CHECK(e.name == out.members.back().entry.name);
        CHECK(out.members.back().data.size() == e.size);
        out.members.back().ended = true;
    };
    TarReader reader(handler);
    try {
        for (auto piece : pieces) reader.feed(piece);
        reader.finish();
        CHECK(reader.done());
    } catch (const docker::ProtocolError& e) {
        out.error = e.what();
    }
    return out;
}

inline ReadOutcome read_whole(std::string_view archive) { return read_pieces({archive}); }

// Whole, byte by byte, and at random split points: all must read the same.
inline ReadOutcome read_every_way(std::string_view archive, std::uint32_t rounds = 20) {
    ReadOutcome whole = read_whole(archive);
    std::vector<std::string_view> bytes;
    for (std::size_t i = 0; i < archive.size(); ++i) bytes.push_back(archive.substr(i, 1));
    CHECK(same(read_pieces(bytes), whole));
    for (std::uint32_t seed = 1; seed <= rounds; ++seed) {
        std::mt19937 rng(seed);
        std::vector<std::string_view> pieces;
        std::size_t at = 0;
        while (at < archive.size()) {
            std::size_t n = std::uniform_int_distribution<std::size_t>(0, 1500)(rng);  // empty pieces too
            n = std::min(n, archive.size() - at);
            pieces.push_back(archive.substr(at, n));
            at += n;
        }
        INFO("seed " << seed);
        CHECK(same(read_pieces(pieces), whole));
    }
    return whole;
}

inline std::string random_bytes(std::size_t n, std::uint32_t seed) {
    std::mt19937 rng(seed);
    std::string out(n, '\0');
    for (auto& c : out) c = static_cast<char>(rng() & 0xff);
    return out;
}

inline TarEntry file_entry(std::string name, std::uint32_t mode = 0644) {
    TarEntry e;
    e.name = std::move(name);
    e.mode = mode;
    e.uid = 1000;
    e.gid = 100;
    e.mtime = 1700000000;
    e.uname = "user";
    e.gname = "users";
    return e;
}

inline std::string write_archive(const std::vector<std::pair<TarEntry, std::string>>& items) {
    std::string out;
    TarWriter writer([&](std::string_view bytes) { out.append(bytes); });
    for (const auto& [entry, data] : items) writer.add(entry, data);
    writer.finish();
    return out;
}


inline void write_file(const std::string& path, const std::string& data) {
    std::ofstream out(path, std::ios::binary);
    out << data;
    REQUIRE(out.good());
}

inline std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

inline int run(const std::string& command) { return std::system(command.c_str()); }

// A tree with nested dirs, a name longer than 100 bytes, a symlink and binary data.
inline std::string long_component() { return std::string(120, 'n') + ".txt"; }

inline void make_tree(const std::string& root) {
    REQUIRE(::mkdir((root + "/tree").c_str(), 0755) == 0);
    REQUIRE(::mkdir((root + "/tree/sub").c_str(), 0750) == 0);
    REQUIRE(::mkdir((root + "/tree/sub/deeper").c_str(), 0755) == 0);
    write_file(root + "/tree/a.txt", "alpha\n");
    write_file(root + "/tree/empty", "");
    write_file(root + "/tree/sub/bin.dat", random_bytes(70000, 7));
    write_file(root + "/tree/sub/deeper/" + long_component(), "long name\n");
    REQUIRE(::chmod((root + "/tree/a.txt").c_str(), 0600) == 0);
    REQUIRE(::symlink("sub/bin.dat", (root + "/tree/link").c_str()) == 0);
}

inline const Member* find(const ReadOutcome& o, const std::string& name) {
    for (const auto& m : o.members)
        if (m.entry.name == name) return &m;
    return nullptr;
}


}  // namespace docker::test
