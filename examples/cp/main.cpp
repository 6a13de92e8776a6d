// cp: a local file or directory into a container and back out, like `docker cp` both ways.
//
//   cp [LOCAL_PATH]
//
// Without LOCAL_PATH it copies a 4 MiB temp file it creates. The container is created from
// EXAMPLE_IMAGE (default busybox:latest, pulled if missing) and never started: the archive
// endpoints work on created containers. The daemon comes from DOCKER_HOST.

#include <docker/docker.hpp>

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <random>
#include <stdexcept>
#include <string>

namespace {

// Bytes in regular files under `path` (the file's own size for a file); symlinks not followed.
std::uint64_t total_size(const std::string& path) {
    struct stat st;
    if (::lstat(path.c_str(), &st) != 0) return 0;
    if (S_ISREG(st.st_mode)) return static_cast<std::uint64_t>(st.st_size);
    if (!S_ISDIR(st.st_mode)) return 0;
    std::uint64_t sum = 0;
    if (DIR* dir = ::opendir(path.c_str())) {
        while (dirent* d = ::readdir(dir)) {
            std::string name = d->d_name;
            if (name != "." && name != "..") sum += total_size(path + "/" + name);
        }
        ::closedir(dir);
    }
    return sum;
}

std::string make_temp_dir(const char* stem) {
    std::string pattern = std::string("/tmp/") + stem + "-XXXXXX";
    if (!::mkdtemp(&pattern[0])) throw std::runtime_error("cannot create a temp directory");
    return pattern;
}

void remove_quietly(docker::Client& client, const std::string& id) {
    try {
        docker::RemoveContainerOptions remove;
        remove.force = true;
        client.containers().remove(id, remove);
    } catch (const docker::Error& e) {
        std::cerr << "cp: could not remove " << id.substr(0, 12) << ": " << e.what() << "\n";
    }
}

}  // namespace

int main(int argc, char** argv) {
    const char* image_env = std::getenv("EXAMPLE_IMAGE");
    const std::string image = image_env && *image_env ? image_env : "busybox:latest";
    std::string scratch = make_temp_dir("docker-cpp-cp");
    std::string local = argc > 1 ? argv[1] : "";
    int status = 1;

    try {
        if (local.empty()) {
            local = scratch + "/sample.bin";
            std::ofstream out(local, std::ios::binary);
            std::mt19937 rng(42);
            for (int i = 0; i < 4 * 1024 * 1024; ++i) out.put(static_cast<char>(rng() & 0xff));
            std::cout << "made:     " << local << "\n";
        }
        // copy_to names the copy after the path's last component, as `docker cp` does.
        std::string base = local;
        while (base.size() > 1 && base.back() == '/') base.pop_back();
        base = base.substr(base.rfind('/') + 1);
        if (base.empty() || base == "." || base == "..")
            throw docker::UsageError("give a path with a name, not '" + local + "'");

        docker::Client client;
        docker::ContainerConfig config;
        config.image = image;
        config.cmd = {"true"};
        docker::ContainerCreateResponse created;
        try {
            created = client.containers().create(config);
        } catch (const docker::NotFound&) {
            std::cout << "pull:     " << image << "\n";
            client.images().pull(image);
            created = client.containers().create(config);
        }
        std::cout << "create:   " << created.id.substr(0, 12) << " from " << image << "\n";

        try {
            client.containers().copy_to(created.id, local, "/tmp");
            docker::PathStat inside = client.containers().stat_path(created.id, "/tmp/" + base);
            std::cout << "copy in:  " << local << " -> /tmp/" << base << " ("
                      << (inside.is_directory() ? "directory" : std::to_string(inside.size) + " bytes") << ")\n";

            std::string out_dir = scratch + "/out";
            ::mkdir(out_dir.c_str(), 0755);
            client.containers().copy_from(created.id, "/tmp/" + base, out_dir);
            std::uint64_t before = total_size(local);
            std::uint64_t after = total_size(out_dir + "/" + base);
            std::cout << "copy out: /tmp/" << base << " -> " << out_dir << "/" << base << "\n"
                      << "compare:  " << before << " bytes in, " << after << " bytes out: "
                      << (before == after ? "same" : "DIFFERENT") << "\n";
            status = before == after ? 0 : 1;
        } catch (...) {
            remove_quietly(client, created.id);
            throw;
        }
        remove_quietly(client, created.id);
        std::cout << "remove:   " << created.id.substr(0, 12) << "\n";
    } catch (const docker::Error& e) {
        std::cerr << "cp: " << e.what() << "\n";
        status = 1;
    } catch (const std::exception& e) {
        std::cerr << "cp: " << e.what() << "\n";
        status = 1;
    }
    std::system(("rm -rf '" + scratch + "'").c_str());
    return status;
}
