#pragma once
// A Redis image built offline from the host's own redis-server (Debian's package) and the
// shared libraries ldd says it needs, imported as a one-layer image; a container spec that
// waits until it serves; and a tiny RESP client. Shared by the examples and the benchmark.

#include <docker/testing.hpp>

#include <array>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <memory>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace redis_example {

constexpr const char* redis_binary = "/usr/bin/redis-server";
constexpr const char* image_name = "docker-cpp-redis";
constexpr const char* image_tag = "local";

inline std::string run_command(const std::string& command) {
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(::popen(command.c_str(), "r"), ::pclose);
    if (!pipe) throw std::runtime_error("cannot run: " + command);
    std::string out;
    std::array<char, 4096> buffer;
    while (std::size_t n = std::fread(buffer.data(), 1, buffer.size(), pipe.get())) out.append(buffer.data(), n);
    return out;
}

// The files the image needs: the binary and every library path ldd prints (the loader too).
inline std::vector<std::string> redis_files() {
    std::vector<std::string> files{redis_binary};
    std::istringstream lines(run_command(std::string("ldd ") + redis_binary));
    for (std::string line; std::getline(lines, line);) {
        std::istringstream words(line);
        std::vector<std::string> w{std::istream_iterator<std::string>(words), {}};
        // "libc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x...)" or "/lib64/ld-linux-x86-64.so.2 (0x...)"
        if (w.size() >= 3 && w[1] == "=>" && w[2][0] == '/') files.push_back(w[2]);
        else if (!w.empty() && w[0][0] == '/') files.push_back(w[0]);
    }
    if (files.size() < 2) throw std::runtime_error("ldd found no libraries for " + std::string(redis_binary));
    return files;
}

inline std::string read_whole(const std::string& path) {
    std::ifstream in(path, std::ios::binary);  // follows symlinks: the image gets the real bytes
    if (!in) throw std::runtime_error("cannot read " + path);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

// The root filesystem as a tar: parent directories, the files at the paths ldd named, /tmp.
inline std::string redis_rootfs_tar() {
    std::string tar;
    docker::stream::TarWriter writer([&](std::string_view bytes) { tar.append(bytes); });
    std::set<std::string> directories;
    auto add_directory = [&](const std::string& dir, std::uint32_t mode) {
        if (!directories.insert(dir).second) return;
        docker::TarEntry entry;
        entry.name = dir;
        entry.type = docker::TarEntryType::directory;
        entry.mode = mode;
        writer.add(entry);
    };
    add_directory("tmp", 01777);
    for (const auto& file : redis_files()) {
        std::string relative = file.substr(1);
        for (std::size_t slash = relative.find('/'); slash != std::string::npos; slash = relative.find('/', slash + 1))
            add_directory(relative.substr(0, slash), 0755);
        std::string bytes = read_whole(file);
        docker::TarEntry entry;
        entry.name = relative;
        entry.mode = 0755;
        entry.size = bytes.size();
        writer.add(entry, bytes);
    }
    writer.finish();
    return tar;
}

// "docker-cpp-redis:local", imported once per daemon (offline: nothing is pulled).
inline std::string ensure_redis_image(docker::Client& client) {
    std::string reference = std::string(image_name) + ":" + image_tag;
    try {
        client.images().inspect(reference);
        return reference;
    } catch (const docker::NotFound&) {
    }
    auto tar = std::make_shared<std::string>(redis_rootfs_tar());
    auto offset = std::make_shared<std::size_t>(0);
    client.images().import_image(
        [tar, offset](char* buffer, std::size_t size) {
            std::size_t n = std::min(size, tar->size() - *offset);
            tar->copy(buffer, n, *offset);
            *offset += n;
            return n;
        },
        tar->size(), image_name, image_tag);
    return reference;
}

// A Redis container on port 6379, ready when it says so and the port answers.
inline docker::testing::ContainerSpec redis_spec(const std::string& image) {
    docker::testing::ContainerSpec spec(image);
    spec.cmd = {redis_binary, "--bind", "0.0.0.0", "--protected-mode", "no", "--save", "", "--appendonly", "no",
                "--dir", "/tmp"};
    spec.pull = docker::testing::PullPolicy::never;  // built locally
    spec.with_port("6379").with_wait(
        docker::testing::wait::all_of({docker::testing::wait::for_log("Ready to accept connections"),
                                       docker::testing::wait::for_port("6379")}),
        std::chrono::seconds(60));
    return spec;
}

// A RESP (Redis protocol) client over one TCP connection.
class Resp {
public:
    Resp(const std::string& host, int port) {
        docker::Endpoint endpoint;
        endpoint.kind = docker::Endpoint::Kind::tcp;
        endpoint.host = host;
        endpoint.port = port;
        socket_ = docker::transport::Socket::connect(endpoint, std::chrono::seconds(5));
    }

    // Sends one command; returns the reply: "+PONG", "$5 hello" is returned as "hello",
    // "$-1" (nil) as "(nil)", errors as "-ERR ...".
    std::string command(const std::vector<std::string>& args) {
        std::string request = "*" + std::to_string(args.size()) + "\r\n";
        for (const auto& a : args) request += "$" + std::to_string(a.size()) + "\r\n" + a + "\r\n";
        socket_->write_all(request.data(), request.size(), timeout);
        std::string head = line();
        if (head.empty()) throw std::runtime_error("RESP: empty reply");
        if (head[0] != '$') return head;
        long length = std::stol(head.substr(1));
        if (length < 0) return "(nil)";
        while (buffer_.size() < static_cast<std::size_t>(length) + 2) fill();
        std::string value = buffer_.substr(0, static_cast<std::size_t>(length));
        buffer_.erase(0, static_cast<std::size_t>(length) + 2);
        return value;
    }

private:
    static constexpr std::chrono::milliseconds timeout{5000};

    void fill() {
        char chunk[4096];
        std::size_t n = socket_->read_some(chunk, sizeof chunk, timeout);
        if (n == 0) throw std::runtime_error("RESP: connection closed");
        buffer_.append(chunk, n);
    }

    std::string line() {
        std::size_t end;
        while ((end = buffer_.find("\r\n")) == std::string::npos) fill();
        std::string text = buffer_.substr(0, end);
        buffer_.erase(0, end + 2);
        return text;
    }

    std::unique_ptr<docker::transport::Socket> socket_;
    std::string buffer_;
};

}  // namespace redis_example
