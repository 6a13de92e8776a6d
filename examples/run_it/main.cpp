// run_it: an interactive shell in a new container, like `docker run -it IMAGE sh`: our
// terminal goes into raw mode, keystrokes go to the process, its output comes back, and a
// resized window (SIGWINCH) resizes the process's TTY. The session ends when the shell
// exits; its exit code becomes ours, and the container is removed.
//
//   run_it [COMMAND...]        default: sh
//
// Made of a container that only sleeps plus an exec with a TTY, so the same code serves
// `docker exec -it`. The daemon comes from DOCKER_HOST; the image from EXAMPLE_IMAGE
// (default busybox:latest, which must be present).

#include <docker/docker.hpp>

#include <poll.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

namespace {

// Raw mode for as long as it lives (keystrokes unbuffered and unechoed, Ctrl-C as a byte
// for the container); the terminal is restored however the session ends.
class RawTerminal {
public:
    RawTerminal() {
        if (::isatty(STDIN_FILENO) != 1 || ::tcgetattr(STDIN_FILENO, &saved_) != 0) return;
        termios raw = saved_;
        ::cfmakeraw(&raw);
        active_ = ::tcsetattr(STDIN_FILENO, TCSANOW, &raw) == 0;
    }
    ~RawTerminal() {
        if (active_) ::tcsetattr(STDIN_FILENO, TCSANOW, &saved_);
    }
    RawTerminal(const RawTerminal&) = delete;
    RawTerminal& operator=(const RawTerminal&) = delete;

private:
    termios saved_{};
    bool active_ = false;
};

// SIGWINCH only writes a byte to this pipe; the main loop does the resize call.
int winch_pipe[2] = {-1, -1};
extern "C" void on_winch(int) {
    int saved = errno;
    char byte = 1;
    [[maybe_unused]] auto n = ::write(winch_pipe[1], &byte, 1);
    errno = saved;
}

void resize_to_terminal(docker::Client& client, const std::string& exec_id) {
    winsize size{};
    if (::ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_row > 0 && size.ws_col > 0)
        client.exec().resize(exec_id, size.ws_row, size.ws_col);
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> command(argv + 1, argv + argc);
    if (command.empty()) command = {"sh"};
    const char* image_env = std::getenv("EXAMPLE_IMAGE");

    try {
        docker::Client client;
        docker::ContainerConfig config;
        config.image = image_env && *image_env ? image_env : "busybox:latest";
        config.cmd = {"sleep", "3600"};
        auto container = client.containers().create(config);
        docker::RemoveContainerOptions force;
        force.force = true;

        std::int64_t exit_code = 1;
        try {
            client.containers().start(container.id);

            docker::ExecConfig exec;
            exec.cmd = command;
            exec.tty = true;
            exec.attach_stdin = exec.attach_stdout = exec.attach_stderr = true;
            exec.env = {"TERM=" + std::string(std::getenv("TERM") ? std::getenv("TERM") : "xterm")};
            auto exec_id = client.exec().create(container.id, exec).id;

            if (::pipe(winch_pipe) != 0) throw std::runtime_error("pipe failed");
            struct sigaction action {};
            action.sa_handler = on_winch;
            ::sigaction(SIGWINCH, &action, nullptr);

            auto session = client.exec().start(exec_id, /*tty=*/true);
            resize_to_terminal(client, exec_id);  // the TTY starts at the daemon's default size
            RawTerminal raw;

            // Output: its own thread, until the process closes the TTY.
            int done_pipe[2];
            if (::pipe(done_pipe) != 0) throw std::runtime_error("pipe failed");
            std::thread output([&] {
                try {
                    for (const auto& frame : session) {
                        [[maybe_unused]] auto n = ::write(STDOUT_FILENO, frame.data.data(), frame.data.size());
                    }
                } catch (const docker::Error&) {
                    // the connection ended abruptly: the session is over either way
                }
                ::close(done_pipe[1]);
            });

            // Input and resizes: the main thread, until the output side is done.
            pollfd fds[3] = {{STDIN_FILENO, POLLIN, 0}, {winch_pipe[0], POLLIN, 0}, {done_pipe[0], POLLIN, 0}};
            bool stdin_open = true;
            for (;;) {
                fds[0].fd = stdin_open ? STDIN_FILENO : -1;
                if (::poll(fds, 3, -1) < 0) {
                    if (errno == EINTR) continue;
                    break;
                }
                if (fds[2].revents) break;
                try {
                    if (fds[1].revents & POLLIN) {
                        char drain[64];
                        [[maybe_unused]] auto n = ::read(winch_pipe[0], drain, sizeof drain);
                        resize_to_terminal(client, exec_id);
                    }
                    if (fds[0].revents & (POLLIN | POLLHUP)) {
                        char buffer[4096];
                        ssize_t n = ::read(STDIN_FILENO, buffer, sizeof buffer);
                        if (n > 0) {
                            session.write(std::string_view(buffer, static_cast<std::size_t>(n)));
                        } else {
                            stdin_open = false;  // our input ended: tell the process (^D on its TTY)
                            session.write("\x04");
                        }
                    }
                } catch (const docker::Error&) {
                    break;  // the process is gone (its exec or connection ended meanwhile)
                }
            }
            session.cancel();  // unblocks the output thread if it still waits
            output.join();
            ::close(done_pipe[0]);
            exit_code = client.exec().wait_exit_code(exec_id);
        } catch (...) {
            client.containers().remove(container.id, force);
            throw;
        }
        client.containers().remove(container.id, force);
        return static_cast<int>(exit_code);
    } catch (const std::exception& e) {
        std::cerr << "run_it: " << e.what() << '\n';
        return 1;
    }
}
