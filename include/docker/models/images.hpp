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

/// One line of a JSON progress stream (the daemon's JSONMessage), as pull, push, import, load
/// and build send them.
struct ProgressEvent {
    /// JSON `status`: what is happening ("Pulling fs layer", "Downloading", "Pull complete", ...).
    std::string status;
    /// JSON `id`: the layer or image the status is about.
    std::string id;
    /// JSON `progress`: a progress bar rendered as text by the daemon.
    std::string progress;
    /// JSON `progressDetail.current`: bytes (or units) done so far; unset when not sent.
    std::optional<std::int64_t> current;
    /// JSON `progressDetail.total`: bytes (or units) in all; unset when not sent or unknown.
    std::optional<std::int64_t> total;
    /// JSON `stream`: build output text, with its own line ends.
    std::string stream;
    /// JSON `error` (or `errorDetail.message`): set when the operation failed after the daemon
    /// had already answered 200.
    std::string error;
    /// JSON `errorDetail.code`: a code some errors carry; 0 when none.
    int error_code = 0;
    /// JSON `aux`: auxiliary data (the pushed digest, the built image ID); null when not sent.
    json aux;
    /// The whole line as received, for keys this struct does not name.
    json raw;

    /// Whether this line reports a failure (error is set).
    bool is_error() const { return !error.empty(); }
};

template <class J, detail::if_json<J> = 0>
void from_json(const J& j, ProgressEvent& e) {
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

/// Registry credentials, sent as base64url-encoded JSON in the X-Registry-Auth header
/// (see registry_auth_header()). Empty members are not sent.
struct AuthConfig {
    /// JSON `username`.
    std::string username;
    /// JSON `password` (or a personal access token).
    std::string password;
    /// JSON `email`: obsolete; sent only when set.
    std::string email;
    /// JSON `serveraddress`: the registry ("registry.example.com:5000"; Docker Hub: "https://index.docker.io/v1/").
    std::string server_address;
    /// JSON `identitytoken`: a refresh token, used instead of username and password.
    std::string identity_token;
    /// JSON `registrytoken`: a bearer token passed to the registry as is.
    std::string registry_token;
};

template <class J, detail::if_json<J> = 0>
void to_json(J& j, const AuthConfig& a) {
    j = json::object();
    detail::write_field(j, "username", a.username);
    detail::write_field(j, "password", a.password);
    detail::write_field(j, "email", a.email);
    detail::write_field(j, "serveraddress", a.server_address);
    detail::write_field(j, "identitytoken", a.identity_token);
    detail::write_field(j, "registrytoken", a.registry_token);
}

/// One entry of GET /images/json (the spec's ImageSummary).
struct ImageSummary {
    /// JSON `Id`: image ID ("sha256:...").
    std::string id;
    /// JSON `ParentId`: ID of the parent image; empty when none.
    std::string parent_id;
    /// JSON `RepoTags`: "repository:tag" names; empty for an untagged image.
    std::vector<std::string> repo_tags;
    /// JSON `RepoDigests`: "repository@sha256:..." references.
    std::vector<std::string> repo_digests;
    /// JSON `Created`: creation time in seconds since the Unix epoch.
    std::int64_t created = 0;
    /// JSON `Size`: size in bytes, its layers included.
    std::int64_t size = 0;
    /// JSON `SharedSize`: bytes shared with other images; -1 when not computed.
    std::int64_t shared_size = -1;
    /// JSON `Labels`.
    std::map<std::string, std::string> labels;
    /// JSON `Containers`: containers using the image; -1 when not computed.
    std::int64_t containers = -1;
    /// The whole entry as received, for keys this struct does not name.
    json raw;
};

template <class J, detail::if_json<J> = 0>
void from_json(const J& j, ImageSummary& s) {
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

/// The answer of GET /images/{name}/json (the spec's ImageInspect), with the common
/// `Config` members lifted to the top.
struct ImageInspect {
    /// JSON `Id`: image ID ("sha256:...").
    std::string id;
    /// JSON `RepoTags`: "repository:tag" names.
    std::vector<std::string> repo_tags;
    /// JSON `RepoDigests`: "repository@sha256:..." references.
    std::vector<std::string> repo_digests;
    /// JSON `Parent`: ID of the parent image; empty when none.
    std::string parent;
    /// JSON `Comment`: the commit message, if any.
    std::string comment;
    /// JSON `Created`: RFC 3339 creation time.
    std::string created;
    /// JSON `DockerVersion`: version of the Docker that built it; empty for other builders.
    std::string docker_version;
    /// JSON `Author`.
    std::string author;
    /// JSON `Architecture`: "amd64", "arm64", ...
    std::string architecture;
    /// JSON `Os`: "linux", "windows".
    std::string os;
    /// JSON `Size`: size in bytes, its layers included.
    std::int64_t size = 0;
    /// JSON `Config.Cmd`: default command.
    std::vector<std::string> cmd;
    /// JSON `Config.Entrypoint`: default entrypoint.
    std::vector<std::string> entrypoint;
    /// JSON `Config.Env`: default environment as "KEY=value".
    std::vector<std::string> env;
    /// JSON `Config.Labels`: image labels.
    std::map<std::string, std::string> labels;
    /// JSON `Config.WorkingDir`: default working directory.
    std::string working_dir;
    /// JSON `RootFS.Layers`: digests of the layers, bottom first.
    std::vector<std::string> layers;
    /// The whole answer as received, for keys this struct does not name.
    json raw;
};

template <class J, detail::if_json<J> = 0>
void from_json(const J& j, ImageInspect& i) {
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

/// One entry of the answer of DELETE /images/{name}: a tag removed, or an image or layer deleted.
struct ImageDeleteItem {
    /// JSON `Untagged`: the reference removed; empty when this entry is a deletion.
    std::string untagged;
    /// JSON `Deleted`: the image or layer ID deleted; empty when this entry is an untag.
    std::string deleted;
};

template <class J, detail::if_json<J> = 0>
void from_json(const J& j, ImageDeleteItem& d) {
    detail::read_field(j, "Untagged", d.untagged);
    detail::read_field(j, "Deleted", d.deleted);
}

}  // namespace docker
