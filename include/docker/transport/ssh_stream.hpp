#pragma once
/// @file
/// ssh:// the way the docker CLI does it: a child `ssh [options] -T [-l user] [-p port] -- host
/// docker [--host unix://path] system dial-stdio`, whose stdin and stdout are the connection.
/// One child per connection, reaped with it; what ssh said on stderr goes into the error when
/// the connection fails. No ssh library: the user's ssh, keys, agent and config apply.

#include <sys/socket.h>

#include <memory>
#include <string>
#include <vector>

#include "docker/detail/child_process.hpp"
#include "docker/detail/compiled_mode.hpp"
#include "docker/error.hpp"
#include "docker/transport/endpoint.hpp"
#include "docker/transport/socket.hpp"
#include "docker/transport/stream.hpp"
#include "docker/transport/transport_options.hpp"

namespace docker::transport {

/// The connection through a child ssh running `docker system dial-stdio` (see the file's
/// description), as a Stream.
class SshStream final : public Stream {
public:
    /// The command line for `endpoint`, as the docker CLI builds it.
    DOCKER_CPP_INLINE static std::vector<std::string> command(const Endpoint& endpoint, const SshOptions& options);

    /// Starts ssh for `endpoint` (it does not wait for ssh to connect). ConnectionError when
    /// ssh cannot be run; a refusal, failed authentication or a missing remote docker shows
    /// at the first read as a ConnectionError carrying what ssh wrote on stderr.
    DOCKER_CPP_INLINE static std::unique_ptr<SshStream> connect(const Endpoint& endpoint, const SshOptions& options);

    DOCKER_CPP_INLINE ~SshStream() override;
    SshStream(const SshStream&) = delete;
    SshStream& operator=(const SshStream&) = delete;

    DOCKER_CPP_INLINE std::size_t read_some(char* buffer, std::size_t size, Timeout timeout) override;

    DOCKER_CPP_INLINE void write_all(const char* data, std::size_t size, Timeout timeout) override;

    /// Half-close: EOF on ssh's stdin, which dial-stdio passes on as the daemon's end of input.
    void shutdown_write() override { socket_->shutdown_write(); }
    void shutdown_both() noexcept override { socket_->shutdown_both(); }
    bool unusable_while_idle() override { return socket_->unusable_while_idle() || child_.exited(); }
    std::string describe() const override { return description_; }
    int native_handle() const noexcept override { return socket_->native_handle(); }

private:
    SshStream(std::unique_ptr<Socket> socket, std::string description)
        : socket_(std::move(socket)), description_(std::move(description)) {}

    [[noreturn]] DOCKER_CPP_INLINE void fail(const std::string& what);

    std::unique_ptr<Socket> socket_;
    std::string description_;
    docker::detail::ChildProcess child_;
    bool received_any_ = false;
};

#if DOCKER_CPP_BODIES
DOCKER_CPP_INLINE std::vector<std::string> SshStream::command(const Endpoint& endpoint, const SshOptions& options) {
    std::vector<std::string> argv{options.program};
    bool has_connect_timeout = false;
    for (const auto& o : options.options) {
        argv.push_back(o);
        if (o.find("ConnectTimeout") != std::string::npos) has_connect_timeout = true;
    }
    if (!has_connect_timeout) {
        argv.push_back("-o");
        argv.push_back("ConnectTimeout=30");
    }
    argv.push_back("-T");  // no pseudo-terminal: the bytes must pass untouched
    if (!endpoint.user.empty()) {
        argv.push_back("-l");
        argv.push_back(endpoint.user);
    }
    if (endpoint.port > 0) {
        argv.push_back("-p");
        argv.push_back(std::to_string(endpoint.port));
    }
    argv.push_back("--");
    argv.push_back(endpoint.host);
    argv.push_back("docker");
    if (!endpoint.path.empty()) {
        argv.push_back("--host");
        argv.push_back("unix://" + endpoint.path);
    }
    argv.push_back("system");
    argv.push_back("dial-stdio");
    return argv;
}

DOCKER_CPP_INLINE std::unique_ptr<SshStream> SshStream::connect(const Endpoint& endpoint, const SshOptions& options) {
    std::string where = endpoint.to_string();
    int pair[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) != 0) {
        int err = errno;
        throw ConnectionError(where, "cannot connect to " + where + ": socketpair: " + docker::detail::errno_text(err));
    }
    // Left blocking: transport::Socket reads block, bounded by SO_RCVTIMEO.
    auto socket = std::make_unique<Socket>(pair[0], where);
    auto stream = std::unique_ptr<SshStream>(new SshStream(std::move(socket), where));
    int r = stream->child_.start(command(endpoint, options), pair[1]);
    ::close(pair[1]);  // the child holds its end; ours must not keep it open
    if (r != 0)
        throw ConnectionError(where, "cannot connect to " + where + ": cannot run '" + options.program +
                                         "': " + docker::detail::errno_text(r));
    return stream;
}

DOCKER_CPP_INLINE SshStream::~SshStream() {
    // EOF on ssh's stdin ends dial-stdio and then ssh; the child is reaped either way.
    socket_->shutdown_both();
    child_.reap(std::chrono::milliseconds(200));
}

DOCKER_CPP_INLINE std::size_t SshStream::read_some(char* buffer, std::size_t size, Timeout timeout) {
    std::size_t n = 0;
    try {
        n = socket_->read_some(buffer, size, timeout);
    } catch (const TimeoutError&) {
        throw;
    } catch (const ConnectionError&) {
        fail("read from " + description_ + " failed");
    }
    if (n > 0) {
        received_any_ = true;
        return n;
    }
    // ssh ended before the daemon said a word: ssh refused, authentication failed, or no
    // docker on the remote side. Its stderr says which.
    if (!received_any_) fail(description_ + " closed before the daemon answered");
    return 0;
}

DOCKER_CPP_INLINE void SshStream::write_all(const char* data, std::size_t size, Timeout timeout) {
    try {
        socket_->write_all(data, size, timeout);
    } catch (const TimeoutError&) {
        throw;
    } catch (const ConnectionError&) {
        fail("write to " + description_ + " failed");
    }
}

DOCKER_CPP_INLINE void SshStream::fail(const std::string& what) {
    // ssh may still be writing its last words; give it a moment to exit.
    child_.wait_exit(std::chrono::milliseconds(2000));
    std::string text = what + ": ssh ";
    text += child_.exited() ? child_.status_text() : "closed the connection";
    std::string said = child_.stderr_text();
    for (char& c : said)
        if (c == '\n') c = ';';  // one line per error
    if (!said.empty()) text += ": " + said;
    throw ConnectionError(description_, text);
}
#endif

}  // namespace docker::transport
