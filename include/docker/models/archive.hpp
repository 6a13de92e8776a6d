#pragma once
// What the archive endpoints say about a path in a container: HEAD and GET
// /containers/{id}/archive answer it in the X-Docker-Container-Path-Stat header, as
// base64-encoded JSON (the daemon's ContainerPathStat).

#include <cstdint>
#include <string>

#include "docker/detail/base64.hpp"
#include "docker/models/json_fields.hpp"

namespace docker {

/// What the archive endpoints say about a path in a container: HEAD and GET
/// /containers/{id}/archive send it base64-encoded in the X-Docker-Container-Path-Stat header
/// (the daemon's ContainerPathStat).
struct PathStat {
    /// JSON `name`: the last path component.
    std::string name;
    /// JSON `size`: size in bytes (of the file, or as the filesystem reports a directory).
    std::int64_t size = 0;
    /// JSON `mode`: Go's os.FileMode: permission bits in the low 9 bits, the kind in the high ones
    /// (test it with is_directory(), is_symlink(), is_regular(), permissions()).
    std::uint32_t mode = 0;
    /// JSON `mtime`: RFC 3339 modification time.
    std::string mtime;
    /// JSON `linkTarget`: for a symlink, where it points (resolved in the container); empty otherwise.
    std::string link_target;

    /// The os.FileMode bit of a directory.
    static constexpr std::uint32_t mode_dir = 1u << 31;
    /// The os.FileMode bit of a symbolic link.
    static constexpr std::uint32_t mode_symlink = 1u << 27;
    /// Go's ModeType: the bits of every kind but a regular file (directory, symlink, named pipe,
    /// socket, device, char device, irregular).
    static constexpr std::uint32_t mode_type = 0x8F280000u;

    /// Whether the path is a directory.
    bool is_directory() const noexcept { return (mode & mode_dir) != 0; }
    /// Whether the path is a symbolic link.
    bool is_symlink() const noexcept { return (mode & mode_symlink) != 0; }
    /// Whether the path is a regular file (no kind bit set).
    bool is_regular() const noexcept { return (mode & mode_type) == 0; }
    /// The permission bits (0777 mask).
    std::uint32_t permissions() const noexcept { return mode & 0777; }
};

template <class J, detail::if_json<J> = 0>
void from_json(const J& j, PathStat& s) {
    detail::read_field(j, "name", s.name);
    detail::read_field(j, "size", s.size);
    detail::read_field(j, "mode", s.mode);
    detail::read_field(j, "mtime", s.mtime);
    detail::read_field(j, "linkTarget", s.link_target);
}

}  // namespace docker

namespace docker::detail {

// The header's value: base64 (standard alphabet) of the JSON object.
template <class Lazy = void>  // compiled only by programs that call it
PathStat decode_path_stat(const std::string& header) {
    if (header.empty()) throw ProtocolError("missing X-Docker-Container-Path-Stat header");
    return parse_model<PathStat>(base64_decode(header), "container path stat");
}

}  // namespace docker::detail
