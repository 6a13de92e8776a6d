#pragma once
/// @file
/// POST /build (ImageBuild), reached as client.images().build(): the build context is a
/// directory tarred on the fly as the upload goes (filtered by its .dockerignore, as the
/// docker CLI does), or a tar archive the caller supplies. The builder's output arrives as a
/// JSON progress stream; a failed step arrives as an error line, raised as StreamError.

#include <sys/stat.h>

#include <cstddef>
#include <cstdint>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "docker/client.hpp"
#include "docker/config/credentials.hpp"
#include "docker/detail/base64.hpp"
#include "docker/models/images.hpp"
#include "docker/stream/progress.hpp"
#include "docker/stream/tar_directory.hpp"

namespace docker {

/// Query and headers of POST /build. Defaults are the daemon's.
struct BuildOptions {
    std::vector<std::string> tags;  ///< t: "name:tag", several allowed
    std::string dockerfile;         ///< path inside the context; empty: "Dockerfile"
    std::map<std::string, std::string> buildargs;  ///< ARG values
    std::map<std::string, std::string> labels;     ///< labels set on the image
    std::string target;             ///< build stage to stop at
    bool nocache = false;           ///< ignore the build cache
    bool pull = false;              ///< pull the FROM images even when present
    bool rm = true;                 ///< remove intermediate containers after a successful build
    bool forcerm = false;           ///< ... and after a failed one
    bool quiet = false;             ///< q: no per-step output
    std::vector<std::string> cache_from;   ///< cachefrom: images used as cache sources
    std::string platform;           ///< "os[/arch[/variant]]"
    std::vector<std::string> extra_hosts;  ///< extrahosts: "name:ip" added to /etc/hosts of RUN
    std::string network_mode;       ///< networkmode of RUN: "bridge", "host", "none", ...
    std::optional<std::int64_t> memory;     ///< memory limit of RUN steps, bytes
    std::optional<std::int64_t> memswap;    ///< memory plus swap limit, bytes; -1: unlimited swap
    std::optional<std::int64_t> cpushares;  ///< relative CPU weight of RUN steps (1024: normal)
    std::string cpusetcpus;                 ///< CPUs RUN steps may use: "0-3", "0,2"
    std::optional<std::int64_t> cpuperiod;  ///< CFS period, microseconds
    std::optional<std::int64_t> cpuquota;   ///< CFS quota per period, microseconds
    std::optional<std::int64_t> shmsize;    ///< size of /dev/shm of RUN steps, bytes
    bool squash = false;            ///< experimental daemons only
    std::string remote;             ///< a Git/HTTP context instead of the uploaded one
    std::map<std::string, AuthConfig> registry_config;  ///< X-Registry-Config, by registry
    /// Longest silence tolerated in the output; unset: none, since a RUN step may work
    /// quietly for as long as it needs.
    std::optional<Timeout> timeout;
    CallOptions call;  ///< overall deadline, cancel token
};

}  // namespace docker

namespace docker::detail {

// ---- .dockerignore -----------------------------------------------------------------------

// Lexically cleans a slash path like Go's path.Clean, for a relative result: "./a//b/../c/"
// becomes "a/c"; a leading '/' is dropped (patterns are relative to the context root).
inline std::string dockerignore_clean(std::string_view path) {
    std::vector<std::string_view> parts;
    std::size_t i = 0;
    while (i <= path.size()) {
        std::size_t slash = path.find('/', i);
        if (slash == std::string_view::npos) slash = path.size();
        std::string_view part = path.substr(i, slash - i);
        if (part == "..") {
            if (!parts.empty() && parts.back() != "..") parts.pop_back();
            else if (path.empty() || path[0] != '/') parts.push_back(part);  // "/.." is "/"
        } else if (!part.empty() && part != ".") {
            parts.push_back(part);
        }
        i = slash + 1;
    }
    std::string out;
    for (auto part : parts) {
        if (!out.empty()) out += '/';
        out += part;
    }
    return out.empty() ? std::string(".") : out;
}

// One .dockerignore pattern compiled for matching. Syntax as Docker documents it (Go's
// filepath.Match plus "**"): '*' any run of characters but '/', '?' one character but '/',
// "[a-z]" / "[^a-z]" a class, '\' escapes, "**" any number of directories (none included).
class IgnoreGlob {
public:
    explicit IgnoreGlob(std::string_view pattern) {
        std::size_t i = 0;
        while (i < pattern.size()) {
            char c = pattern[i++];
            if (c == '*') {
                if (i < pattern.size() && pattern[i] == '*') {
                    ++i;
                    if (i < pattern.size() && pattern[i] == '/') ++i;  // "**/" is "**"
                    // "**" at the end takes everything that follows; elsewhere it stands for
                    // zero or more whole directories.
                    tokens_.push_back({i == pattern.size() ? Kind::any_path : Kind::any_dirs, 0, {}, false});
                } else {
                    tokens_.push_back({Kind::star, 0, {}, false});
                }
            } else if (c == '?') {
                tokens_.push_back({Kind::one, 0, {}, false});
            } else if (c == '\\') {
                if (i == pattern.size()) throw UsageError("bad .dockerignore pattern '" + std::string(pattern) + "'");
                tokens_.push_back({Kind::literal, pattern[i++], {}, false});
            } else if (c == '[') {
                Token token{Kind::klass, 0, {}, false};
                if (i < pattern.size() && pattern[i] == '^') {
                    token.negated = true;
                    ++i;
                }
                bool closed = false;
                bool first = true;
                while (i < pattern.size()) {
                    char lo = pattern[i++];
                    if (lo == ']' && !first) {
                        closed = true;
                        break;
                    }
                    first = false;
                    if (lo == '\\') {
                        if (i == pattern.size()) break;
                        lo = pattern[i++];
                    }
                    char hi = lo;
                    if (i + 1 < pattern.size() && pattern[i] == '-' && pattern[i + 1] != ']') {
                        hi = pattern[i + 1];
                        i += 2;
                        if (hi == '\\') {
                            if (i == pattern.size()) break;
                            hi = pattern[i++];
                        }
                    }
                    token.ranges.push_back({lo, hi});
                }
                if (!closed) throw UsageError("bad .dockerignore pattern '" + std::string(pattern) + "'");
                tokens_.push_back(std::move(token));
            } else {
                tokens_.push_back({Kind::literal, c, {}, false});
            }
        }
    }

    // Does the whole of `path` match?
    bool matches(std::string_view path) const {
        // Memoised over (token, position): no exponential backtracking on many stars.
        std::vector<signed char> memo((tokens_.size() + 1) * (path.size() + 1), -1);
        return match(0, 0, path, memo);
    }

private:
    enum class Kind { literal, one, star, any_dirs, any_path, klass };
    struct Token {
        Kind kind;
        char c;
        std::vector<std::pair<char, char>> ranges;
        bool negated;
    };

    bool match(std::size_t t, std::size_t i, std::string_view s, std::vector<signed char>& memo) const {
        signed char& known = memo[t * (s.size() + 1) + i];
        if (known >= 0) return known != 0;
        bool result = false;
        if (t == tokens_.size()) {
            result = i == s.size();
        } else {
            const Token& token = tokens_[t];
            switch (token.kind) {
            case Kind::literal:
                result = i < s.size() && s[i] == token.c && match(t + 1, i + 1, s, memo);
                break;
            case Kind::one:
                result = i < s.size() && s[i] != '/' && match(t + 1, i + 1, s, memo);
                break;
            case Kind::klass:
                result = i < s.size() && s[i] != '/' && in_class(token, s[i]) && match(t + 1, i + 1, s, memo);
                break;
            case Kind::star:
                result = match(t + 1, i, s, memo) || (i < s.size() && s[i] != '/' && match(t, i + 1, s, memo));
                break;
            case Kind::any_path:
                result = match(t + 1, i, s, memo) || (i < s.size() && match(t, i + 1, s, memo));
                break;
            case Kind::any_dirs:  // "(.*/)?": nothing, or anything up to and including a '/'
                result = match(t + 1, i, s, memo);
                for (std::size_t j = i; !result && j < s.size(); ++j)
                    if (s[j] == '/') result = match(t + 1, j + 1, s, memo);
                break;
            }
        }
        known = result ? 1 : 0;
        return result;
    }

    static bool in_class(const Token& token, char c) {
        bool found = false;
        for (const auto& range : token.ranges)
            if (static_cast<unsigned char>(c) >= static_cast<unsigned char>(range.first) &&
                static_cast<unsigned char>(c) <= static_cast<unsigned char>(range.second))
                found = true;
        return found != token.negated;
    }

    std::vector<Token> tokens_;
};

// A .dockerignore file: which paths of the context stay out of the upload.
class DockerIgnore {
public:
    DockerIgnore() = default;
    // Patterns as read_patterns() returns them: "!" marks an exception.
    explicit DockerIgnore(const std::vector<std::string>& patterns) {
        for (const auto& p : patterns) add(p);
    }

    // The patterns of a .dockerignore file, normalised as the docker CLI reads them: '#'
    // starts a comment line, blanks are trimmed, paths are cleaned ("./a/" is "a").
    static std::vector<std::string> read_patterns(std::string_view text) {
        std::vector<std::string> patterns;
        std::size_t i = 0;
        bool first = true;
        while (i < text.size()) {
            std::size_t nl = text.find('\n', i);
            if (nl == std::string_view::npos) nl = text.size();
            std::string_view line = text.substr(i, nl - i);
            i = nl + 1;
            if (first && line.substr(0, 3) == "\xEF\xBB\xBF") line.remove_prefix(3);  // a UTF-8 BOM
            first = false;
            if (!line.empty() && line[0] == '#') continue;
            line = trim(line);
            if (line.empty()) continue;
            bool exception = line[0] == '!';
            if (exception) line = trim(line.substr(1));
            std::string pattern = line.empty() ? std::string() : dockerignore_clean(line);
            patterns.push_back(exception ? "!" + pattern : pattern);
        }
        return patterns;
    }

    void add(std::string pattern) {
        bool exception = !pattern.empty() && pattern[0] == '!';
        if (exception) {
            pattern.erase(0, 1);
            if (pattern.empty()) throw UsageError("illegal exclusion pattern \"!\" in .dockerignore");
            has_exceptions_ = true;
        }
        if (pattern.empty()) return;
        patterns_.push_back(Pattern{pattern, exception, IgnoreGlob(pattern)});
    }

    // Is this context path (relative, '/'-separated) left out? The last pattern that
    // matches the path, or one of its parent directories, decides.
    bool excluded(std::string_view path) const {
        bool result = false;
        for (const auto& p : patterns_) {
            bool hit = p.glob.matches(path);
            for (std::size_t slash = path.find('/'); !hit && slash != std::string_view::npos;
                 slash = path.find('/', slash + 1))
                hit = p.glob.matches(path.substr(0, slash));
            if (hit) result = !p.exception;
        }
        return result;
    }

    // For an excluded directory: could an exception bring back something inside it? Like
    // the docker CLI, only an exception whose text starts with "<dir>/" counts.
    bool may_include_below(std::string_view dir) const {
        if (!has_exceptions_) return false;
        std::string prefix = std::string(dir) + "/";
        for (const auto& p : patterns_)
            if (p.exception && (p.text + "/").compare(0, prefix.size(), prefix) == 0) return true;
        return false;
    }

    bool empty() const noexcept { return patterns_.empty(); }

private:
    static std::string_view trim(std::string_view s) {
        while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
        while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
        return s;
    }

    struct Pattern {
        std::string text;
        bool exception;
        IgnoreGlob glob;
    };
    std::vector<Pattern> patterns_;
    bool has_exceptions_ = false;
};

// ---- the context as tar, produced as the upload pulls it ---------------------------------

// The exclusions for a context: its .dockerignore, with the Dockerfile and the
// .dockerignore itself always sent (the daemon needs both; the CLI does the same).
inline DockerIgnore build_context_ignore(const std::string& root, const std::string& dockerfile) {
    std::vector<std::string> patterns;
    std::ifstream file(root + "/.dockerignore", std::ios::binary);
    if (file) {
        std::stringstream text;
        text << file.rdbuf();
        patterns = DockerIgnore::read_patterns(text.str());
    }
    DockerIgnore ignore(patterns);
    if (ignore.excluded(".dockerignore")) ignore.add("!.dockerignore");
    if (ignore.excluded(dockerfile)) ignore.add("!" + dockerfile);
    return ignore;
}

// How stream::TarPathSource tars a context, as the docker CLI does: entries owned by root,
// and what `ignore` excludes left out. An excluded directory is still walked when an
// exception could bring back something below it; otherwise it is skipped unread.
inline stream::TarPathOptions build_context_options(DockerIgnore ignore) {
    stream::TarPathOptions options;
    options.root_owned = true;
    if (ignore.empty()) return options;
    auto shared = std::make_shared<const DockerIgnore>(std::move(ignore));
    options.filter = [shared](const std::string& path, bool is_directory) {
        if (!shared->excluded(path)) return stream::TarPathChoice::keep;
        return is_directory && shared->may_include_below(path) ? stream::TarPathChoice::leave_out_entry
                                                               : stream::TarPathChoice::leave_out;
    };
    return options;
}

// ---- the request -------------------------------------------------------------------------

inline std::string json_map(const std::map<std::string, std::string>& values) {
    json object = json::object();
    for (const auto& [key, value] : values) object[key] = value;
    return object.dump();
}

// The image ID the build reported: {"aux":{"ID":"sha256:..."}} on API >= 1.30; with q=1
// only a stream line holding the ID; else the short ID of "Successfully built <id>".
struct BuildResult {
    std::string id;
    std::string short_id;

    void see(const ProgressEvent& e) {
        if (e.aux.is_object()) {
            auto it = e.aux.find("ID");
            if (it != e.aux.end() && it->is_string()) id = it->get<std::string>();
        }
        std::string_view text = e.stream;
        while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) text.remove_suffix(1);
        static constexpr std::string_view marker = "Successfully built ";
        if (text.substr(0, marker.size()) == marker) {
            short_id = std::string(text.substr(marker.size()));
        } else if (id.empty() && text.size() == 71 && text.substr(0, 7) == "sha256:" &&
                   text.find_first_not_of("0123456789abcdef", 7) == std::string_view::npos) {
            id = std::string(text);
        }
    }
};

template <class Lazy = void>  // compiled only by programs that call it
std::string image_build(Client& client, http::BodySource context, std::optional<std::uint64_t> length,
                        const BuildOptions& options, const ProgressHandler& on_progress) {
    http::Query q;
    if (!options.dockerfile.empty()) q.add("dockerfile", options.dockerfile);
    for (const auto& tag : options.tags) q.add("t", tag);
    for (const auto& host : options.extra_hosts) q.add("extrahosts", host);
    if (!options.remote.empty()) q.add("remote", options.remote);
    if (options.quiet) q.add("q", true);
    if (options.nocache) q.add("nocache", true);
    if (!options.cache_from.empty()) q.add("cachefrom", json(options.cache_from).dump());
    if (options.pull) q.add("pull", true);
    q.add("rm", options.rm);  // always said: daemons have differed on its default
    if (options.forcerm) q.add("forcerm", true);
    if (options.memory) q.add("memory", *options.memory);
    if (options.memswap) q.add("memswap", *options.memswap);
    if (options.cpushares) q.add("cpushares", *options.cpushares);
    if (!options.cpusetcpus.empty()) q.add("cpusetcpus", options.cpusetcpus);
    if (options.cpuperiod) q.add("cpuperiod", *options.cpuperiod);
    if (options.cpuquota) q.add("cpuquota", *options.cpuquota);
    if (!options.buildargs.empty()) q.add("buildargs", json_map(options.buildargs));
    if (options.shmsize) q.add("shmsize", *options.shmsize);
    if (options.squash) q.add("squash", true);
    if (!options.labels.empty()) q.add("labels", json_map(options.labels));
    if (!options.network_mode.empty()) q.add("networkmode", options.network_mode);
    if (!options.platform.empty()) q.add("platform", options.platform);
    if (!options.target.empty()) q.add("target", options.target);

    http::Request r = Client::make_request("POST", "/build" + q.str());
    r.headers.set("Content-Type", "application/x-tar");
    if (!options.registry_config.empty()) {
        json configs = json::object();
        for (const auto& [registry, auth] : options.registry_config) configs[registry] = auth;
        r.headers.set("X-Registry-Config", base64_encode(configs.dump(), true));
    } else if (auto stored = config::registry_config_header(client.options().config_dir)) {
        r.headers.set("X-Registry-Config", *stored);  // every registry `docker login` knows, as the CLI sends
    }
    if (context) {
        r.body_source = std::move(context);
        r.body_length = length;
    }
    CallOptions call = options.call;
    call.timeout = options.timeout ? options.timeout : call.timeout ? call.timeout : no_timeout;
    auto response = client.stream(std::move(r), call);

    BuildResult result;
    stream::read_progress(response, [&](const ProgressEvent& e) {
        result.see(e);
        if (on_progress) on_progress(e);
    });
    if (!result.id.empty() || result.short_id.empty()) return result.id;
    // Only the short form was said: the image knows its full ID.
    auto image = detail::parse_json_or_discarded(client.get("/images/" + http::encode_path(result.short_id) + "/json").body);
    if (image.is_object() && image.contains("Id") && image["Id"].is_string()) return image["Id"].get<std::string>();
    return result.short_id;
}

template <class Lazy = void>  // compiled only by programs that call it
std::string image_build_directory(Client& client, const std::string& directory, const BuildOptions& options,
                                  const ProgressHandler& on_progress) {
    if (directory.empty()) throw UsageError("build context directory is empty");
    std::string root = directory;
    while (root.size() > 1 && root.back() == '/') root.pop_back();
    std::string dockerfile = dockerignore_clean(options.dockerfile.empty() ? "Dockerfile" : options.dockerfile);
    if (!options.dockerfile.empty() && options.dockerfile[0] == '/') {
        // An absolute Dockerfile path is fine as long as it lies inside the context.
        if (options.dockerfile.compare(0, root.size() + 1, root + "/") != 0)
            throw UsageError("Dockerfile '" + options.dockerfile + "' is outside the build context '" + root + "'");
        dockerfile = dockerignore_clean(options.dockerfile.substr(root.size() + 1));
    }
    struct stat st {};
    if (::stat((root + "/" + dockerfile).c_str(), &st) != 0 || !S_ISREG(st.st_mode))
        throw UsageError("no Dockerfile at '" + root + "/" + dockerfile + "'");

    std::shared_ptr<stream::TarPathSource> tar;
    try {
        // Archive name "": the context's contents at the top level, no entry for the root.
        tar = std::make_shared<stream::TarPathSource>(root, "",
                                                      build_context_options(build_context_ignore(root, dockerfile)));
        tar->check_readable();  // as `docker build` does: fail before anything is sent
    } catch (const UsageError&) {
        throw;
    } catch (const Error& e) {
        throw UsageError(e.what());  // nothing was sent: the context is at fault, not the daemon
    }
    BuildOptions sent = options;
    sent.dockerfile = dockerfile;
    return image_build(
        client, [tar](char* buffer, std::size_t size) { return tar->read(buffer, size); }, std::nullopt, sent,
        on_progress);
}

}  // namespace docker::detail
