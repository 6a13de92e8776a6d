#pragma once
// A child process started with posix_spawnp, by argument vector (never a shell), owned by
// RAII: the destructor reaps it. Shared by the ssh transport (ssh ... dial-stdio) and the
// credential helpers (docker-credential-<name>).

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "docker/detail/compiled_mode.hpp"
#include "docker/detail/system_error.hpp"

extern char** environ;

namespace docker::detail {

class ChildProcess {
public:
    ChildProcess() = default;
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;
    ChildProcess(ChildProcess&& other) noexcept { swap(other); }
    DOCKER_CPP_INLINE ChildProcess& operator=(ChildProcess&& other) noexcept;
    ~ChildProcess() { reap(std::chrono::milliseconds(1000)); }

    // Starts argv[0] (looked up in PATH) with stdin and stdout on `io_fd` (a socket: both
    // directions, half-closable), and stderr into an anonymous file read by stderr_text().
    // Returns 0, or the errno why it could not start (ENOENT: no such program).
    DOCKER_CPP_INLINE int start(const std::vector<std::string>& argv, int io_fd);

    bool running() const noexcept { return pid_ > 0; }

    // Has it exited? Records its status when it has (and reaps it).
    DOCKER_CPP_INLINE bool exited();

    // Waits up to `limit` for it to exit by itself.
    DOCKER_CPP_INLINE bool wait_exit(std::chrono::milliseconds limit);

    // "exit status 255", "killed by signal 15": for error messages.
    DOCKER_CPP_INLINE std::string status_text() const;
    DOCKER_CPP_INLINE int exit_code() const;

    // What it wrote to stderr so far, trimmed, at most 4 KiB.
    DOCKER_CPP_INLINE std::string stderr_text() const;

    // Ends it: a grace period to exit by itself, then SIGTERM, then SIGKILL; always reaped.
    DOCKER_CPP_INLINE void reap(std::chrono::milliseconds grace) noexcept;

private:
    DOCKER_CPP_INLINE void swap(ChildProcess& other) noexcept;

    pid_t pid_ = -1;
    int status_ = 0;
    int err_fd_ = -1;
};

#if DOCKER_CPP_BODIES
DOCKER_CPP_INLINE ChildProcess& ChildProcess::operator=(ChildProcess&& other) noexcept {
    if (this != &other) {
        ChildProcess gone(std::move(other));
        swap(gone);
    }
    return *this;
}

DOCKER_CPP_INLINE int ChildProcess::start(const std::vector<std::string>& argv, int io_fd) {
    err_fd_ = ::memfd_create("docker-cpp-child-stderr", MFD_CLOEXEC);
    if (err_fd_ < 0) return errno;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, io_fd, 0);
    posix_spawn_file_actions_adddup2(&actions, io_fd, 1);
    posix_spawn_file_actions_adddup2(&actions, err_fd_, 2);
    // The child starts with default signal handling, whatever the program set.
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    sigset_t none, all;
    sigemptyset(&none);
    sigfillset(&all);
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setsigdefault(&attr, &all);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    pid_t pid = -1;
    int r = ::posix_spawnp(&pid, args[0], &actions, &attr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
    if (r != 0) return r;
    pid_ = pid;
    return 0;
}

DOCKER_CPP_INLINE bool ChildProcess::exited() {
    if (pid_ <= 0) return true;
    int status = 0;
    pid_t r = ::waitpid(pid_, &status, WNOHANG);
    if (r == pid_ || (r < 0 && errno == ECHILD)) {
        status_ = status;
        pid_ = -1;
        return true;
    }
    return false;
}

DOCKER_CPP_INLINE bool ChildProcess::wait_exit(std::chrono::milliseconds limit) {
    auto deadline = std::chrono::steady_clock::now() + limit;
    while (!exited()) {
        if (std::chrono::steady_clock::now() >= deadline) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return true;
}

DOCKER_CPP_INLINE std::string ChildProcess::status_text() const {
    if (pid_ > 0) return "still running";
    if (WIFEXITED(status_)) return "exit status " + std::to_string(WEXITSTATUS(status_));
    if (WIFSIGNALED(status_)) return "killed by signal " + std::to_string(WTERMSIG(status_));
    return "ended";
}

DOCKER_CPP_INLINE int ChildProcess::exit_code() const {
    return pid_ <= 0 && WIFEXITED(status_) ? WEXITSTATUS(status_) : -1;
}

DOCKER_CPP_INLINE std::string ChildProcess::stderr_text() const {
    if (err_fd_ < 0) return {};
    std::string text(4096, '\0');
    ssize_t n = ::pread(err_fd_, text.data(), text.size(), 0);
    text.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) text.pop_back();
    return text;
}

DOCKER_CPP_INLINE void ChildProcess::reap(std::chrono::milliseconds grace) noexcept {
    if (pid_ > 0 && !wait_exit(grace)) {
        ::kill(pid_, SIGTERM);
        if (!wait_exit(std::chrono::milliseconds(2000))) {
            ::kill(pid_, SIGKILL);
            int status = 0;
            while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
            }
            status_ = status;
            pid_ = -1;
        }
    }
    if (err_fd_ >= 0) {
        ::close(err_fd_);
        err_fd_ = -1;
    }
}

DOCKER_CPP_INLINE void ChildProcess::swap(ChildProcess& other) noexcept {
    std::swap(pid_, other.pid_);
    std::swap(status_, other.status_);
    std::swap(err_fd_, other.err_fd_);
}
#endif

}  // namespace docker::detail
