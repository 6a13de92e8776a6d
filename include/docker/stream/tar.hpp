#pragma once
/// @file
/// Tar archives as streams, never held whole: the copy endpoints (GET/PUT
/// /containers/{id}/archive, /export) speak POSIX tar.
///
/// - TarWriter: entries in, bytes pushed to a sink
/// - TarReader: bytes pushed in (split anywhere), entries and data pieces out
///
/// Both are pure (bytes in, bytes or events out); tar_directory.hpp connects them to the
/// local filesystem.
///
/// Format: ustar headers; a PAX extended header ('x') carries what ustar cannot hold (names
/// that do not split into prefix/name, long link targets, sizes >= 8 GiB, ids and times out
/// of octal range). The reader also takes GNU long names ('L'/'K') and base-256 numbers,
/// which GNU tar and Go's archive/tar write.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "docker/detail/compiled_mode.hpp"
#include "docker/error.hpp"
#include "docker/stream/byte_sink.hpp"

namespace docker {

/// The typeflag byte. Readers map the old '\0' and '7' (contiguous) to regular.
enum class TarEntryType : char {
    regular = '0',
    hard_link = '1',
    symlink = '2',
    char_device = '3',
    block_device = '4',
    directory = '5',
    fifo = '6',
};

/// One archive member as a header describes it.
struct TarEntry {
    std::string name;         ///< "dir/file"; directories end in '/' when written by TarWriter
    TarEntryType type = TarEntryType::regular;  ///< file, directory, link...
    std::uint32_t mode = 0644;  ///< permission bits (07777)
    std::uint64_t uid = 0;      ///< owner's user ID
    std::uint64_t gid = 0;      ///< owner's group ID
    std::uint64_t size = 0;     ///< data bytes; 0 for everything but regular files
    std::int64_t mtime = 0;     ///< UNIX seconds
    std::string link_target;    ///< symlink or hard link target
    std::string uname;          ///< owner's user name; empty: none recorded
    std::string gname;          ///< owner's group name; empty: none recorded

    bool is_regular() const noexcept { return type == TarEntryType::regular; }      ///< a regular file?
    bool is_directory() const noexcept { return type == TarEntryType::directory; }  ///< a directory?
    bool is_symlink() const noexcept { return type == TarEntryType::symlink; }      ///< a symbolic link?
};

}  // namespace docker

namespace docker::detail {

constexpr std::size_t tar_block = 512;

inline std::size_t tar_padding(std::uint64_t size) {
    return static_cast<std::size_t>((tar_block - size % tar_block) % tar_block);
}

// Does `value` fit `width - 1` octal digits (the last byte is the terminator)?
DOCKER_CPP_INLINE bool tar_octal_fits(std::int64_t value, std::size_t width);

// Octal when it fits; else GNU base-256 (a marker bit, then big-endian two's complement),
// which GNU tar and Go read. The PAX record written alongside is what POSIX readers use.
DOCKER_CPP_INLINE void tar_put_number(char* field, std::size_t width, std::int64_t value);

DOCKER_CPP_INLINE void tar_put_text(char* field, std::size_t width, std::string_view text);

DOCKER_CPP_INLINE unsigned tar_checksum(const char* block);

// Old writers summed signed chars; accepting both costs nothing.
DOCKER_CPP_INLINE int tar_signed_checksum(const char* block);

// One "<length> key=value\n" record; the length counts itself.
DOCKER_CPP_INLINE void pax_record(std::string& out, std::string_view key, std::string_view value);

// Splits a name over ustar's prefix (155) and name (100) fields at a '/'; false when no
// split fits.
DOCKER_CPP_INLINE bool tar_split_name(std::string_view name, std::string_view& prefix, std::string_view& rest);

DOCKER_CPP_INLINE void tar_ustar_block(char* block, const TarEntry& entry, std::string_view prefix,
                                       std::string_view name, std::uint64_t size, char typeflag);

DOCKER_CPP_INLINE void tar_check_text(const std::string& text, const char* what);

// The header blocks of one entry: a PAX header when ustar cannot say it all, then the
// ustar header. The entry's data and padding follow separately.
DOCKER_CPP_INLINE std::string tar_header(const TarEntry& entry);

#if DOCKER_CPP_BODIES
DOCKER_CPP_INLINE bool tar_octal_fits(std::int64_t value, std::size_t width) {
    if (value < 0) return false;
    std::size_t bits = 3 * (width - 1);
    return bits >= 63 || static_cast<std::uint64_t>(value) < (std::uint64_t{1} << bits);
}

DOCKER_CPP_INLINE void tar_put_number(char* field, std::size_t width, std::int64_t value) {
    if (tar_octal_fits(value, width)) {
        auto v = static_cast<std::uint64_t>(value);
        field[width - 1] = '\0';
        for (std::size_t i = width - 1; i-- > 0;) {
            field[i] = static_cast<char>('0' + (v & 7));
            v >>= 3;
        }
        return;
    }
    auto v = static_cast<std::uint64_t>(value);
    for (std::size_t i = width; i-- > 1;) {
        field[i] = static_cast<char>(v & 0xff);
        v = value < 0 ? (v >> 8) | (std::uint64_t{0xff} << 56) : v >> 8;
    }
    field[0] = static_cast<char>(value < 0 ? 0xff : 0x80);
}

DOCKER_CPP_INLINE void tar_put_text(char* field, std::size_t width, std::string_view text) {
    if (!text.empty()) std::memcpy(field, text.data(), std::min(width, text.size()));  // an empty view may be null
}

DOCKER_CPP_INLINE unsigned tar_checksum(const char* block) {
    unsigned sum = 0;
    for (std::size_t i = 0; i < tar_block; ++i)
        sum += (i >= 148 && i < 156) ? unsigned{' '} : static_cast<unsigned char>(block[i]);
    return sum;
}

DOCKER_CPP_INLINE int tar_signed_checksum(const char* block) {
    int sum = 0;
    for (std::size_t i = 0; i < tar_block; ++i)
        sum += (i >= 148 && i < 156) ? int{' '} : static_cast<int>(static_cast<signed char>(block[i]));
    return sum;
}

DOCKER_CPP_INLINE void pax_record(std::string& out, std::string_view key, std::string_view value) {
    std::size_t body = 1 + key.size() + 1 + value.size() + 1;  // ' ' key '=' value '\n'
    std::size_t length = body + 1;
    while (std::to_string(length).size() + body != length) length = std::to_string(length).size() + body;
    out += std::to_string(length);
    out += ' ';
    out += key;
    out += '=';
    out += value;
    out += '\n';
}

DOCKER_CPP_INLINE bool tar_split_name(std::string_view name, std::string_view& prefix, std::string_view& rest) {
    if (name.size() <= 100) {
        prefix = {};
        rest = name;
        return true;
    }
    // The rightmost '/' that leaves the prefix short enough, scanning leftwards until
    // the rest would be too long.
    std::size_t limit = std::min<std::size_t>(name.size() - 1, 155);
    for (std::size_t i = limit + 1; i-- > 0;) {
        if (name[i] != '/') continue;
        if (name.size() - i - 1 > 100) return false;
        if (i == 0 || name.size() - i - 1 == 0) continue;
        prefix = name.substr(0, i);
        rest = name.substr(i + 1);
        return true;
    }
    return false;
}

DOCKER_CPP_INLINE void tar_ustar_block(char* block, const TarEntry& entry, std::string_view prefix,
                                       std::string_view name, std::uint64_t size, char typeflag) {
    std::memset(block, 0, tar_block);
    tar_put_text(block + 0, 100, name);
    tar_put_number(block + 100, 8, entry.mode & 07777);
    tar_put_number(block + 108, 8, static_cast<std::int64_t>(std::min<std::uint64_t>(entry.uid, INT64_MAX)));
    tar_put_number(block + 116, 8, static_cast<std::int64_t>(std::min<std::uint64_t>(entry.gid, INT64_MAX)));
    tar_put_number(block + 124, 12, static_cast<std::int64_t>(std::min<std::uint64_t>(size, INT64_MAX)));
    tar_put_number(block + 136, 12, entry.mtime);
    block[156] = typeflag;
    tar_put_text(block + 157, 100, entry.link_target.size() <= 100 ? std::string_view(entry.link_target) : "");
    std::memcpy(block + 257, "ustar\0" "00", 8);
    tar_put_text(block + 265, 32, entry.uname.size() <= 32 ? std::string_view(entry.uname) : "");
    tar_put_text(block + 297, 32, entry.gname.size() <= 32 ? std::string_view(entry.gname) : "");
    tar_put_number(block + 329, 8, 0);
    tar_put_number(block + 337, 8, 0);
    tar_put_text(block + 345, 155, prefix);
    unsigned sum = tar_checksum(block);
    tar_put_number(block + 148, 7, sum);  // six digits, NUL ...
    block[155] = ' ';                     // ... and a space, as tradition has it
}

DOCKER_CPP_INLINE void tar_check_text(const std::string& text, const char* what) {
    if (text.find('\0') != std::string::npos)
        throw UsageError(std::string("tar entry ") + what + " contains a NUL byte");
}

DOCKER_CPP_INLINE std::string tar_header(const TarEntry& entry) {
    tar_check_text(entry.name, "name");
    tar_check_text(entry.link_target, "link target");
    if (entry.name.empty()) throw UsageError("tar entry name is empty");
    const bool has_data = entry.type == TarEntryType::regular;
    if (!has_data && entry.size != 0)
        throw UsageError("tar entry '" + entry.name + "' is not a regular file and cannot carry data");

    std::string pax;
    std::string_view prefix, name;
    if (!tar_split_name(entry.name, prefix, name)) {
        pax_record(pax, "path", entry.name);
        name = std::string_view(entry.name).substr(0, 100);  // a hint for readers without PAX
        prefix = {};
    }
    if (entry.link_target.size() > 100) pax_record(pax, "linkpath", entry.link_target);
    if (!tar_octal_fits(static_cast<std::int64_t>(std::min<std::uint64_t>(entry.size, INT64_MAX)), 12))
        pax_record(pax, "size", std::to_string(entry.size));
    if (!tar_octal_fits(static_cast<std::int64_t>(std::min<std::uint64_t>(entry.uid, INT64_MAX)), 8))
        pax_record(pax, "uid", std::to_string(entry.uid));
    if (!tar_octal_fits(static_cast<std::int64_t>(std::min<std::uint64_t>(entry.gid, INT64_MAX)), 8))
        pax_record(pax, "gid", std::to_string(entry.gid));
    if (!tar_octal_fits(entry.mtime, 12)) pax_record(pax, "mtime", std::to_string(entry.mtime));
    if (entry.uname.size() > 32) pax_record(pax, "uname", entry.uname);
    if (entry.gname.size() > 32) pax_record(pax, "gname", entry.gname);

    std::string out;
    if (!pax.empty()) {
        // GNU tar names these "<dir>/PaxHeaders.<pid>/<base>"; any name works, since
        // readers that know 'x' skip it and those that do not extract a small text file.
        std::string_view base = std::string_view(entry.name);
        while (!base.empty() && base.back() == '/') base.remove_suffix(1);
        if (auto slash = base.rfind('/'); slash != std::string_view::npos) base.remove_prefix(slash + 1);
        std::string pax_name = "PaxHeaders/" + std::string(base.substr(0, 80));
        TarEntry meta;
        meta.mode = 0644;
        meta.mtime = tar_octal_fits(entry.mtime, 12) ? entry.mtime : 0;
        out.resize(tar_block);
        tar_ustar_block(&out[0], meta, {}, pax_name, pax.size(), 'x');
        out += pax;
        out.append(tar_padding(pax.size()), '\0');
    }
    std::size_t at = out.size();
    out.resize(at + tar_block);
    tar_ustar_block(&out[at], entry, prefix, name, has_data ? entry.size : 0, static_cast<char>(entry.type));
    return out;
}
#endif

}  // namespace docker::detail

namespace docker::stream {

/// Pushes an archive to a sink as entries are added.
class TarWriter {
public:
    using Sink = ByteSink;  ///< receives the archive's bytes in order
    /// Produces up to `size` bytes into `buffer`, returns how many; 0 means no more.
    using Reader = std::function<std::size_t(char* buffer, std::size_t size)>;

    /// A writer pushing every byte of the archive into `sink` as it is made.
    explicit TarWriter(Sink sink) : sink_(std::move(sink)) {}

    /// Starts an entry; a regular file's `size` data bytes must follow through write_data,
    /// then end_entry. A directory's name gets its trailing '/'.
    DOCKER_CPP_INLINE void begin_entry(const TarEntry& entry);

    /// Data of the entry begun; more than its size in total is a UsageError.
    DOCKER_CPP_INLINE void write_data(std::string_view data);

    /// Ends the entry (padding it to a block); UsageError when fewer than its size bytes came.
    DOCKER_CPP_INLINE void end_entry();

    /// One entry with its data in memory; `entry.size` is taken from `data`.
    DOCKER_CPP_INLINE void add(TarEntry entry, std::string_view data = {});

    /// One entry whose `entry.size` bytes come from `read`, in pieces of up to `piece_size`.
    DOCKER_CPP_INLINE void add(const TarEntry& entry, const Reader& read, std::size_t piece_size = 64 * 1024);

    /// The end-of-archive marker: two zero blocks.
    DOCKER_CPP_INLINE void finish();

    /// Archive bytes pushed to the sink so far.
    std::uint64_t bytes_written() const noexcept { return written_; }

private:
    DOCKER_CPP_INLINE void emit(std::string_view bytes);

    Sink sink_;
    std::uint64_t remaining_ = 0;
    std::size_t padding_ = 0;
    std::uint64_t written_ = 0;
    bool in_entry_ = false;
    bool finished_ = false;
};

#if DOCKER_CPP_BODIES
DOCKER_CPP_INLINE void TarWriter::begin_entry(const TarEntry& entry) {
    if (in_entry_) throw UsageError("tar: begin_entry inside an entry");
    if (finished_) throw UsageError("tar: entry added after finish");
    TarEntry e = entry;
    if (e.is_directory() && !e.name.empty() && e.name.back() != '/') e.name += '/';
    emit(detail::tar_header(e));
    remaining_ = e.is_regular() ? e.size : 0;
    padding_ = e.is_regular() ? detail::tar_padding(e.size) : 0;
    in_entry_ = true;
}

DOCKER_CPP_INLINE void TarWriter::write_data(std::string_view data) {
    if (!in_entry_ || data.size() > remaining_)
        throw UsageError("tar: more data than the entry's size");
    if (data.empty()) return;
    remaining_ -= data.size();
    emit(data);
}

DOCKER_CPP_INLINE void TarWriter::end_entry() {
    if (!in_entry_) throw UsageError("tar: end_entry without an entry");
    if (remaining_ != 0)
        throw UsageError("tar: entry ended " + std::to_string(remaining_) + " bytes short of its size");
    static const char zeros[detail::tar_block] = {};
    if (padding_ > 0) emit(std::string_view(zeros, padding_));
    in_entry_ = false;
}

DOCKER_CPP_INLINE void TarWriter::add(TarEntry entry, std::string_view data) {
    if (entry.is_regular()) entry.size = data.size();
    begin_entry(entry);
    write_data(data);
    end_entry();
}

DOCKER_CPP_INLINE void TarWriter::add(const TarEntry& entry, const Reader& read, std::size_t piece_size) {
    begin_entry(entry);
    std::vector<char> buffer(static_cast<std::size_t>(std::min<std::uint64_t>(piece_size, remaining_)));
    while (remaining_ > 0) {
        std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(buffer.size(), remaining_));
        std::size_t n = read(buffer.data(), want);
        if (n == 0)
            throw UsageError("tar: data of '" + entry.name + "' ended " + std::to_string(remaining_) +
                             " bytes short of its size");
        write_data(std::string_view(buffer.data(), std::min(n, want)));
    }
    end_entry();
}

DOCKER_CPP_INLINE void TarWriter::finish() {
    if (in_entry_) throw UsageError("tar: finish inside an entry");
    if (finished_) return;
    static const char zeros[2 * detail::tar_block] = {};
    emit(std::string_view(zeros, sizeof zeros));
    finished_ = true;
}

DOCKER_CPP_INLINE void TarWriter::emit(std::string_view bytes) {
    written_ += bytes.size();
    sink_(bytes);
}
#endif

/// Callbacks of a TarReader. Each may be left empty.
struct TarHandler {
    std::function<void(const TarEntry&)> on_entry;     ///< a member starts
    std::function<void(std::string_view)> on_data;     ///< a piece of its data, never empty
    std::function<void(const TarEntry&)> on_entry_end;  ///< all of its data was delivered
};

/// Reads an archive pushed in pieces split anywhere. Data reaches on_data straight from the
/// fed bytes; only headers and extended-header payloads are buffered, the latter up to
/// `max_meta_bytes`, so memory stays bounded whatever the archive holds.
class TarReader {
public:
    /// A reader calling `handler`; extended headers (PAX, GNU long names) longer than
    /// `max_meta_bytes` are a ProtocolError.
    explicit TarReader(TarHandler handler, std::size_t max_meta_bytes = 1024 * 1024)
        : handler_(std::move(handler)), max_meta_bytes_(max_meta_bytes) {}

    /// The next bytes of the archive, cut anywhere; calls the handler for what they complete.
    /// A malformed header is a ProtocolError, after which the reader refuses more input.
    DOCKER_CPP_INLINE void feed(std::string_view input);

    /// The input ended. Anything but a complete archive up to its end marker is an error.
    DOCKER_CPP_INLINE void finish();

    /// Has the end-of-archive marker been read?
    bool done() const noexcept { return state_ == State::ended; }

private:
    enum class State { header, data, meta, padding, ended };

    DOCKER_CPP_INLINE void consume(std::string_view input);

    static constexpr std::size_t tar_block = detail::tar_block;

    DOCKER_CPP_INLINE static bool all_zero(const char* block);

    DOCKER_CPP_INLINE static std::string_view field_text(const char* field, std::size_t width);

    /// An octal field (spaces or NULs around the digits) or a GNU base-256 one.
    DOCKER_CPP_INLINE static std::int64_t field_number(const char* field, std::size_t width, const char* what);

    DOCKER_CPP_INLINE static std::uint64_t parse_decimal(std::string_view text, const char* what);

    DOCKER_CPP_INLINE void on_header();

    DOCKER_CPP_INLINE void end_data();

    DOCKER_CPP_INLINE void end_meta();

    DOCKER_CPP_INLINE void parse_pax(std::string_view text);

    DOCKER_CPP_INLINE void apply_pax(TarEntry& e);

    /// "[-]seconds[.fraction]": the fraction is dropped.
    DOCKER_CPP_INLINE static std::int64_t parse_time(std::string_view text);

    TarHandler handler_;
    std::size_t max_meta_bytes_;
    State state_ = State::header;
    char block_[tar_block] = {};
    std::size_t used_ = 0;
    std::uint64_t remaining_ = 0;
    std::size_t padding_ = 0;
    int zero_blocks_ = 0;
    bool failed_ = false;
    TarEntry entry_;
    char meta_flag_ = 0;
    std::string meta_;
    std::vector<std::pair<std::string, std::string>> pax_;
    bool has_pax_ = false;
    std::string long_name_;
    std::string long_link_;
};

#if DOCKER_CPP_BODIES
DOCKER_CPP_INLINE void TarReader::feed(std::string_view input) {
    if (failed_) throw ProtocolError("tar: feed after an error");
    try {
        consume(input);
    } catch (...) {
        failed_ = true;  // sticky: the position in the archive is lost
        throw;
    }
}

DOCKER_CPP_INLINE void TarReader::finish() {
    if (failed_) throw ProtocolError("tar: finish after an error");
    if (state_ == State::ended) return;
    if (state_ == State::header && zero_blocks_ == 1 && used_ == 0) {
        state_ = State::ended;  // one zero block: some writers stop there
        return;
    }
    failed_ = true;
    if (state_ == State::header && used_ == 0 && zero_blocks_ == 0)
        throw ProtocolError("tar archive truncated: no end-of-archive marker");
    if (state_ == State::header) throw ProtocolError("tar archive truncated inside a header");
    if (state_ == State::meta) throw ProtocolError("tar archive truncated inside an extended header");
    throw ProtocolError("tar archive truncated inside the data of '" + entry_.name + "' (" +
                        std::to_string(remaining_ + padding_) + " bytes missing)");
}

DOCKER_CPP_INLINE void TarReader::consume(std::string_view input) {
    while (!input.empty()) {
        switch (state_) {
        case State::ended:
            return;  // what follows the marker is record padding
        case State::header: {
            std::size_t n = std::min(tar_block - used_, input.size());
            std::memcpy(block_ + used_, input.data(), n);
            used_ += n;
            input.remove_prefix(n);
            if (used_ == tar_block) {
                used_ = 0;
                on_header();
            }
            break;
        }
        case State::data: {
            auto n = static_cast<std::size_t>(std::min<std::uint64_t>(remaining_, input.size()));
            remaining_ -= n;
            if (handler_.on_data) handler_.on_data(input.substr(0, n));
            input.remove_prefix(n);
            if (remaining_ == 0) end_data();
            break;
        }
        case State::meta: {
            auto n = static_cast<std::size_t>(std::min<std::uint64_t>(remaining_, input.size()));
            meta_.append(input.data(), n);
            remaining_ -= n;
            input.remove_prefix(n);
            if (remaining_ == 0) end_meta();
            break;
        }
        case State::padding: {
            std::size_t n = std::min(padding_, input.size());
            padding_ -= n;
            input.remove_prefix(n);
            if (padding_ == 0) state_ = State::header;
            break;
        }
        }
    }
}

DOCKER_CPP_INLINE bool TarReader::all_zero(const char* block) {
    for (std::size_t i = 0; i < tar_block; ++i)
        if (block[i] != '\0') return false;
    return true;
}

DOCKER_CPP_INLINE std::string_view TarReader::field_text(const char* field, std::size_t width) {
    std::size_t n = 0;
    while (n < width && field[n] != '\0') ++n;
    return {field, n};
}

DOCKER_CPP_INLINE std::int64_t TarReader::field_number(const char* field, std::size_t width, const char* what) {
    auto first = static_cast<unsigned char>(field[0]);
    if (first & 0x80) {
        unsigned char invert = (first & 0x40) ? 0xff : 0x00;  // negative: two's complement
        std::uint64_t v = 0;
        for (std::size_t i = 0; i < width; ++i) {
            unsigned char c = static_cast<unsigned char>(field[i]) ^ invert;
            if (i == 0) c &= 0x7f;
            if (v >> 56 != 0) throw ProtocolError(std::string("tar header: ") + what + " out of range");
            v = (v << 8) | c;
        }
        if (v > static_cast<std::uint64_t>(INT64_MAX))
            throw ProtocolError(std::string("tar header: ") + what + " out of range");
        return invert ? ~static_cast<std::int64_t>(v) : static_cast<std::int64_t>(v);
    }
    std::size_t i = 0;
    while (i < width && (field[i] == ' ' || field[i] == '\0')) ++i;
    std::uint64_t v = 0;
    for (; i < width && field[i] >= '0' && field[i] <= '7'; ++i) {
        if (v >> 60 != 0) throw ProtocolError(std::string("tar header: ") + what + " out of range");
        v = (v << 3) | static_cast<std::uint64_t>(field[i] - '0');
    }
    for (; i < width; ++i)
        if (field[i] != ' ' && field[i] != '\0')
            throw ProtocolError(std::string("tar header: invalid ") + what + " field");
    return static_cast<std::int64_t>(v);
}

DOCKER_CPP_INLINE std::uint64_t TarReader::parse_decimal(std::string_view text, const char* what) {
    if (text.empty()) throw ProtocolError(std::string("tar PAX header: empty ") + what);
    std::uint64_t v = 0;
    for (char c : text) {
        if (c < '0' || c > '9' || v > (UINT64_MAX - 9) / 10)
            throw ProtocolError(std::string("tar PAX header: invalid ") + what);
        v = v * 10 + static_cast<std::uint64_t>(c - '0');
    }
    return v;
}

DOCKER_CPP_INLINE void TarReader::on_header() {
    if (all_zero(block_)) {
        if (++zero_blocks_ == 2) state_ = State::ended;
        return;
    }
    if (zero_blocks_ != 0) throw ProtocolError("tar archive: a header after a zero block");
    auto stored = field_number(block_ + 148, 8, "checksum");
    if (stored != static_cast<std::int64_t>(detail::tar_checksum(block_)) &&
        stored != static_cast<std::int64_t>(detail::tar_signed_checksum(block_)))
        throw ProtocolError("tar header checksum mismatch (corrupt archive or not a tar)");

    char flag = block_[156];
    std::int64_t size = field_number(block_ + 124, 12, "size");
    if (size < 0) throw ProtocolError("tar header: negative size");

    // Extended headers describe the entry after them.
    if (flag == 'x' || flag == 'g' || flag == 'L' || flag == 'K') {
        if (static_cast<std::uint64_t>(size) > max_meta_bytes_)
            throw ProtocolError("tar extended header larger than " + std::to_string(max_meta_bytes_) + " bytes");
        meta_flag_ = flag;
        meta_.clear();
        remaining_ = static_cast<std::uint64_t>(size);
        padding_ = detail::tar_padding(remaining_);
        state_ = State::meta;
        if (remaining_ == 0) end_meta();
        return;
    }

    TarEntry e;
    std::string_view magic(block_ + 257, 6);
    std::string_view name = field_text(block_, 100);
    std::string_view prefix = magic == std::string_view("ustar\0", 6) ? field_text(block_ + 345, 155) : "";
    e.name = prefix.empty() ? std::string(name) : std::string(prefix) + "/" + std::string(name);
    e.type = (flag == '\0' || flag == '7') ? TarEntryType::regular : static_cast<TarEntryType>(flag);
    e.mode = static_cast<std::uint32_t>(field_number(block_ + 100, 8, "mode") & 07777);
    e.uid = static_cast<std::uint64_t>(field_number(block_ + 108, 8, "uid"));
    e.gid = static_cast<std::uint64_t>(field_number(block_ + 116, 8, "gid"));
    e.size = static_cast<std::uint64_t>(size);
    e.mtime = field_number(block_ + 136, 12, "mtime");
    e.link_target = std::string(field_text(block_ + 157, 100));
    if (magic.substr(0, 5) == "ustar") {
        e.uname = std::string(field_text(block_ + 265, 32));
        e.gname = std::string(field_text(block_ + 297, 32));
    }
    if (!long_name_.empty()) e.name = std::move(long_name_);
    if (!long_link_.empty()) e.link_target = std::move(long_link_);
    long_name_.clear();
    long_link_.clear();
    apply_pax(e);

    // Links, devices, directories and FIFOs carry no data whatever their size says.
    bool header_only = flag == '1' || flag == '2' || flag == '3' || flag == '4' || flag == '5' || flag == '6';
    if (header_only) e.size = 0;
    entry_ = std::move(e);
    remaining_ = entry_.size;
    padding_ = detail::tar_padding(remaining_);
    if (handler_.on_entry) handler_.on_entry(entry_);
    state_ = State::data;
    if (remaining_ == 0) end_data();
}

DOCKER_CPP_INLINE void TarReader::end_data() {
    if (handler_.on_entry_end) handler_.on_entry_end(entry_);
    state_ = padding_ > 0 ? State::padding : State::header;
}

DOCKER_CPP_INLINE void TarReader::end_meta() {
    state_ = padding_ > 0 ? State::padding : State::header;
    if (meta_flag_ == 'L' || meta_flag_ == 'K') {
        std::string text = meta_;
        while (!text.empty() && text.back() == '\0') text.pop_back();
        (meta_flag_ == 'L' ? long_name_ : long_link_) = std::move(text);
    } else if (meta_flag_ == 'x') {
        parse_pax(meta_);
        has_pax_ = true;
    }  // 'g' (global) records: nothing here uses them
    meta_.clear();
    meta_.shrink_to_fit();
}

DOCKER_CPP_INLINE void TarReader::parse_pax(std::string_view text) {
    pax_.clear();
    while (!text.empty()) {
        std::size_t space = text.find(' ');
        if (space == std::string_view::npos || space == 0)
            throw ProtocolError("tar PAX header: malformed record");
        std::uint64_t length = parse_decimal(text.substr(0, space), "record length");
        if (length <= space + 1 || length > text.size() || text[length - 1] != '\n')
            throw ProtocolError("tar PAX header: malformed record");
        std::string_view record = text.substr(space + 1, length - space - 2);
        text.remove_prefix(length);
        std::size_t eq = record.find('=');
        if (eq == std::string_view::npos || eq == 0) throw ProtocolError("tar PAX header: record without '='");
        pax_.emplace_back(std::string(record.substr(0, eq)), std::string(record.substr(eq + 1)));
    }
}

DOCKER_CPP_INLINE void TarReader::apply_pax(TarEntry& e) {
    if (!has_pax_) return;
    has_pax_ = false;
    for (const auto& [key, value] : pax_) {
        if (key == "path") e.name = value;
        else if (key == "linkpath") e.link_target = value;
        else if (key == "size") e.size = parse_decimal(value, "size");
        else if (key == "uid") e.uid = parse_decimal(value, "uid");
        else if (key == "gid") e.gid = parse_decimal(value, "gid");
        else if (key == "uname") e.uname = value;
        else if (key == "gname") e.gname = value;
        else if (key == "mtime") e.mtime = parse_time(value);
    }
    if (e.size > static_cast<std::uint64_t>(INT64_MAX)) throw ProtocolError("tar PAX header: size out of range");
    pax_.clear();
}

DOCKER_CPP_INLINE std::int64_t TarReader::parse_time(std::string_view text) {
    bool negative = !text.empty() && text[0] == '-';
    if (negative) text.remove_prefix(1);
    text = text.substr(0, text.find('.'));
    std::uint64_t v = parse_decimal(text, "mtime");
    if (v > static_cast<std::uint64_t>(INT64_MAX)) throw ProtocolError("tar PAX header: mtime out of range");
    return negative ? -static_cast<std::int64_t>(v) : static_cast<std::int64_t>(v);
}
#endif

}  // namespace docker::stream
