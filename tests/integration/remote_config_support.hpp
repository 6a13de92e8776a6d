#pragma once
// Shared by the contexts, credentials and failure-table tests: the real docker CLI and
// credential helpers driven in a temporary DOCKER_CONFIG, and environment overrides that are
// undone when the test ends.

#include <netinet/in.h>
#include <sys/socket.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <docker/detail/child_process.hpp>

#include "integration/engine.hpp"
#include "support/catch.hpp"
#include "support/temp_dir.hpp"

namespace docker::test {

// Sets (or unsets, with nullopt) an environment variable for the scope.
class ScopedEnv {
public:
    ScopedEnv(std::string name, const std::optional<std::string>& value) : name_(std::move(name)) {
        if (const char* old = std::getenv(name_.c_str())) old_ = old;
        if (value) ::setenv(name_.c_str(), value->c_str(), 1);
        else ::unsetenv(name_.c_str());
    }
    ~ScopedEnv() {
        if (old_) ::setenv(name_.c_str(), old_->c_str(), 1);
        else ::unsetenv(name_.c_str());
    }
    ScopedEnv(const ScopedEnv&) = delete;
    ScopedEnv& operator=(const ScopedEnv&) = delete;

private:
    std::string name_;
    std::optional<std::string> old_;
};

inline std::string shell_quote(const std::string& s) {
    std::string out = "'";
    for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

// Runs a shell command; returns its exit status and output (stdout and stderr).
inline std::pair<int, std::string> run_command(const std::string& command) {
    std::FILE* p = ::popen((command + " 2>&1").c_str(), "r");
    if (!p) return {-1, "popen failed"};
    std::string out;
    char buffer[4096];
    while (std::size_t n = std::fread(buffer, 1, sizeof buffer, p)) out.append(buffer, n);
    int status = ::pclose(p);
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

// Debian's docker CLI (docker.io), whatever else PATH holds.
inline std::string docker_cli() {
    if (::access("/usr/bin/docker", X_OK) == 0) return "/usr/bin/docker";
    std::string found = run_command("command -v docker").second;
    while (!found.empty() && found.back() == '\n') found.pop_back();
    return found.empty() ? "docker" : found;
}

inline void write_file(const std::string& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
}

// A scripted docker-credential-<name> in its own PATH directory, for the failure modes.
// DCPP_HELPER_MODE picks its behaviour: ok, fail, badjson, notfound.
inline std::string make_scripted_helper(const std::string& bin_dir, const std::string& name) {
    std::string path = bin_dir + "/docker-credential-" + name;
    write_file(path,
               "#!/bin/sh\n"
               "read -r server\n"
               "case \"$DCPP_HELPER_MODE:$1\" in\n"
               "ok:get) printf '{\"ServerURL\":\"%s\",\"Username\":\"scripted-user\",\"Secret\":\"scripted-secret-42\"}' \"$server\" ;;\n"
               "ok:list) printf '{\"registry.example:5000\":\"scripted-user\"}' ;;\n"
               "notfound:get) echo 'credentials not found in native keychain'; exit 1 ;;\n"
               "badjson:get) printf '{\"Secret\":\"scripted-secret-42\", oops' ;;\n"
               "*) echo 'the scripted helper failed on purpose' >&2; echo 'helper error: backend locked'; exit 3 ;;\n"
               "esac\n");
    ::chmod(path.c_str(), 0755);
    return path;
}

inline int free_port() {
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
    socklen_t len = sizeof a;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
    ::close(fd);
    return ntohs(a.sin_port);
}

// `openssl s_server` on 127.0.0.1 with the given certificate, stopped (by its PID) at scope end.
class TlsServer {
public:
    TlsServer(const std::string& cert, const std::string& key) : port_(free_port()) {
        int pair[2];
        REQUIRE(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) == 0);
        stdin_ = pair[0];
        REQUIRE(child_.start({"openssl", "s_server", "-quiet", "-accept", "127.0.0.1:" + std::to_string(port_),
                              "-cert", cert, "-key", key, "-naccept", "20"},
                             pair[1]) == 0);
        ::close(pair[1]);
        for (int i = 0; i < 500; ++i) {  // until it listens (bounded: 5 s)
            int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
            sockaddr_in a{};
            a.sin_family = AF_INET;
            a.sin_port = htons(static_cast<std::uint16_t>(port_));
            a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
            bool up = ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
            ::close(fd);
            if (up) return;
            REQUIRE_FALSE(child_.exited());
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        FAIL("openssl s_server did not listen: " << child_.stderr_text());
    }
    ~TlsServer() {
        ::close(stdin_);
        child_.reap(std::chrono::milliseconds(0));
    }
    std::string host() const { return "tcp://127.0.0.1:" + std::to_string(port_); }

private:
    int port_;
    int stdin_ = -1;
    docker::detail::ChildProcess child_;
};

}  // namespace docker::test
