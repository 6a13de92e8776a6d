#pragma once
/// @file
/// Images as tar archives, reached through client.images(): GET /images/{name}/get
/// (ImageGet) and GET /images/get (ImageGetAll) stream an archive out to a sink as it
/// arrives; POST /images/load (ImageLoad) streams one in from a body source. Neither side
/// holds the archive in memory.

#include <cstdint>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "docker/client.hpp"
#include "docker/models/images.hpp"
#include "docker/stream/byte_sink.hpp"
#include "docker/stream/progress.hpp"

namespace docker::detail {

// Note: a failure after the daemon began sending ends the archive early and appends a JSON
// error to it; the daemon gives no other sign, so only a tar reader would notice.
inline void image_get(Client& client, const std::string& name, const ByteSink& sink) {
    if (name.empty()) throw UsageError("image name is empty");
    auto response = client.stream(Client::make_request("GET", "/images/" + http::encode_path(name) + "/get"));
    drain_to(response, sink);
}

inline void image_get_all(Client& client, const std::vector<std::string>& names, const ByteSink& sink) {
    if (names.empty()) throw UsageError("no image names to save");
    http::Query q;
    for (const auto& name : names) q.add("names", name);
    auto response = client.stream(Client::make_request("GET", "/images/get" + q.str()));
    drain_to(response, sink);
}

inline void image_save_file(Client& client, const std::vector<std::string>& names, const std::string& path) {
    std::ofstream file(path, std::ios::binary | std::ios::trunc);
    if (!file) throw UsageError("cannot create '" + path + "'");
    auto write = [&](std::string_view piece) {
        file.write(piece.data(), static_cast<std::streamsize>(piece.size()));
        if (!file) throw UsageError("cannot write '" + path + "'");
    };
    if (names.size() == 1) image_get(client, names[0], write);
    else image_get_all(client, names, write);
    file.close();
    if (!file) throw UsageError("cannot write '" + path + "'");
}

// The references the daemon reports loading: "Loaded image: name:tag" and, for an image
// saved by ID, "Loaded image ID: sha256:...".
template <class Lazy = void>  // compiled only by programs that call it
std::vector<std::string> image_load(Client& client, http::BodySource body, std::optional<std::uint64_t> length,
                                    bool quiet, const ProgressHandler& on_progress) {
    if (!body) throw UsageError("image load needs a body");
    http::Query q;
    if (quiet) q.add("quiet", true);
    http::Request r = Client::make_request("POST", "/images/load" + q.str());
    r.headers.set("Content-Type", "application/x-tar");
    r.body_source = std::move(body);
    r.body_length = length;
    auto response = client.stream(std::move(r));
    std::vector<std::string> loaded;
    stream::read_progress(response, [&](const ProgressEvent& e) {
        for (std::string_view marker : {std::string_view("Loaded image ID: "), std::string_view("Loaded image: ")}) {
            std::string_view text = e.stream;
            if (text.substr(0, marker.size()) != marker) continue;
            text.remove_prefix(marker.size());
            while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' '))
                text.remove_suffix(1);
            loaded.emplace_back(text);
            break;
        }
        if (on_progress) on_progress(e);
    });
    return loaded;
}

template <class Lazy = void>  // compiled only by programs that call it
std::vector<std::string> image_load_file(Client& client, const std::string& path, bool quiet,
                                         const ProgressHandler& on_progress) {
    auto file = std::make_shared<std::ifstream>(path, std::ios::binary);
    if (!*file) throw UsageError("cannot open '" + path + "'");
    file->seekg(0, std::ios::end);
    auto length = static_cast<std::uint64_t>(file->tellg());
    file->seekg(0);
    return image_load(
        client,
        [file](char* buffer, std::size_t size) {
            file->read(buffer, static_cast<std::streamsize>(size));
            return static_cast<std::size_t>(file->gcount());
        },
        length, quiet, on_progress);
}

}  // namespace docker::detail
