#pragma once
// A canned HTTP server for the benchmarks: a forked child process on a temporary unix
// socket. A separate process, so its buffers never count in the client's RSS and its CPU
// time never in the client's. The child dies with the parent (PR_SET_PDEATHSIG) and after a
// time limit (alarm) whatever happens; the parent stops it by its PID.

#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <functional>
#include <string>
#include <string_view>

namespace bench {

[[noreturn]] inline void die(const char* what) {
    std::perror(what);
    std::exit(1);
}

// Writes all of [data, data+size) to a blocking fd; false when the peer went away.
inline bool write_all(int fd, const char* data, std::size_t size) {
    while (size > 0) {
        ssize_t n = ::send(fd, data, size, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        data += n;
        size -= static_cast<std::size_t>(n);
    }
    return true;
}

// Reads one request head (up to the blank line) into `head`, keeping any excess in `buffer`.
// False at end of input. Requests carry no body here.
inline bool read_request(int fd, std::string& buffer, std::string& head) {
    for (;;) {
        std::size_t end = buffer.find("\r\n\r\n");
        if (end != std::string::npos) {
            head = buffer.substr(0, end + 4);
            buffer.erase(0, end + 4);
            return true;
        }
        char chunk[4096];
        ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        buffer.append(chunk, static_cast<std::size_t>(n));
    }
}

class CannedServer {
public:
    // `serve(fd)` answers one accepted connection until the client closes it.
    // `path`: where to listen; empty: a fresh temporary directory's "s.sock".
    CannedServer(std::function<void(int)> serve, unsigned time_limit_seconds, const std::string& path = {}) {
        if (path.empty()) {
            char dir_pattern[] = "/tmp/dcpp-bench-sock.XXXXXX";
            if (!::mkdtemp(dir_pattern)) die("mkdtemp");
            dir_ = dir_pattern;
            path_ = dir_ + "/s.sock";
        } else {
            path_ = path;
        }
        int listener = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (listener < 0) die("socket");
        sockaddr_un address{};
        address.sun_family = AF_UNIX;
        std::memcpy(address.sun_path, path_.c_str(), path_.size() + 1);
        if (::bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address) < 0) die("bind");
        if (::listen(listener, 16) < 0) die("listen");
        std::fflush(nullptr);  // no buffered output printed twice
        pid_ = ::fork();
        if (pid_ < 0) die("fork");
        if (pid_ == 0) {
            ::prctl(PR_SET_PDEATHSIG, SIGKILL);
            ::alarm(time_limit_seconds);
            ::signal(SIGCHLD, SIG_IGN);  // connection processes reap themselves
            for (;;) {
                int fd = ::accept(listener, nullptr, nullptr);
                if (fd < 0) {
                    if (errno == EINTR) continue;
                    ::_exit(0);
                }
                // One process per connection: the client's pooled connection and the
                // baseline's may be open at the same time. Each dies with this process.
                pid_t connection = ::fork();
                if (connection == 0) {
                    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
                    ::close(listener);
                    serve(fd);
                    ::_exit(0);
                }
                ::close(fd);
            }
        }
        ::close(listener);  // the child listens; the socket file stays until the destructor
    }

    ~CannedServer() {
        ::kill(pid_, SIGTERM);
        int status = 0;
        ::waitpid(pid_, &status, 0);
        ::unlink(path_.c_str());
        if (!dir_.empty()) ::rmdir(dir_.c_str());
    }

    CannedServer(const CannedServer&) = delete;
    CannedServer& operator=(const CannedServer&) = delete;

    const std::string& path() const { return path_; }
    std::string host() const { return "unix://" + path_; }

private:
    std::string dir_;
    std::string path_;
    pid_t pid_ = -1;
};

// Connects a plain blocking unix socket (for the hand-written baselines).
inline int connect_unix(const std::string& path) {
    int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) die("socket");
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    if (path.size() >= sizeof address.sun_path) die("socket path too long");
    std::memcpy(address.sun_path, path.c_str(), path.size() + 1);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) < 0) die("connect");
    return fd;
}

// Peak resident set size growth: clear_refs "5" resets VmHWM to the current RSS.
inline long status_kib(const char* field) {
    std::FILE* f = std::fopen("/proc/self/status", "r");
    if (!f) return -1;
    char line[256];
    long value = -1;
    std::size_t length = std::strlen(field);
    while (std::fgets(line, sizeof line, f))
        if (std::strncmp(line, field, length) == 0 && line[length] == ':') value = std::strtol(line + length + 1, nullptr, 10);
    std::fclose(f);
    return value;
}

// This process's user + system CPU seconds: what a side costs, whatever the machine's load.
inline double cpu_seconds() {
    rusage u{};
    ::getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
           static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

// A bench's main(): runs `run`; an exception that escapes it is printed as "error: ..." and
// ends the program with status 1.
inline int main_reporting_errors(int (*run)(int, char**), int argc, char** argv) {
    try {
        return run(argc, argv);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        return 1;
    }
}

inline bool reset_peak_rss() {
    std::FILE* f = std::fopen("/proc/self/clear_refs", "w");
    if (!f) return false;
    bool ok = std::fputs("5", f) >= 0;
    return std::fclose(f) == 0 && ok;
}

}  // namespace bench
