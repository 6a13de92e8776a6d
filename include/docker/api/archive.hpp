#pragma once
/// @file
/// The container group's file endpoints: stat a path (HEAD /containers/{id}/archive), read a
/// path as tar (GET), extract a tar into a directory (PUT), export the whole filesystem
/// (GET /containers/{id}/export), and one-call copies in both directions built on them.
/// ContainersApi inherits these, so they are called as client.containers().get_archive(...).
///
/// Everything streams: archives pass through in pieces of the connection's buffer size, so a
/// copy of any size runs in bounded memory.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "docker/client.hpp"
#include "docker/http/request.hpp"
#include "docker/http/url.hpp"
#include "docker/models/archive.hpp"
#include "docker/stream/byte_sink.hpp"
#include "docker/stream/tar_directory.hpp"

namespace docker {

/// How put_archive() and copy_to() extract (the query of PUT /containers/{id}/archive).
struct PutArchiveOptions {
    /// Fail rather than replace an existing directory with a non-directory or vice versa.
    bool no_overwrite_dir_non_dir = false;
    /// Keep the archive's owners (mapped into the container's user namespace); otherwise the
    /// daemon makes the container's root the owner.
    bool copy_uid_gid = false;
};

namespace detail {

// The name a local path gets in an archive, as `docker cp` names it: its last component;
// empty for "/", "." or "..", whose contents then go to the top level.
inline std::string archive_base_name(std::string path) {
    while (path.size() > 1 && path.back() == '/') path.pop_back();
    std::size_t slash = path.rfind('/');
    std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
    if (base == "." || base == "..") base.clear();
    return base;
}

}  // namespace detail

// A class template only so that a program compiles the calls it makes: the bodies of the
// others are never instantiated. Always named through its alias, ContainerArchiveApi.
/// The container file calls; reached through client.containers() (ContainersApi inherits them).
template <class Lazy>
class BasicContainerArchiveApi {
public:
    /// Calls go through `client`, which must outlive this object.
    explicit BasicContainerArchiveApi(Client& client) : client_(&client) {}

    /// What `path` in container `id` is (name, size, mode, mtime, link target), without its
    /// content: HEAD /containers/{id}/archive?path=. A missing container or path throws
    /// NotFound.
    // operationId: ContainerArchiveInfo
    PathStat stat_path(const std::string& id, const std::string& path) {
        http::Response answer = client_->head(archive_target(id, path));
        return detail::decode_path_stat(answer.headers.get(path_stat_header));
    }

    /// Streams `path` (a file, or a directory with everything under it) as a tar archive into
    /// `sink`, piece by piece, and returns its stat: GET /containers/{id}/archive?path=.
    /// NotFound for a missing container or path; UsageError without a sink.
    // operationId: ContainerArchive
    PathStat get_archive(const std::string& id, const std::string& path, const ByteSink& sink) {
        if (!sink) throw UsageError("get_archive: no sink given");
        ResponseStream response = client_->stream(Client::make_request("GET", archive_target(id, path)));
        PathStat stat;
        std::string header = response.headers().get(path_stat_header);
        if (!header.empty()) stat = detail::decode_path_stat(header);
        detail::drain_to(response, sink);
        return stat;
    }

    /// Extracts the tar archive that `body` produces into the directory `path` of container
    /// `id`, which must exist (else NotFound): PUT /containers/{id}/archive?path=. With
    /// `length` (bytes) the body goes with Content-Length and must be exactly that long;
    /// without, it is sent chunked.
    // operationId: PutContainerArchive
    void put_archive(const std::string& id, const std::string& path, http::BodySource body,
                     std::optional<std::uint64_t> length = {}, const PutArchiveOptions& options = {}) {
        if (!body) throw UsageError("put_archive: no body source given");
        http::Request request = put_request(id, path, options);
        request.body_source = std::move(body);
        request.body_length = length;
        client_->request(std::move(request));
    }

    /// The same with the whole tar archive `tar` in memory.
    void put_archive(const std::string& id, const std::string& path, const std::string& tar,
                     const PutArchiveOptions& options = {}) {
        http::Request request = put_request(id, path, options);
        request.body = tar;
        client_->request(std::move(request));
    }

    /// Streams the container's whole filesystem as a tar archive into `sink`:
    /// GET /containers/{id}/export. NotFound for a missing
    /// container.
    // operationId: ContainerExport
    void export_container(const std::string& id, const ByteSink& sink) {
        if (!sink) throw UsageError("export_container: no sink given");
        ResponseStream response = client_->stream(Client::make_request("GET", container_path(id, "/export")));
        detail::drain_to(response, sink);
    }

    /// Copies a local file or directory tree into the existing container directory
    /// `container_dir`, tarred on the fly: "/src/site" lands as "<container_dir>/site".
    void copy_to(const std::string& id, const std::string& local_path, const std::string& container_dir,
                 const PutArchiveOptions& options = {}) {
        put_archive(id, container_dir,
                    stream::tar_path_source(local_path, detail::archive_base_name(local_path)), std::nullopt,
                    options);
    }

    /// Copies a container path into the existing local directory `local_dir`, extracting as
    /// the archive arrives: "/etc/hosts" lands as "<local_dir>/hosts". Entries that would
    /// leave `local_dir` (absolute names, "..", through symlinks) throw ProtocolError.
    PathStat copy_from(const std::string& id, const std::string& container_path, const std::string& local_dir) {
        stream::TarExtractor extractor(local_dir);
        PathStat stat = get_archive(id, container_path, [&](std::string_view piece) { extractor.feed(piece); });
        extractor.finish();
        return stat;
    }

private:
    static constexpr const char* path_stat_header = "X-Docker-Container-Path-Stat";

    static std::string container_path(const std::string& id, const char* suffix) {
        if (id.empty()) throw UsageError("container id or name is empty");
        return "/containers/" + http::encode_path_segment(id) + suffix;
    }

    static std::string archive_target(const std::string& id, const std::string& path) {
        if (path.empty()) throw UsageError("container path is empty");
        http::Query q;
        q.add("path", path);
        return container_path(id, "/archive") + q.str();
    }

    static http::Request put_request(const std::string& id, const std::string& path,
                                     const PutArchiveOptions& options) {
        if (path.empty()) throw UsageError("container path is empty");
        http::Query q;
        q.add("path", path);
        if (options.no_overwrite_dir_non_dir) q.add("noOverwriteDirNonDir", true);
        if (options.copy_uid_gid) q.add("copyUIDGID", true);
        http::Request request = Client::make_request("PUT", container_path(id, "/archive") + q.str());
        request.headers.set("Content-Type", "application/x-tar");
        return request;
    }

    Client* client_;
};

/// BasicContainerArchiveApi<void>: see there.
using ContainerArchiveApi = BasicContainerArchiveApi<void>;
DOCKER_CPP_COMPILED_ELSEWHERE(BasicContainerArchiveApi)

}  // namespace docker
