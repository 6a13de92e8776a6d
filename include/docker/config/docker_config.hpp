#pragma once
// The docker CLI's configuration directory ($DOCKER_CONFIG, else ~/.docker) and its
// config.json, read the way the CLI reads them. Parse errors name the file and the byte,
// never the text around it (the file holds credentials).

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "docker/detail/compiled_mode.hpp"
#include "docker/detail/json_text.hpp"
#include "docker/detail/system_error.hpp"
#include "docker/error.hpp"

namespace docker::detail {

// Whether something exists at `path` (stat succeeds).
DOCKER_CPP_INLINE bool file_exists(const std::string& path);

// Reads a JSON file; a missing file is `missing` (null: "no such file" is an error).
DOCKER_CPP_INLINE nlohmann::json read_json_file(const std::string& path, const char* what,
                                                const nlohmann::json& missing = nlohmann::json());

// The environment variable `name`, or "" when it is unset.
DOCKER_CPP_INLINE std::string getenv_string(const char* name);

#if DOCKER_CPP_BODIES
DOCKER_CPP_INLINE bool file_exists(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0;
}

DOCKER_CPP_INLINE nlohmann::json read_json_file(const std::string& path, const char* what,
                                                const nlohmann::json& missing) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        int err = errno;
        if (err == ENOENT && !missing.is_null()) return missing;
        throw ConfigError(std::string("cannot read ") + what + " '" + path + "': " + docker::detail::errno_text(err));
    }
    std::ostringstream text;
    text << in.rdbuf();
    try {
        auto parsed = docker::detail::parse_json(text.str());
        if (!parsed.is_object()) throw ConfigError(std::string("malformed ") + what + " '" + path + "': not a JSON object");
        return parsed;
    } catch (const nlohmann::json::parse_error& e) {
        throw ConfigError(std::string("malformed ") + what + " '" + path + "': invalid JSON at byte " +
                          std::to_string(e.byte));
    }
}

DOCKER_CPP_INLINE std::string getenv_string(const char* name) {
    const char* v = std::getenv(name);
    return v ? v : "";
}
#endif

}  // namespace docker::detail

namespace docker::config {

/// `explicit_dir` if set, else $DOCKER_CONFIG, else $HOME/.docker.
DOCKER_CPP_INLINE std::string config_dir(const std::string& explicit_dir = {});

/// $DIR/config.json as an object; {} when there is none.
DOCKER_CPP_INLINE nlohmann::json load_config_file(const std::string& dir);

/// Writes $DIR/config.json atomically (temp file + rename), readable by its owner only,
/// keeping every field it does not know.
DOCKER_CPP_INLINE void save_config_file(const std::string& dir, const nlohmann::json& config);

#if DOCKER_CPP_BODIES
DOCKER_CPP_INLINE std::string config_dir(const std::string& explicit_dir) {
    if (!explicit_dir.empty()) return explicit_dir;
    const char* env = std::getenv("DOCKER_CONFIG");
    if (env && *env) return env;
    const char* home = std::getenv("HOME");
    return std::string(home && *home ? home : "") + "/.docker";
}

DOCKER_CPP_INLINE nlohmann::json load_config_file(const std::string& dir) {
    return detail::read_json_file(dir + "/config.json", "docker config file", nlohmann::json::object());
}

DOCKER_CPP_INLINE void save_config_file(const std::string& dir, const nlohmann::json& config) {
    ::mkdir(dir.c_str(), 0700);
    std::string path = dir + "/config.json";
    std::string temp = path + ".tmp-" + std::to_string(::getpid());
    {
        int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
        if (fd < 0) {
            int err = errno;
            throw ConfigError("cannot write the docker config file '" + path + "': " + docker::detail::errno_text(err));
        }
        std::string text = config.dump(1, '\t') + "\n";
        std::size_t done = 0;
        while (done < text.size()) {
            ssize_t n = ::write(fd, text.data() + done, text.size() - done);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) {
                int err = errno;
                ::close(fd);
                ::unlink(temp.c_str());
                throw ConfigError("cannot write the docker config file '" + path + "': " + docker::detail::errno_text(err));
            }
            done += static_cast<std::size_t>(n);
        }
        ::close(fd);
    }
    if (::rename(temp.c_str(), path.c_str()) != 0) {
        int err = errno;
        ::unlink(temp.c_str());
        throw ConfigError("cannot replace the docker config file '" + path + "': " + docker::detail::errno_text(err));
    }
}
#endif

}  // namespace docker::config
