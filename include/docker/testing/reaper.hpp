#pragma once
// The reaper: removes this session's containers, networks and volumes once the test
// process is gone, however it ended (SIGKILL included).
//
// Design. At first use the process starts a watcher: it re-executes its own binary
// (/proc/self/exe) through posix_spawn, which is safe in a multithreaded process (no
// code of ours runs between fork and exec), in a session of its own, with one end of a
// pipe whose other end only the test process holds. In the new process an inline
// variable's initializer (below) sees DOCKER_CPP_REAPER_WATCH_FD before main() runs,
// blocks reading the pipe, and when the read ends (the kernel closes the test process's
// end when it dies, for any reason) lists the session's objects by label and removes them
// through the ordinary Client, then _Exit()s without ever reaching main(). No image, no
// extra binary, no sidecar container. A normal exit cleans up through the destructors; the
// watcher then finds nothing and ends at once.
//
// Opt-out: DOCKER_CPP_REAPER_DISABLED=1 (or true), or testing::disable_reaper() before the
// first container, network or volume is created.

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <spawn.h>
#include <unistd.h>

#include "docker/api/containers.hpp"
#include "docker/api/networks.hpp"
#include "docker/api/volumes.hpp"
#include "docker/client.hpp"
#include "docker/detail/compiled_mode.hpp"
#include "docker/testing/session.hpp"

extern char** environ;

namespace docker::testing {

/// What one sweep removed.
struct SweepResult {
    /// Containers removed.
    std::size_t containers = 0;
    /// Networks removed.
    std::size_t networks = 0;
    /// Volumes removed.
    std::size_t volumes = 0;
    /// Everything removed.
    std::size_t total() const { return containers + networks + volumes; }
};

/// Removes every container (with its anonymous volumes), network and volume that carries
/// the session label `id`. Failures of single removals are skipped (the next sweep retries).
DOCKER_CPP_INLINE SweepResult sweep_session(Client& client, const std::string& id);

#if DOCKER_CPP_BODIES
DOCKER_CPP_INLINE SweepResult sweep_session(Client& client, const std::string& id) {
    SweepResult removed;
    auto filter = session_filter(id);
    ContainerListOptions all;
    all.all = true;
    all.filters = filter;
    for (const auto& c : client.containers().list(all)) {
        try {
            RemoveContainerOptions remove;
            remove.force = true;
            remove.volumes = true;
            client.containers().remove(c.id, remove);
            ++removed.containers;
        } catch (const Error&) {
        }
    }
    for (const auto& n : client.networks().list(filter)) {
        try {
            client.networks().remove(n.id.value_or(""));
            ++removed.networks;
        } catch (const Error&) {
        }
    }
    VolumeRemoveOptions forced;
    forced.force = true;
    for (const auto& v : client.volumes().list(filter).volumes) {
        try {
            client.volumes().remove(v.name, forced);
            ++removed.volumes;
        } catch (const Error&) {
        }
    }
    return removed;
}
#endif

namespace detail {

constexpr const char* reaper_fd_variable = "DOCKER_CPP_REAPER_WATCH_FD";
constexpr const char* reaper_session_variable = "DOCKER_CPP_REAPER_SESSION";
constexpr const char* reaper_host_variable = "DOCKER_CPP_REAPER_HOST";

DOCKER_CPP_INLINE bool env_says_yes(const char* name);

// The watcher's life: wait for the pipe to end, then sweep until two sweeps in a row find
// nothing (an object whose creation raced with the death shows up in the second), for at
// most about 8 seconds.
[[noreturn]] DOCKER_CPP_INLINE void run_reaper(int fd, const std::string& session, const std::string& host);

// Runs in every process that includes this header, before main(): in the watcher it never
// returns; elsewhere it does nothing.
DOCKER_CPP_INLINE int reaper_entry();

inline const int reaper_entry_done = reaper_entry();

struct ReaperState {
    std::mutex mutex;
    bool disabled = false;
    std::set<std::string> watched_hosts;
    std::vector<int> pipe_ends;  // held open for the process's whole life, never written
};

DOCKER_CPP_INLINE ReaperState& reaper_state();

// Starts the watcher for `host` unless one runs or the reaper is off. Failing to start it
// is reported through the clean-up hook; the test goes on without it.
DOCKER_CPP_INLINE void start_reaper_process(const std::string& host);

#if DOCKER_CPP_BODIES
DOCKER_CPP_INLINE bool env_says_yes(const char* name) {
    const char* value = std::getenv(name);
    if (!value || !*value) return false;
    std::string v = value;
    return v != "0" && v != "false" && v != "no";
}

DOCKER_CPP_INLINE void run_reaper(int fd, const std::string& session, const std::string& host) {
    char byte;
    for (;;) {
        ssize_t n = ::read(fd, &byte, 1);
        if (n == 0 || (n < 0 && errno != EINTR)) break;
    }
    try {
        Client client(host);
        auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(8);
        int empty_sweeps = 0;
        while (empty_sweeps < 2 && std::chrono::steady_clock::now() < deadline) {
            try {
                empty_sweeps = sweep_session(client, session).total() == 0 ? empty_sweeps + 1 : 0;
            } catch (const Error& e) {
                std::fprintf(stderr, "docker-cpp reaper (session %s): %s\n", session.c_str(), e.what());
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(300));
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "docker-cpp reaper (session %s): %s\n", session.c_str(), e.what());
    }
    std::_Exit(0);
}

DOCKER_CPP_INLINE int reaper_entry() {
    const char* fd = std::getenv(reaper_fd_variable);
    const char* session = std::getenv(reaper_session_variable);
    const char* host = std::getenv(reaper_host_variable);
    if (!fd || !session || !host) return 0;
    run_reaper(std::atoi(fd), session, host);
}

DOCKER_CPP_INLINE ReaperState& reaper_state() {
    static ReaperState* state = new ReaperState;  // never destroyed: the pipes must outlive exit
    return *state;
}

DOCKER_CPP_INLINE void start_reaper_process(const std::string& host) {
    int ends[2];
    if (::pipe2(ends, O_CLOEXEC) != 0) throw Error(std::string("reaper: pipe: ") + std::strerror(errno));
    const int child_fd = ends[0] == 3 ? 4 : 3;  // dup2 onto another number clears close-on-exec

    std::vector<std::string> env_strings;
    for (char** e = environ; e && *e; ++e) {
        std::string entry = *e;
        if (entry.rfind("DOCKER_CPP_REAPER_", 0) != 0) env_strings.push_back(entry);
    }
    env_strings.push_back(std::string(reaper_fd_variable) + "=" + std::to_string(child_fd));
    env_strings.push_back(std::string(reaper_session_variable) + "=" + session_id());
    env_strings.push_back(std::string(reaper_host_variable) + "=" + host);
    std::vector<char*> envp;
    for (auto& s : env_strings) envp.push_back(s.data());
    envp.push_back(nullptr);
    char name[] = "docker-cpp-reaper";
    char* argv[] = {name, nullptr};

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, ends[0], child_fd);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    // A session of its own: a signal to the test's process group (Ctrl-C) spares it.
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSID);
    pid_t pid = 0;
    int result = ::posix_spawn(&pid, "/proc/self/exe", &actions, &attributes, argv, envp.data());
    posix_spawnattr_destroy(&attributes);
    posix_spawn_file_actions_destroy(&actions);
    ::close(ends[0]);
    if (result != 0) {
        ::close(ends[1]);
        throw Error(std::string("reaper: cannot start the watcher: ") + std::strerror(result));
    }
    // Not waited for: it outlives us by design. Its end of the pipe is ours until we die.
    reaper_state().pipe_ends.push_back(ends[1]);
}
#endif

}  // namespace detail

/// Turns the reaper off for this process (call before the first object is created).
DOCKER_CPP_INLINE void disable_reaper();

/// Is a watcher guarding the session on this client's daemon? Starts it at the first call.
DOCKER_CPP_INLINE bool ensure_reaper(const Client& client);

#if DOCKER_CPP_BODIES
DOCKER_CPP_INLINE void disable_reaper() {
    auto& state = detail::reaper_state();
    std::lock_guard<std::mutex> lock(state.mutex);
    state.disabled = true;
}

DOCKER_CPP_INLINE bool ensure_reaper(const Client& client) {
    (void)detail::reaper_entry_done;  // keeps the entry point's initializer in the program
    auto& state = detail::reaper_state();
    std::lock_guard<std::mutex> lock(state.mutex);
    if (state.disabled || detail::env_says_yes("DOCKER_CPP_REAPER_DISABLED")) return false;
    std::string host = client.endpoint().to_string();
    if (state.watched_hosts.count(host)) return true;
    try {
        detail::start_reaper_process(host);
    } catch (const Error& e) {
        detail::report_cleanup_failure(e.what());
        return false;
    }
    state.watched_hosts.insert(host);
    return true;
}
#endif

}  // namespace docker::testing
