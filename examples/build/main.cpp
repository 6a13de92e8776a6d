// Build: writes a tiny build context to a temporary directory (a Dockerfile, a file to
// copy, and a .dockerignore that keeps another one out), builds it while printing the
// builder's output as it arrives, and removes the image again.
//
// The daemon comes from DOCKER_HOST (default unix:///var/run/docker.sock); the base image
// from EXAMPLE_IMAGE (default busybox:latest).

#include <docker/docker.hpp>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>
#include <unistd.h>

namespace {

void write_file(const std::string& path, const std::string& text) {
    std::ofstream f(path, std::ios::binary);
    f << text;
    if (!f) throw docker::UsageError("cannot write " + path);
}

}  // namespace

int main() {
    const char* image_env = std::getenv("EXAMPLE_IMAGE");
    std::string base = image_env && *image_env ? image_env : "busybox:latest";
    std::string tag = "docker-cpp-build-example:" + std::to_string(::getpid());

    char pattern[] = "/tmp/docker-cpp-build-XXXXXX";
    if (!::mkdtemp(pattern)) {
        std::perror("mkdtemp");
        return 1;
    }
    std::string dir = pattern;
    int status = 0;
    try {
        write_file(dir + "/Dockerfile", "FROM " + base +
                                            "\n"
                                            "ARG WHO=world\n"
                                            "COPY hello.txt /hello.txt\n"
                                            "RUN echo \"hello, $WHO\" >> /hello.txt && cat /hello.txt\n");
        write_file(dir + "/hello.txt", "from the build context\n");
        write_file(dir + "/.dockerignore", "notes.txt\n");
        write_file(dir + "/notes.txt", "not sent to the daemon\n");

        docker::Client client;
        docker::BuildOptions options;
        options.tags = {tag};
        options.buildargs = {{"WHO", "docker-cpp"}};
        options.labels = {{"example", "build"}};
        std::string id = client.images().build(dir, options, [](const docker::ProgressEvent& e) {
            if (!e.stream.empty()) std::cout << e.stream;  // the builder's text, newlines included
            else if (!e.status.empty()) std::cout << e.status << "\n";
        });
        std::cout << "built " << tag << " = " << id << "\n";

        for (const auto& item : client.images().remove(tag)) {
            if (!item.untagged.empty()) std::cout << "untagged " << item.untagged << "\n";
            if (!item.deleted.empty()) std::cout << "deleted  " << item.deleted << "\n";
        }
    } catch (const docker::StreamError& e) {
        std::cerr << "the build failed: " << e.what() << "\n";
        status = 1;
    } catch (const docker::Error& e) {
        std::cerr << "build example failed: " << e.what() << "\n";
        status = 1;
    }
    for (const char* name : {"/Dockerfile", "/hello.txt", "/.dockerignore", "/notes.txt"})
        std::remove((dir + name).c_str());
    ::rmdir(dir.c_str());
    return status;
}
