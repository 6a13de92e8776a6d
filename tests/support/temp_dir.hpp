#pragma once
// A temporary directory for one test, removed with everything in it when the test ends.

#include <ftw.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string>

namespace docker::test {

// A private directory under /tmp (short, since a unix socket path has ~107 bytes), removed
// with everything in it when this goes away.
class TempDir {
public:
    explicit TempDir(const std::string& prefix = "docker-cpp-test") {
        std::string pattern = "/tmp/" + prefix + "-XXXXXX";
        if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error(std::string("mkdtemp: ") + std::strerror(errno));
        path_ = pattern;
    }
    ~TempDir() {
        ::chmod(path_.c_str(), 0700);  // a test may have locked it
        // Depth first, not following symlinks: children go before their directory.
        ::nftw(
            path_.c_str(),
            [](const char* path, const struct stat*, int type, FTW*) {
                if (type == FTW_DP) ::rmdir(path);
                else ::unlink(path);
                return 0;
            },
            16, FTW_DEPTH | FTW_PHYS);
        // nftw gives up on paths longer than PATH_MAX (one test builds such a tree); rm walks
        // with relative opens and takes those too.
        if (::access(path_.c_str(), F_OK) == 0) {
            int ignored = std::system(("rm -rf '" + path_ + "'").c_str());
            (void)ignored;
        }
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const std::string& path() const noexcept { return path_; }
    std::string file(const std::string& name) const { return path_ + "/" + name; }

private:
    std::string path_;
};

}  // namespace docker::test
