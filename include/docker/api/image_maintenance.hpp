#pragma once
/// @file
/// The image group's calls about an image's past and upkeep: its layers (history), a new
/// image from a container (commit), the removal of unused images (prune) and of the build
/// cache (build_prune), a registry search (search) and the image's in-toto attestations.
/// ImagesApi inherits these, so they are called as client.images().history(name).

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "docker/api/version_gate.hpp"
#include "docker/client.hpp"
#include "docker/filters.hpp"
#include "docker/http/url.hpp"
#include "docker/models/json_fields.hpp"
#include "docker/models/generated/images.hpp"

namespace docker {

/// GET /images/{name}/history query.
struct ImageHistoryOptions {
    std::optional<model::OCIPlatform> platform;  ///< API >= 1.52: the variant of a multi-platform image
};

/// POST /commit query and body.
struct ImageCommitOptions {
    std::string repo;                  ///< name of the new image; empty: untagged
    std::string tag;                   ///< empty: "latest" when repo is given
    std::string comment;               ///< commit message
    std::string author;                ///< e.g. "Jane <jane@example.com>"
    bool pause = true;                 ///< pause the container while committing (the daemon's default)
    std::vector<std::string> changes;  ///< Dockerfile instructions, e.g. "ENV A=1", "WORKDIR /app"
    /// The new image's configuration (Env, Cmd, Labels...); unset: the container's.
    std::optional<model::ContainerConfig> config;
};

/// POST /images/prune query: e.g. {"dangling", {"false"}} for every unused image, not only
/// untagged ones; {"label", {"app=web"}}; {"until", {"24h"}}.
struct ImagePruneOptions {
    Filters filters;  ///< which unused images to remove; empty: the dangling ones
};

/// POST /build/prune query.
struct BuildPruneOptions {
    bool all = false;                          ///< not only the dangling cache
    std::optional<std::int64_t> keep_storage;  ///< bytes to keep (keep-storage; newer engines: reserved_space)
    std::optional<std::int64_t> reserved_space;  ///< API >= 1.52
    std::optional<std::int64_t> max_used_space;  ///< API >= 1.52
    std::optional<std::int64_t> min_free_space;  ///< API >= 1.52
    Filters filters;  ///< e.g. {"until", {"24h"}}
};

/// GET /images/search query.
struct ImageSearchOptions {
    std::optional<int> limit;  ///< at most this many hits
    /// {"is-official", {"true"}}, {"stars", {"100"}} (at least 100 stars)
    Filters filters;
};

/// GET /images/{name}/attestations query.
struct ImageAttestationsOptions {
    std::optional<model::OCIPlatform> platform;      ///< unset: the daemon's own platform
    std::vector<std::string> predicate_types;  ///< the `type` filter; empty: every statement
    bool include_statement = false;            ///< the `statement` flag: send the statements' bodies too
};

// A class template only so that a program compiles the calls it makes: the bodies of the
// others are never instantiated. Always named through its alias, ImageMaintenanceApi.
/// Image history and upkeep calls; reached through client.images() (ImagesApi inherits them).
/// Each is checked against the negotiated API version first (UnsupportedApiVersion).
template <class Lazy>
class BasicImageMaintenanceApi {
public:
    /// Calls go through `client`, which must outlive this object.
    explicit BasicImageMaintenanceApi(Client& client) : client_(&client) {}

    /// The layers of image `name`, newest first: the instruction that made each, its size and
    /// time. NotFound for a missing image. GET /images/{name}/history.
    // operationId: ImageHistory
    std::vector<model::ImageHistoryResponseItem> history(const std::string& name, const ImageHistoryOptions& options = {}) {
        detail::require_api(*client_, ops::ImageHistory);
        http::Query q;
        if (options.platform) {
            detail::require_api(*client_, ops::ImageHistory, "platform");
            q.add("platform", detail::as_json(*options.platform).dump());
        }
        return detail::parse_model<std::vector<model::ImageHistoryResponseItem>>(
            client_->get(path(name, "/history") + q.str()).body, "image history");
    }

    /// A new image from the filesystem and configuration of `container`; returns its ID.
    /// NotFound for a missing container. POST /commit.
    // operationId: ImageCommit
    model::IDResponse commit(const std::string& container, const ImageCommitOptions& options = {}) {
        if (container.empty()) throw UsageError("container id or name is empty");
        json body = options.config ? detail::as_json(*options.config) : json(nullptr);
        if (options.config) detail::require_body_fields<model::ContainerConfig>(*client_, ops::ImageCommit, body);
        else detail::require_api(*client_, ops::ImageCommit);
        http::Query q;
        q.add("container", container);
        if (!options.repo.empty()) q.add("repo", options.repo);
        if (!options.tag.empty()) q.add("tag", options.tag);
        if (!options.comment.empty()) q.add("comment", options.comment);
        if (!options.author.empty()) q.add("author", options.author);
        if (!options.pause) q.add("pause", false);
        for (const auto& change : options.changes) q.add("changes", change);
        return detail::parse_model<model::IDResponse>(client_->post("/commit" + q.str(), body).body, "image commit");
    }

    /// Removes unused images: by default only dangling (untagged) ones. Returns what was
    /// deleted and the space freed. POST /images/prune.
    // operationId: ImagePrune
    model::ImagePruneResponse prune(const ImagePruneOptions& options = {}) {
        detail::require_api(*client_, ops::ImagePrune);
        http::Query q;
        if (!options.filters.empty()) q.add("filters", detail::filters_to_query(options.filters));
        return detail::parse_model<model::ImagePruneResponse>(client_->post("/images/prune" + q.str()).body, "image prune");
    }

    /// Removes the BuildKit build cache. (The classic builder caches in images, which
    /// prune() removes instead.) Returns the records deleted and the space freed.
    /// POST /build/prune; the API >= 1.52 space limits are UnsupportedApiVersion below.
    // operationId: BuildPrune
    model::BuildPruneResponse build_prune(const BuildPruneOptions& options = {}) {
        detail::require_api(*client_, ops::BuildPrune);
        http::Query q;
        if (options.all) q.add("all", true);
        if (options.keep_storage) q.add("keep-storage", *options.keep_storage);
        struct Newer {
            const char* name;
            const std::optional<std::int64_t>& value;
        };
        for (const Newer& p : {Newer{"reserved-space", options.reserved_space},
                               Newer{"max-used-space", options.max_used_space},
                               Newer{"min-free-space", options.min_free_space}}) {
            if (!p.value) continue;
            detail::require_api(*client_, ops::BuildPrune, p.name);
            q.add(p.name, *p.value);
        }
        if (!options.filters.empty()) q.add("filters", detail::filters_to_query(options.filters));
        return detail::parse_model<model::BuildPruneResponse>(client_->post("/build/prune" + q.str()).body, "build prune");
    }

    /// Searches the daemon's registry (Docker Hub) for repositories matching `term`: name,
    /// description, stars, official. GET /images/search.
    // operationId: ImageSearch
    std::vector<model::ImageSearchResponseItem> search(const std::string& term, const ImageSearchOptions& options = {}) {
        if (term.empty()) throw UsageError("image search term is empty");
        detail::require_api(*client_, ops::ImageSearch);
        http::Query q;
        q.add("term", term);
        if (options.limit) q.add("limit", *options.limit);
        if (!options.filters.empty()) q.add("filters", detail::filters_to_query(options.filters));
        return detail::parse_model<std::vector<model::ImageSearchResponseItem>>(client_->get("/images/search" + q.str()).body,
                                                                         "image search");
    }

    /// The in-toto statements (provenance, SBOM...) attached to an image. API >= 1.55, else
    /// UnsupportedApiVersion. GET /images/{name}/attestations.
    // operationId: ImageAttestations
    std::vector<model::AttestationStatement> attestations(const std::string& name,
                                                   const ImageAttestationsOptions& options = {}) {
        detail::require_api(*client_, ops::ImageAttestations);
        http::Query q;
        if (options.platform) q.add("platform", detail::as_json(*options.platform).dump());
        for (const auto& type : options.predicate_types) q.add("type", type);
        if (options.include_statement) q.add("statement", true);
        return detail::parse_model<std::vector<model::AttestationStatement>>(
            client_->get(path(name, "/attestations") + q.str()).body, "image attestations");
    }

private:
    static std::string path(const std::string& name, const char* suffix) {
        if (name.empty()) throw UsageError("image name is empty");
        return "/images/" + http::encode_path(name) + suffix;
    }

    Client* client_;
};

/// BasicImageMaintenanceApi<void>: see there.
using ImageMaintenanceApi = BasicImageMaintenanceApi<void>;
DOCKER_CPP_COMPILED_ELSEWHERE(BasicImageMaintenanceApi)

}  // namespace docker
