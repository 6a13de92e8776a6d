// The entrypoint of the test plugin (tests/integration/plugins_test.cpp), linked statically
// so it runs in a rootfs that holds only busybox. It listens on the unix socket the plugin's
// config.json names, which is all dockerd 20.10 checks before it calls a plugin enabled,
// and answers any request with an empty JSON object (a volume driver that knows nothing).
// Busybox itself cannot listen on a unix socket.

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s SOCKET_PATH\n", argv[0]);
        return 2;
    }
    int listener = ::socket(AF_UNIX, SOCK_STREAM, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    if (std::strlen(argv[1]) >= sizeof address.sun_path) {
        std::fprintf(stderr, "socket path too long\n");
        return 2;
    }
    std::strcpy(address.sun_path, argv[1]);
    ::unlink(argv[1]);
    if (listener < 0 || ::bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        ::listen(listener, 16) != 0) {
        std::perror("plugin stub: listen");
        return 1;
    }
    const char answer[] =
        "HTTP/1.1 200 OK\r\nContent-Type: application/vnd.docker.plugins.v1+json\r\n"
        "Content-Length: 3\r\nConnection: close\r\n\r\n{}\n";
    for (;;) {
        int peer = ::accept(listener, nullptr, nullptr);
        if (peer < 0) continue;
        char request[4096];
        if (::read(peer, request, sizeof request) > 0) {
            ssize_t ignored = ::write(peer, answer, sizeof answer - 1);
            (void)ignored;
        }
        ::close(peer);
    }
}
