#pragma once
/// @file
/// Tar and the local filesystem, streaming both ways:
///
/// - TarPathSource: a local file or directory tree as tar bytes, pulled on demand
///   (its read() has the http::BodySource shape)
/// - TarExtractor: tar bytes pushed in, files, directories and links written under a
///   directory, refusing names that would land outside it

#include <algorithm>
#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <ctime>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "docker/detail/compiled_mode.hpp"
#include "docker/detail/system_error.hpp"
#include "docker/error.hpp"
#include "docker/stream/tar.hpp"

namespace docker::detail {

// A local filesystem failure while archiving or extracting.
[[noreturn]] DOCKER_CPP_INLINE void throw_fs_error(const std::string& what, const std::string& path, int error);

// An fd closed on scope exit.
class UniqueFd {
public:
    UniqueFd() = default;
    explicit UniqueFd(int fd) : fd_(fd) {}
    UniqueFd(UniqueFd&& o) noexcept : fd_(std::exchange(o.fd_, -1)) {}
    DOCKER_CPP_INLINE UniqueFd& operator=(UniqueFd&& o) noexcept;
    UniqueFd(const UniqueFd&) = delete;
    UniqueFd& operator=(const UniqueFd&) = delete;
    ~UniqueFd() { reset(); }
    int get() const noexcept { return fd_; }
    explicit operator bool() const noexcept { return fd_ >= 0; }
    DOCKER_CPP_INLINE void reset() noexcept;
    int release() noexcept { return std::exchange(fd_, -1); }

private:
    int fd_ = -1;
};

#if DOCKER_CPP_BODIES
DOCKER_CPP_INLINE void throw_fs_error(const std::string& what, const std::string& path, int error) {
    throw Error(what + " '" + path + "': " + errno_text(error));
}

DOCKER_CPP_INLINE UniqueFd& UniqueFd::operator=(UniqueFd&& o) noexcept {
    if (this != &o) {
        reset();
        fd_ = std::exchange(o.fd_, -1);
    }
    return *this;
}

DOCKER_CPP_INLINE void UniqueFd::reset() noexcept {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
}
#endif

}  // namespace docker::detail

namespace docker::stream {

/// What a TarPathSource filter decides for one path below the root.
enum class TarPathChoice {
    keep,             ///< archived (a directory's contents are then asked about one by one)
    leave_out,        ///< not archived; a directory with everything below it, never listed
    leave_out_entry,  ///< a directory not archived itself, its contents still asked about one
                      ///< by one (so a .dockerignore exception can bring back a file inside)
};

/// How a TarPathSource walks and names the tree.
struct TarPathOptions {
    /// Asked about every path below the root: `relative_path` is relative to the root,
    /// '/'-separated, with no trailing '/' ("sub/file.txt"); `is_directory` is false for a
    /// symlink, which is never followed. Unset: everything is kept.
    std::function<TarPathChoice(const std::string& relative_path, bool is_directory)> filter;
    /// Entries owned by uid/gid 0 instead of the files' owners, as `docker build` sends a
    /// context (the image must not depend on who ran the build).
    bool root_owned = false;
};

/// A local file or directory tree as a tar stream, produced as the consumer pulls it: only
/// the current directory listings, one header and the caller's buffer are in memory, so a
/// file of any size streams in bounded memory. The order is depth-first, each directory
/// before its contents, names sorted (the same tree gives the same archive).
///
/// Symlinks are archived as links (never followed), like `docker cp`. Sockets, FIFOs and
/// devices are skipped; hard links are stored as separate copies.
class TarPathSource {
public:
    /// `archive_name` names the root in the archive ("file.txt", "dir"); empty puts a
    /// directory's contents at the top level with no entry for the directory itself (a
    /// symlink to a directory is then followed, since only its contents are archived).
    DOCKER_CPP_INLINE explicit TarPathSource(std::string local_path, std::string archive_name,
                                             TarPathOptions options = {});

    /// The http::BodySource shape: up to `size` bytes of the archive; 0 at its end.
    DOCKER_CPP_INLINE std::size_t read(char* buffer, std::size_t size);

    /// Walks the tree as read() will and opens every file it would archive, so that an
    /// unreadable one fails before the upload starts rather than midway (`docker build`
    /// checks its context the same way). Costs one more walk; reads no file data.
    DOCKER_CPP_INLINE void check_readable() const;

    /// Archive bytes handed out so far.
    std::uint64_t bytes_produced() const noexcept { return produced_; }

private:
    /// A path the walk found to archive.
    struct Found {
        std::string path;  ///< local
        std::string name;  ///< in the archive; a directory's ends in '/'
        struct stat st {};
    };

    /// The depth-first walk, filter applied: what read() archives and check_readable() checks.
    /// It is handed its source on each step rather than keeping a pointer, so that
    /// TarPathSource stays movable.
    class Walk {
    public:
        // The next path of `source` to archive; false when there are no more.
        DOCKER_CPP_INLINE bool next(const TarPathSource& source, Found& found);

    private:
        struct Frame {
            std::string path;      ///< local
            std::string prefix;    ///< in the archive, "" or ending in '/'
            std::string relative;  ///< below the root, as the filter sees it: "" or ending in '/'
            std::vector<std::string> names;
            std::size_t next = 0;
        };

        // True when `path` is to be archived (then described in `found`). A directory kept,
        // or left out with its contents still wanted, is listed for the walk to go on into.
        DOCKER_CPP_INLINE bool visit(const TarPathSource& source, std::string path, std::string name,
                                     std::string relative, Found& found);

        DOCKER_CPP_INLINE void push_directory(const std::string& path, const std::string& prefix,
                                              const std::string& relative);

        bool root_done_ = false;
        std::vector<Frame> stack_;
    };

    DOCKER_CPP_INLINE std::size_t read_file(char* buffer, std::size_t size);

    /// Queues the next entry's header (or the end marker) into pending_.
    DOCKER_CPP_INLINE void advance();

    DOCKER_CPP_INLINE void add(const Found& found);

    DOCKER_CPP_INLINE static std::string read_link(const std::string& path, std::size_t hint);

    std::string root_path_;
    std::string root_name_;
    TarPathOptions options_;
    Walk walk_;
    bool ended_ = false;
    std::string pending_;
    std::size_t pending_at_ = 0;
    detail::UniqueFd file_;
    std::string file_path_;
    std::uint64_t file_size_ = 0;
    std::uint64_t file_left_ = 0;
    std::uint64_t produced_ = 0;
};

#if DOCKER_CPP_BODIES
DOCKER_CPP_INLINE TarPathSource::TarPathSource(std::string local_path, std::string archive_name, TarPathOptions options)
    : root_path_(std::move(local_path)), root_name_(std::move(archive_name)), options_(std::move(options)) {
    while (root_path_.size() > 1 && root_path_.back() == '/') root_path_.pop_back();
    while (!root_name_.empty() && root_name_.back() == '/') root_name_.pop_back();
    struct stat st;
    int r = root_name_.empty() ? ::stat(root_path_.c_str(), &st) : ::lstat(root_path_.c_str(), &st);
    if (r != 0) detail::throw_fs_error("cannot archive", root_path_, errno);
    if (root_name_.empty() && !S_ISDIR(st.st_mode))
        throw UsageError("an archive name is needed for '" + root_path_ + "', which is not a directory");
}

DOCKER_CPP_INLINE std::size_t TarPathSource::read(char* buffer, std::size_t size) {
    std::size_t filled = 0;
    while (filled < size) {
        if (pending_at_ < pending_.size()) {
            std::size_t n = std::min(size - filled, pending_.size() - pending_at_);
            std::memcpy(buffer + filled, pending_.data() + pending_at_, n);
            pending_at_ += n;
            filled += n;
            continue;
        }
        pending_.clear();
        pending_at_ = 0;
        if (file_left_ > 0) {
            filled += read_file(buffer + filled, size - filled);
            continue;
        }
        if (ended_) break;
        advance();
    }
    return filled;
}

DOCKER_CPP_INLINE void TarPathSource::check_readable() const {
    Walk walk;
    Found found;
    while (walk.next(*this, found)) {
        if (S_ISREG(found.st.st_mode)) {
            detail::UniqueFd fd(::open(found.path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
            if (!fd) detail::throw_fs_error("cannot open", found.path, errno);
        } else if (S_ISLNK(found.st.st_mode)) {
            read_link(found.path, static_cast<std::size_t>(found.st.st_size));
        }
    }
}

DOCKER_CPP_INLINE bool TarPathSource::Walk::next(const TarPathSource& source, Found& found) {
    if (!root_done_) {
        root_done_ = true;
        if (source.root_name_.empty()) push_directory(source.root_path_, "", "");
        else if (visit(source, source.root_path_, source.root_name_, "", found)) return true;
    }
    while (!stack_.empty()) {
        Frame& top = stack_.back();
        if (top.next == top.names.size()) {
            stack_.pop_back();
            continue;
        }
        const std::string& name = top.names[top.next++];
        // Copies: visit() may push a frame, which moves `top`.
        if (visit(source, top.path + "/" + name, top.prefix + name, top.relative + name, found)) return true;
    }
    return false;
}

DOCKER_CPP_INLINE bool TarPathSource::Walk::visit(const TarPathSource& source, std::string path, std::string name,
                                                  std::string relative, Found& found) {
    struct stat st;
    if (::lstat(path.c_str(), &st) != 0) {
        if (errno == ENOENT && !stack_.empty()) return false;  // removed while we walked
        detail::throw_fs_error("cannot archive", path, errno);
    }
    bool is_directory = S_ISDIR(st.st_mode);
    // Sockets, FIFOs and devices: nothing tar carries (nor a build could COPY).
    if (!is_directory && !S_ISREG(st.st_mode) && !S_ISLNK(st.st_mode)) return false;
    TarPathChoice choice = TarPathChoice::keep;
    if (!relative.empty() && source.options_.filter) choice = source.options_.filter(relative, is_directory);
    if (choice == TarPathChoice::leave_out || (choice == TarPathChoice::leave_out_entry && !is_directory))
        return false;
    if (is_directory) {
        name += '/';
        push_directory(path, name, relative.empty() ? relative : relative + "/");
    }
    if (choice == TarPathChoice::leave_out_entry) return false;
    found.path = std::move(path);
    found.name = std::move(name);
    found.st = st;
    return true;
}

DOCKER_CPP_INLINE void TarPathSource::Walk::push_directory(const std::string& path, const std::string& prefix,
                                                           const std::string& relative) {
    Frame frame;
    frame.path = path;
    frame.prefix = prefix;
    frame.relative = relative;
    DIR* dir = ::opendir(path.c_str());
    if (!dir) detail::throw_fs_error("cannot list", path, errno);
    std::unique_ptr<DIR, int (*)(DIR*)> closer(dir, ::closedir);
    for (;;) {
        errno = 0;
        dirent* d = ::readdir(dir);
        if (!d) {
            if (errno != 0) detail::throw_fs_error("cannot list", path, errno);
            break;
        }
        std::string_view entry = d->d_name;
        if (entry != "." && entry != "..") frame.names.emplace_back(entry);
    }
    std::sort(frame.names.begin(), frame.names.end());
    stack_.push_back(std::move(frame));
}

DOCKER_CPP_INLINE std::size_t TarPathSource::read_file(char* buffer, std::size_t size) {
    auto want = static_cast<std::size_t>(std::min<std::uint64_t>(size, file_left_));
    ssize_t n;
    do n = ::read(file_.get(), buffer, want);
    while (n < 0 && errno == EINTR);
    if (n < 0) detail::throw_fs_error("cannot read", file_path_, errno);
    if (n == 0)
        throw Error("file '" + file_path_ + "' shrank by " + std::to_string(file_left_) +
                    " bytes while being archived");
    file_left_ -= static_cast<std::uint64_t>(n);
    produced_ += static_cast<std::uint64_t>(n);
    if (file_left_ == 0) {
        file_.reset();
        pending_.append(detail::tar_padding(file_size_), '\0');
        produced_ += detail::tar_padding(file_size_);
    }
    return static_cast<std::size_t>(n);
}

DOCKER_CPP_INLINE void TarPathSource::advance() {
    Found found;
    if (walk_.next(*this, found)) {
        add(found);
        return;
    }
    pending_.append(2 * detail::tar_block, '\0');
    produced_ += 2 * detail::tar_block;
    ended_ = true;
}

DOCKER_CPP_INLINE void TarPathSource::add(const Found& found) {
    struct stat st = found.st;
    TarEntry entry;
    entry.name = found.name;
    entry.mode = static_cast<std::uint32_t>(st.st_mode & 07777);
    if (!options_.root_owned) {
        entry.uid = st.st_uid;
        entry.gid = st.st_gid;
    }
    entry.mtime = static_cast<std::int64_t>(st.st_mtime);
    if (S_ISREG(st.st_mode)) {
        detail::UniqueFd fd(::open(found.path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
        if (!fd) detail::throw_fs_error("cannot open", found.path, errno);
        // The size is the open file's, so header and data agree even if the name moved.
        if (::fstat(fd.get(), &st) != 0) detail::throw_fs_error("cannot stat", found.path, errno);
        entry.size = static_cast<std::uint64_t>(st.st_size);
        file_ = std::move(fd);
        file_path_ = found.path;
        file_size_ = file_left_ = entry.size;
        if (file_left_ == 0) file_.reset();
    } else if (S_ISDIR(st.st_mode)) {
        entry.type = TarEntryType::directory;
    } else {
        entry.type = TarEntryType::symlink;
        entry.link_target = read_link(found.path, static_cast<std::size_t>(st.st_size));
    }
    std::string header = detail::tar_header(entry);
    produced_ += header.size();
    pending_ += header;
}

DOCKER_CPP_INLINE std::string TarPathSource::read_link(const std::string& path, std::size_t hint) {
    std::string target(std::max<std::size_t>(hint, 64) + 1, '\0');
    for (;;) {
        ssize_t n = ::readlink(path.c_str(), &target[0], target.size());
        if (n < 0) detail::throw_fs_error("cannot read link", path, errno);
        if (static_cast<std::size_t>(n) < target.size()) {
            target.resize(static_cast<std::size_t>(n));
            return target;
        }
        target.resize(target.size() * 2);  // grew since lstat
    }
}
#endif

/// TarPathSource as a copyable callable (what std::function, and so http::BodySource, needs).
DOCKER_CPP_INLINE std::function<std::size_t(char*, std::size_t)> tar_path_source(std::string local_path,
                                                                                 std::string archive_name,
                                                                                 TarPathOptions options = {});

#if DOCKER_CPP_BODIES
DOCKER_CPP_INLINE std::function<std::size_t(char*, std::size_t)> tar_path_source(std::string local_path,
                                                                                 std::string archive_name,
                                                                                 TarPathOptions options) {
    auto source = std::make_shared<TarPathSource>(std::move(local_path), std::move(archive_name), std::move(options));
    return [source](char* buffer, std::size_t size) { return source->read(buffer, size); };
}
#endif

/// Extracts an archive pushed in pieces into an existing directory: regular files,
/// directories, symlinks and hard links; other kinds are skipped.
///
/// Nothing lands outside the directory: absolute names and names with a ".." component
/// are refused (ProtocolError), and every path is walked component by component with
/// O_NOFOLLOW, so a symlink from the archive (or already on disk) is never written through.
/// Existing non-directories are replaced. Modes and times are applied as in the archive
/// (directories' at finish(), so a read-only directory can still be filled); owners are not.
class TarExtractor {
public:
    /// Extracts into `directory`, which must exist (docker::Error naming the errno otherwise).
    DOCKER_CPP_INLINE explicit TarExtractor(const std::string& directory);

    /// The reader's callbacks point at this object.
    TarExtractor(const TarExtractor&) = delete;
    TarExtractor& operator=(const TarExtractor&) = delete;

    /// The next bytes of the archive, cut anywhere; writes what they complete. A malformed or
    /// escaping entry is a ProtocolError; a failed write a docker::Error naming the path.
    void feed(std::string_view bytes) { reader_->feed(bytes); }

    /// The archive ended: checks it was whole, then gives directories their modes and times.
    DOCKER_CPP_INLINE void finish();

    /// Archive entries met so far (skipped kinds included).
    std::uint64_t entries() const noexcept { return entries_; }

private:
    struct Directory {
        std::vector<std::string> parts;
        mode_t mode;
        std::int64_t mtime;
    };

    /// The name's components; refuses what would leave the directory.
    DOCKER_CPP_INLINE static std::vector<std::string> split_safe(const std::string& name);

    /// Opens (creating when `create`) the directory made of parts[0..count), never following
    /// a symlink. Without `create`, a missing directory gives an empty fd.
    DOCKER_CPP_INLINE detail::UniqueFd open_directory(const std::vector<std::string>& parts, std::size_t count,
                                                      bool create);

    /// Makes room for a non-directory: anything but a directory already there goes.
    DOCKER_CPP_INLINE void clear_leaf(int parent, const std::string& leaf, const std::string& shown);

    DOCKER_CPP_INLINE static void set_times(int fd, const char* leaf, std::int64_t mtime, int flags);

    DOCKER_CPP_INLINE void start(const TarEntry& e);

    DOCKER_CPP_INLINE void write(std::string_view data);

    DOCKER_CPP_INLINE void end(const TarEntry& e);

    DOCKER_CPP_INLINE static std::string join(const std::vector<std::string>& parts);

    std::string root_path_;
    detail::UniqueFd root_;
    std::unique_ptr<TarReader> reader_;
    detail::UniqueFd file_;
    std::string file_path_;
    std::vector<Directory> directories_;
    std::uint64_t entries_ = 0;
};

#if DOCKER_CPP_BODIES
DOCKER_CPP_INLINE TarExtractor::TarExtractor(const std::string& directory) : root_path_(directory) {
    root_ = detail::UniqueFd(::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!root_) detail::throw_fs_error("cannot open directory", directory, errno);
    TarHandler handler;
    handler.on_entry = [this](const TarEntry& e) { start(e); };
    handler.on_data = [this](std::string_view data) { write(data); };
    handler.on_entry_end = [this](const TarEntry& e) { end(e); };
    reader_ = std::make_unique<TarReader>(std::move(handler));
}

DOCKER_CPP_INLINE void TarExtractor::finish() {
    reader_->finish();
    for (auto it = directories_.rbegin(); it != directories_.rend(); ++it) {
        detail::UniqueFd fd = open_directory(it->parts, it->parts.size(), false);
        if (!fd) continue;
        ::fchmod(fd.get(), it->mode);
        set_times(fd.get(), nullptr, it->mtime, 0);
    }
    directories_.clear();
}

DOCKER_CPP_INLINE std::vector<std::string> TarExtractor::split_safe(const std::string& name) {
    if (name.empty()) throw ProtocolError("tar entry with an empty name");
    if (name[0] == '/') throw ProtocolError("refusing tar entry with an absolute name: '" + name + "'");
    std::vector<std::string> parts;
    std::size_t i = 0;
    while (i <= name.size()) {
        std::size_t slash = name.find('/', i);
        if (slash == std::string::npos) slash = name.size();
        std::string part = name.substr(i, slash - i);
        i = slash + 1;
        if (part.empty() || part == ".") continue;
        if (part == "..") throw ProtocolError("refusing tar entry that leaves the directory: '" + name + "'");
        parts.push_back(std::move(part));
    }
    return parts;
}

DOCKER_CPP_INLINE detail::UniqueFd TarExtractor::open_directory(const std::vector<std::string>& parts,
                                                                std::size_t count, bool create) {
    detail::UniqueFd dir(::dup(root_.get()));
    if (!dir) detail::throw_fs_error("cannot open directory", root_path_, errno);
    std::string shown = root_path_;
    for (std::size_t i = 0; i < count; ++i) {
        shown += "/" + parts[i];
        int fd = ::openat(dir.get(), parts[i].c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0 && errno == ENOENT && create) {
            if (::mkdirat(dir.get(), parts[i].c_str(), 0755) != 0 && errno != EEXIST)
                detail::throw_fs_error("cannot create directory", shown, errno);
            fd = ::openat(dir.get(), parts[i].c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        }
        if (fd < 0) {
            if (errno == ENOENT && !create) return {};
            int error = errno;
            struct stat st;
            // O_NOFOLLOW|O_DIRECTORY on a symlink fails with ENOTDIR or ELOOP: look.
            if ((error == ENOTDIR || error == ELOOP) &&
                ::fstatat(dir.get(), parts[i].c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0) {
                if (S_ISLNK(st.st_mode))
                    throw ProtocolError("refusing to extract through the symlink '" + shown + "'");
                throw Error("cannot extract into '" + shown + "': not a directory");
            }
            detail::throw_fs_error("cannot open directory", shown, error);
        }
        dir = detail::UniqueFd(fd);
    }
    return dir;
}

DOCKER_CPP_INLINE void TarExtractor::clear_leaf(int parent, const std::string& leaf, const std::string& shown) {
    struct stat st;
    if (::fstatat(parent, leaf.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) return;
    if (S_ISDIR(st.st_mode)) throw Error("cannot replace directory '" + shown + "' with a non-directory");
    if (::unlinkat(parent, leaf.c_str(), 0) != 0) detail::throw_fs_error("cannot replace", shown, errno);
}

DOCKER_CPP_INLINE void TarExtractor::set_times(int fd, const char* leaf, std::int64_t mtime, int flags) {
    struct timespec times[2];
    times[0].tv_sec = static_cast<time_t>(mtime);
    times[0].tv_nsec = 0;
    times[1] = times[0];
    if (leaf) ::utimensat(fd, leaf, times, flags);
    else ::futimens(fd, times);
}

DOCKER_CPP_INLINE void TarExtractor::start(const TarEntry& e) {
    ++entries_;
    std::vector<std::string> parts = split_safe(e.name);
    if (e.is_directory()) {
        if (parts.empty()) return;  // "./": the target directory itself
        detail::UniqueFd dir = open_directory(parts, parts.size(), true);
        directories_.push_back(Directory{std::move(parts), static_cast<mode_t>(e.mode & 07777), e.mtime});
        return;
    }
    if (parts.empty()) throw ProtocolError("tar entry '" + e.name + "' names the target directory");
    std::string shown = root_path_ + "/" + join(parts);
    detail::UniqueFd parent = open_directory(parts, parts.size() - 1, true);
    const std::string& leaf = parts.back();
    switch (e.type) {
    case TarEntryType::regular: {
        clear_leaf(parent.get(), leaf, shown);
        int fd = ::openat(parent.get(), leaf.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
        if (fd < 0) detail::throw_fs_error("cannot create", shown, errno);
        file_ = detail::UniqueFd(fd);
        file_path_ = shown;
        break;
    }
    case TarEntryType::symlink:
        clear_leaf(parent.get(), leaf, shown);
        if (::symlinkat(e.link_target.c_str(), parent.get(), leaf.c_str()) != 0)
            detail::throw_fs_error("cannot create symlink", shown, errno);
        set_times(parent.get(), leaf.c_str(), e.mtime, AT_SYMLINK_NOFOLLOW);
        break;
    case TarEntryType::hard_link: {
        std::vector<std::string> target = split_safe(e.link_target);
        if (target.empty()) throw ProtocolError("tar hard link '" + e.name + "' to the target directory");
        detail::UniqueFd target_parent = open_directory(target, target.size() - 1, false);
        if (!target_parent) throw ProtocolError("tar hard link '" + e.name + "' to a missing '" + e.link_target + "'");
        clear_leaf(parent.get(), leaf, shown);
        if (::linkat(target_parent.get(), target.back().c_str(), parent.get(), leaf.c_str(), 0) != 0)
            detail::throw_fs_error("cannot create hard link", shown, errno);
        break;
    }
    default:
        break;  // devices, FIFOs, unknown kinds: skipped (their data too)
    }
}

DOCKER_CPP_INLINE void TarExtractor::write(std::string_view data) {
    if (!file_) return;
    while (!data.empty()) {
        ssize_t n = ::write(file_.get(), data.data(), data.size());
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) detail::throw_fs_error("cannot write", file_path_, errno);
        data.remove_prefix(static_cast<std::size_t>(n));
    }
}

DOCKER_CPP_INLINE void TarExtractor::end(const TarEntry& e) {
    if (!file_) return;
    if (::fchmod(file_.get(), static_cast<mode_t>(e.mode & 07777)) != 0)
        detail::throw_fs_error("cannot set the mode of", file_path_, errno);
    set_times(file_.get(), nullptr, e.mtime, 0);
    // close() can report a failed write-back (NFS, quota): worth an error, not silence.
    if (::close(file_.release()) != 0) detail::throw_fs_error("cannot write", file_path_, errno);
}

DOCKER_CPP_INLINE std::string TarExtractor::join(const std::vector<std::string>& parts) {
    std::string out;
    for (const auto& p : parts) out += (out.empty() ? "" : "/") + p;
    return out;
}
#endif

}  // namespace docker::stream
