#pragma once
/// @file
/// The image group: create (pull and import), push, inspect, list, tag, remove, build,
/// save (get) and load.

#include <cstdint>
#include <fstream>
#include <initializer_list>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "docker/api/build.hpp"
#include "docker/api/image_archive.hpp"
#include "docker/api/image_maintenance.hpp"
#include "docker/client.hpp"
#include "docker/config/credentials.hpp"
#include "docker/detail/base64.hpp"
#include "docker/models/images.hpp"
#include "docker/registry_auth.hpp"
#include "docker/stream/progress.hpp"

namespace docker {

/// Query of POST /images/create. Set from_image to pull, or from_src to import.
struct ImageCreateOptions {
    std::string from_image;            ///< fromImage: image to pull
    std::string from_src;              ///< fromSrc: "-" for the request body, or a URL
    std::string repo;                  ///< repository name for an import
    std::string tag;                   ///< tag (or digest) to pull, or to give an import
    std::string message;               ///< commit message of an import
    std::vector<std::string> changes;  ///< Dockerfile instructions applied to an import
    std::string platform;              ///< "os[/arch[/variant]]"
    std::optional<AuthConfig> auth;    ///< registry credentials (X-Registry-Auth)
    CallOptions call;                  ///< overall deadline, cancel token
};

/// What ImagesApi::pull() takes besides the image reference.
struct ImagePullOptions {
    /// Tag or digest ("sha256:..."); empty: the one in the image reference, else "latest". One
    /// that differs from the reference's own is refused rather than silently replacing it.
    std::string tag;
    std::string platform;            ///< "os[/arch[/variant]]", e.g. "linux/arm64"; empty: the daemon's
    std::optional<AuthConfig> auth;  ///< registry credentials (X-Registry-Auth)
    ProgressHandler on_progress;     ///< each progress event, as it comes
};

/// What ImagesApi::load() and load_file() take (the query of POST /images/load).
struct ImageLoadOptions {
    bool quiet = false;           ///< no progress events, only the result
    ProgressHandler on_progress;  ///< each progress event, as it comes
};

/// Which images ImagesApi::list() returns (the query of GET /images/json).
struct ImageListOptions {
    bool all = false;  ///< include intermediate images
    std::map<std::string, std::vector<std::string>> filters;  ///< e.g. {"reference", {"busybox"}}
    bool digests = false;  ///< fill in each image's repository digests
};

/// How ImagesApi::remove() deletes (the query of DELETE /images/{name}).
struct ImageRemoveOptions {
    bool force = false;    ///< remove even when containers use it, or it has several tags
    bool noprune = false;  ///< keep its untagged parent images
};

/// What ImagesApi::push() sends (the query and headers of POST /images/{name}/push).
struct ImagePushOptions {
    std::string tag;                 ///< empty: every tag of the repository
    std::optional<AuthConfig> auth;  ///< sent even when empty, since the daemon requires the header
    CallOptions call;                ///< overall deadline, cancel token
};

namespace detail {

// Splits "registry:5000/name:tag" or "name@sha256:..." into name and tag/digest. The tag is
// after the last ':' that follows the last '/', so a registry port is not taken for a tag.
inline void split_reference(const std::string& reference, std::string& name, std::string& tag) {
    std::size_t at = reference.find('@');
    if (at != std::string::npos) {
        name = reference.substr(0, at);
        tag = reference.substr(at + 1);
        return;
    }
    std::size_t slash = reference.rfind('/');
    std::size_t colon = reference.rfind(':');
    if (colon != std::string::npos && (slash == std::string::npos || colon > slash)) {
        name = reference.substr(0, colon);
        tag = reference.substr(colon + 1);
    } else {
        name = reference;
        tag.clear();
    }
}

}  // namespace detail

// A class template only so that a program compiles the calls it makes: the bodies of the
// others are never instantiated. Always named through its alias, ImagesApi.
/// The image calls, reached as client.images(). A missing image is NotFound; registry
/// failures met while pulling or pushing arrive in the progress stream and are raised as
/// StreamError. history, commit, prune, build_prune, search and attestations come from
/// ImageMaintenanceApi.
template <class Lazy>
class BasicImagesApi : public ImageMaintenanceApi {
public:
    /// Calls go through `client`, which must outlive this object.
    explicit BasicImagesApi(Client& client) : ImageMaintenanceApi(client), client_(&client) {}

    /// POST /images/create: pulls or imports, delivering the progress stream event by event.
    /// For an import from the request body (from_src "-"), `body` supplies the tar bytes
    /// (with `body_length` when known, else it is sent chunked).
    // operationId: ImageCreate
    void create(const ImageCreateOptions& options, const ProgressHandler& on_progress = {},
                http::BodySource body = {}, std::optional<std::uint64_t> body_length = {}) {
        http::Query q;
        if (!options.from_image.empty()) q.add("fromImage", options.from_image);
        if (!options.from_src.empty()) q.add("fromSrc", options.from_src);
        if (!options.repo.empty()) q.add("repo", options.repo);
        if (!options.tag.empty()) q.add("tag", options.tag);
        if (!options.message.empty()) q.add("message", options.message);
        for (const auto& change : options.changes) q.add("changes", change);
        if (!options.platform.empty()) q.add("platform", options.platform);
        http::Request r = Client::make_request("POST", "/images/create" + q.str());
        if (options.auth) r.headers.set("X-Registry-Auth", docker::registry_auth_header(*options.auth));
        else if (!options.from_image.empty())  // as `docker pull` after `docker login`
            if (auto stored = config::registry_auth_header_for(options.from_image, client_->options().config_dir))
                r.headers.set("X-Registry-Auth", *stored);
        if (body) {
            r.body_source = std::move(body);
            r.body_length = body_length;
            r.headers.set("Content-Type", "application/x-tar");
        }
        auto response = client_->stream(std::move(r), options.call);
        stream::read_progress(response, on_progress);
    }

    /// Pulls `image`. Without a tag (in options or in the reference) Docker would pull every
    /// tag of the repository; like the docker CLI, this pulls "latest" instead.
    void pull(const std::string& image, const ImagePullOptions& options) {
        ImageCreateOptions create_options;
        std::string reference_tag;
        detail::split_reference(image, create_options.from_image, reference_tag);
        if (!options.tag.empty() && !reference_tag.empty() && options.tag != reference_tag)
            throw UsageError("pull: '" + image + "' already names '" + reference_tag + "'; pulling '" + options.tag +
                             "' instead would replace it");
        create_options.tag = !options.tag.empty() ? options.tag : !reference_tag.empty() ? reference_tag : "latest";
        create_options.platform = options.platform;
        create_options.auth = options.auth;
        create(create_options, options.on_progress);
    }
    /// The same with positional arguments (kept for existing callers; the options read better).
    void pull(const std::string& image, const std::string& tag = {}, const ProgressHandler& on_progress = {},
              const std::optional<AuthConfig>& auth = {}) {
        ImagePullOptions options;
        options.tag = tag;
        options.on_progress = on_progress;
        options.auth = auth;
        pull(image, options);
    }

    /// Imports a root filesystem tarball as an image `repo:tag` (POST /images/create?fromSrc=-).
    void import_image(http::BodySource tar, std::optional<std::uint64_t> tar_length, const std::string& repo,
                      const std::string& tag = "latest", const std::vector<std::string>& changes = {},
                      const ProgressHandler& on_progress = {}) {
        ImageCreateOptions options;
        options.from_src = "-";
        options.repo = repo;
        options.tag = tag;
        options.changes = changes;
        create(options, on_progress, std::move(tar), tar_length);
    }

    /// The same, reading the tarball from a file without loading it into memory.
    void import_file(const std::string& tar_path, const std::string& repo, const std::string& tag = "latest",
                     const std::vector<std::string>& changes = {}, const ProgressHandler& on_progress = {}) {
        auto file = std::make_shared<std::ifstream>(tar_path, std::ios::binary);
        if (!*file) throw UsageError("cannot open '" + tar_path + "'");
        file->seekg(0, std::ios::end);
        auto size = static_cast<std::uint64_t>(file->tellg());
        file->seekg(0);
        import_image(
            [file](char* buffer, std::size_t size) {
                file->read(buffer, static_cast<std::streamsize>(size));
                return static_cast<std::size_t>(file->gcount());
            },
            size, repo, tag, changes, on_progress);
    }

    /// POST /images/{name}/push: uploads the local image `name` to its registry, with the
    /// progress events going to `on_progress`. Credentials: options.auth, else the docker
    /// CLI's stored ones for the registry, else empty ones (the daemon requires the header).
    // operationId: ImagePush
    void push(const std::string& name, const ImagePushOptions& options = {}, const ProgressHandler& on_progress = {}) {
        http::Query q;
        if (!options.tag.empty()) q.add("tag", options.tag);
        http::Request r = Client::make_request("POST", "/images/" + http::encode_path(name) + "/push" + q.str());
        std::optional<std::string> stored;
        if (!options.auth) stored = config::registry_auth_header_for(name, client_->options().config_dir);
        r.headers.set("X-Registry-Auth",
                      stored ? *stored : docker::registry_auth_header(options.auth.value_or(AuthConfig{})));
        auto response = client_->stream(std::move(r), options.call);
        stream::read_progress(response, on_progress);
    }

    /// GET /images/{name}/json: one image by name, name:tag, digest or ID.
    // operationId: ImageInspect
    ImageInspect inspect(const std::string& name) {
        return detail::parse_model<ImageInspect>(client_->get("/images/" + http::encode_path(name) + "/json").body,
                                                 "image inspect");
    }

    /// GET /images/json: the local images `options` select.
    // operationId: ImageList
    std::vector<ImageSummary> list(const ImageListOptions& options = {}) {
        http::Query q;
        if (options.all) q.add("all", true);
        if (!options.filters.empty()) q.add("filters", detail::filters_to_query(options.filters));
        if (options.digests) q.add("digests", true);
        return detail::parse_model<std::vector<ImageSummary>>(client_->get("/images/json" + q.str()).body, "image list");
    }

    /// POST /images/{name}/tag: gives image `name` the extra reference `repo`:`tag`.
    // operationId: ImageTag
    void tag(const std::string& name, const std::string& repo, const std::string& tag = "latest") {
        http::Query q;
        q.add("repo", repo);
        if (!tag.empty()) q.add("tag", tag);
        client_->post("/images/" + http::encode_path(name) + "/tag" + q.str());
    }

    /// DELETE /images/{name}: removes a tag, and the image once no tag is left; returns what
    /// was untagged and deleted. Conflict when a container uses it and `force` is not set.
    // operationId: ImageDelete
    std::vector<ImageDeleteItem> remove(const std::string& name, const ImageRemoveOptions& options = {}) {
        http::Query q;
        if (options.force) q.add("force", true);
        if (options.noprune) q.add("noprune", true);
        return detail::parse_model<std::vector<ImageDeleteItem>>(
            client_->del("/images/" + http::encode_path(name) + q.str()).body, "image remove");
    }

    /// POST /build from a directory, tarred as it uploads (honouring its .dockerignore), or
    /// from a tar archive (plain, gzip, bzip2 or xz) that `context_tar` produces. The output
    /// goes to `on_progress` event by event; a failed step raises StreamError. Returns the
    /// image ID. Defined in docker/api/build.hpp.
    // operationId: ImageBuild
    std::string build(const std::string& context_dir, const BuildOptions& options = {},
                      const ProgressHandler& on_progress = {}) {
        return detail::image_build_directory(*client_, context_dir, options, on_progress);
    }
    /// The same from a tar archive that `context_tar` produces, `length` bytes long when
    /// known (else it is sent chunked).
    std::string build(http::BodySource context_tar, std::optional<std::uint64_t> length,
                      const BuildOptions& options = {}, const ProgressHandler& on_progress = {}) {
        return detail::image_build(*client_, std::move(context_tar), length, options, on_progress);
    }

    /// GET /images/{name}/get: image `name` (all its tags, or one "name:tag") as a tar
    /// archive, piece by piece into `sink`. NotFound for a missing image.
    // operationId: ImageGet
    void get(const std::string& name, const ByteSink& sink) { detail::image_get(*client_, name, sink); }
    /// GET /images/get?names=: several images in one tar archive, piece by piece into `sink`.
    // operationId: ImageGetAll
    void get_all(const std::vector<std::string>& names, const ByteSink& sink) {
        detail::image_get_all(*client_, names, sink);
    }
    /// The images `names` (with their tags) as one tar archive, streamed into `sink`; the
    /// form `docker load` reads.
    void save(const std::vector<std::string>& names, const ByteSink& sink) {
        if (names.size() == 1) get(names[0], sink);
        else get_all(names, sink);
    }
    /// One image as a tar archive, streamed into `sink`.
    void save(const std::string& name, const ByteSink& sink) { get(name, sink); }
    /// A braced list of names, save({a, b}, sink): one overload that a single name cannot
    /// make ambiguous.
    void save(std::initializer_list<std::string> names, const ByteSink& sink) {
        save(std::vector<std::string>(names), sink);
    }
    /// save() into the file `path` (created or truncated); UsageError when it cannot be
    /// written.
    void save_file(const std::vector<std::string>& names, const std::string& path) {
        detail::image_save_file(*client_, names, path);
    }
    /// One image into the file `path`.
    void save_file(const std::string& name, const std::string& path) {
        save_file(std::vector<std::string>{name}, path);
    }
    /// A braced list of names into the file `path`, save_file({a, b}, path).
    void save_file(std::initializer_list<std::string> names, const std::string& path) {
        save_file(std::vector<std::string>(names), path);
    }

    /// POST /images/load: images from a tar archive that `body` produces. Returns the
    /// references loaded ("name:tag", or "sha256:..." for an image saved by ID).
    // operationId: ImageLoad
    std::vector<std::string> load(http::BodySource body, std::optional<std::uint64_t> length,
                                  const ImageLoadOptions& options) {
        return detail::image_load(*client_, std::move(body), length, options.quiet, options.on_progress);
    }
    /// load() from the file `path`, streamed (never held in memory); UsageError when it
    /// cannot be opened.
    std::vector<std::string> load_file(const std::string& path, const ImageLoadOptions& options) {
        return detail::image_load_file(*client_, path, options.quiet, options.on_progress);
    }
    /// The same with positional arguments (kept for existing callers; the options read better).
    std::vector<std::string> load(http::BodySource body, std::optional<std::uint64_t> length = {}, bool quiet = false,
                                  const ProgressHandler& on_progress = {}) {
        return detail::image_load(*client_, std::move(body), length, quiet, on_progress);
    }
    /// The same with positional arguments (kept for existing callers; the options read better).
    std::vector<std::string> load_file(const std::string& path, bool quiet = false,
                                       const ProgressHandler& on_progress = {}) {
        return detail::image_load_file(*client_, path, quiet, on_progress);
    }

private:
    Client* client_;
};
DOCKER_CPP_COMPILED_ELSEWHERE(BasicImagesApi)

inline ImagesApi Client::images() { return ImagesApi(*this); }

}  // namespace docker
