#pragma once
// Models of the image group: summaries, inspect, delete results, registry credentials, and
// the JSON progress messages that pull, push, import, load and build stream.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "docker/models/json_fields.hpp"

namespace docker {

// One line of a JSON progress stream (the daemon's JSONMessage).
struct ProgressEvent {
    std::string status;      // "Pulling fs layer", "Downloading", ...
    std::string id;          // layer or image the status is about
    std::string progress;    // a rendered progress bar
    std::optional<std::int64_t> current;  // progressDetail.current
    std::optional<std::int64_t> total;    // progressDetail.total
    std::string stream;      // build output text
    std::string error;       // set on failure (the daemon answered 200 before it failed)
    int error_code = 0;      // errorDetail.code
    json aux;                // auxiliary data (push digest, built image ID)
    json raw;

    bool is_error() const { return !error.empty(); }
};

inline void from_json(const json& j, ProgressEvent& e) {
    detail::read_field(j, "status", e.status);
    detail::read_field(j, "id", e.id);
    detail::read_field(j, "progress", e.progress);
    if (auto d = j.find("progressDetail"); d != j.end() && d->is_object()) {
        detail::read_field(*d, "current", e.current);
        detail::read_field(*d, "total", e.total);
    }
    detail::read_field(j, "stream", e.stream);
    detail::read_field(j, "error", e.error);
    if (auto d = j.find("errorDetail"); d != j.end() && d->is_object()) {
        detail::read_field(*d, "code", e.error_code);
        if (e.error.empty()) detail::read_field(*d, "message", e.error);
    }
    if (auto a = j.find("aux"); a != j.end()) e.aux = *a;
    e.raw = j;
}

// Registry credentials, sent base64url-encoded in the X-Registry-Auth header.
struct AuthConfig {
    std::string username;
    std::string password;
    std::string email;
    std::string server_address;
    std::string identity_token;  // instead of username/password
    std::string registry_token;
};

inline void to_json(json& j, const AuthConfig& a) {
    j = json::object();
    detail::write_field(j, "username", a.username);
    detail::write_field(j, "password", a.password);
    detail::write_field(j, "email", a.email);
    detail::write_field(j, "serveraddress", a.server_address);
    detail::write_field(j, "identitytoken", a.identity_token);
    detail::write_field(j, "registrytoken", a.registry_token);
}

// GET /images/json (ImageSummary).
struct ImageSummary {
    std::string id;
    std::string parent_id;
    std::vector<std::string> repo_tags;
    std::vector<std::string> repo_digests;
    std::int64_t created = 0;  // seconds since the epoch
    std::int64_t size = 0;
    std::int64_t shared_size = -1;
    std::map<std::string, std::string> labels;
    std::int64_t containers = -1;
    json raw;
};

inline void from_json(const json& j, ImageSummary& s) {
    detail::read_field(j, "Id", s.id);
    detail::read_field(j, "ParentId", s.parent_id);
    detail::read_field(j, "RepoTags", s.repo_tags);
    detail::read_field(j, "RepoDigests", s.repo_digests);
    detail::read_field(j, "Created", s.created);
    detail::read_field(j, "Size", s.size);
    detail::read_field(j, "SharedSize", s.shared_size);
    detail::read_field(j, "Labels", s.labels);
    detail::read_field(j, "Containers", s.containers);
    s.raw = j;
}

// GET /images/{name}/json (ImageInspect).
struct ImageInspect {
    std::string id;
    std::vector<std::string> repo_tags;
    std::vector<std::string> repo_digests;
    std::string parent;
    std::string comment;
    std::string created;  // RFC 3339
    std::string docker_version;
    std::string author;
    std::string architecture;
    std::string os;
    std::int64_t size = 0;
    std::vector<std::string> cmd;         // Config.Cmd
    std::vector<std::string> entrypoint;  // Config.Entrypoint
    std::vector<std::string> env;         // Config.Env
    std::map<std::string, std::string> labels;  // Config.Labels
    std::string working_dir;              // Config.WorkingDir
    std::vector<std::string> layers;      // RootFS.Layers
    json raw;
};

inline void from_json(const json& j, ImageInspect& i) {
    detail::read_field(j, "Id", i.id);
    detail::read_field(j, "RepoTags", i.repo_tags);
    detail::read_field(j, "RepoDigests", i.repo_digests);
    detail::read_field(j, "Parent", i.parent);
    detail::read_field(j, "Comment", i.comment);
    detail::read_field(j, "Created", i.created);
    detail::read_field(j, "DockerVersion", i.docker_version);
    detail::read_field(j, "Author", i.author);
    detail::read_field(j, "Architecture", i.architecture);
    detail::read_field(j, "Os", i.os);
    detail::read_field(j, "Size", i.size);
    if (auto c = j.find("Config"); c != j.end() && c->is_object()) {
        detail::read_field(*c, "Cmd", i.cmd);
        detail::read_field(*c, "Entrypoint", i.entrypoint);
        detail::read_field(*c, "Env", i.env);
        detail::read_field(*c, "Labels", i.labels);
        detail::read_field(*c, "WorkingDir", i.working_dir);
    }
    if (auto r = j.find("RootFS"); r != j.end() && r->is_object()) detail::read_field(*r, "Layers", i.layers);
    i.raw = j;
}

// One entry of DELETE /images/{name}: a tag removed or a layer/image deleted.
struct ImageDeleteItem {
    std::string untagged;
    std::string deleted;
};

inline void from_json(const json& j, ImageDeleteItem& d) {
    detail::read_field(j, "Untagged", d.untagged);
    detail::read_field(j, "Deleted", d.deleted);
}

}  // namespace docker
