#pragma once
// Models of GET /containers/{id}/stats (one sample per line when streamed), and the figures
// `docker stats` derives from a sample: CPU %, memory used and %, block and network I/O.

#include <cctype>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "docker/models/json_fields.hpp"

namespace docker {

/// CPU time a container used (CpuStats.cpu_usage), in nanoseconds.
struct CpuUsage {
    /// JSON `total_usage`: CPU time over all CPUs, in nanoseconds.
    std::uint64_t total_usage = 0;
    /// JSON `percpu_usage`: CPU time per CPU, in nanoseconds (cgroup v1 only; empty on v2).
    std::vector<std::uint64_t> percpu_usage;
    /// JSON `usage_in_kernelmode`: CPU time in kernel mode, in nanoseconds.
    std::uint64_t usage_in_kernelmode = 0;
    /// JSON `usage_in_usermode`: CPU time in user mode, in nanoseconds.
    std::uint64_t usage_in_usermode = 0;
};

/// How often the CPU quota held the container back (CpuStats.throttling_data).
struct ThrottlingData {
    /// JSON `periods`: enforcement periods that have passed.
    std::uint64_t periods = 0;
    /// JSON `throttled_periods`: periods in which the container hit its quota.
    std::uint64_t throttled_periods = 0;
    /// JSON `throttled_time`: total time it was throttled, in nanoseconds.
    std::uint64_t throttled_time = 0;
};

/// CPU figures of one sample (ContainerStats.cpu_stats and precpu_stats).
struct CpuStats {
    /// JSON `cpu_usage`: the container's CPU time.
    CpuUsage cpu_usage;
    /// JSON `system_cpu_usage`: the host's CPU time, in nanoseconds; the base cpu_percent() divides by.
    std::uint64_t system_cpu_usage = 0;
    /// JSON `online_cpus`: CPUs online for the container; 0 when the daemon did not say.
    std::uint32_t online_cpus = 0;
    /// JSON `throttling_data`.
    ThrottlingData throttling_data;
};

/// Memory figures of one sample (ContainerStats.memory_stats), in bytes.
struct MemoryStats {
    /// JSON `usage`: memory in use, page cache included, in bytes.
    std::uint64_t usage = 0;
    /// JSON `max_usage`: highest usage seen, in bytes (cgroup v1 only).
    std::uint64_t max_usage = 0;
    /// JSON `failcnt`: times the limit was hit (cgroup v1 only).
    std::uint64_t failcnt = 0;
    /// JSON `limit`: the memory limit in bytes (the host's memory when the container has none).
    std::uint64_t limit = 0;
    /// JSON `stats`: the cgroup's memory.stat counters: "cache", "total_inactive_file", ... on v1;
    /// "anon", "inactive_file", ... on v2.
    std::map<std::string, std::uint64_t> stats;
};

/// One block-I/O counter of one device.
struct BlkioStatEntry {
    /// JSON `major`: device major number.
    std::uint64_t major = 0;
    /// JSON `minor`: device minor number.
    std::uint64_t minor = 0;
    /// JSON `op`: "Read", "Write", "Sync", "Async", "Total" (cgroup v1); "read", "write" (v2).
    std::string op;
    /// JSON `value`: bytes or operations, depending on the list the entry is in.
    std::uint64_t value = 0;
};

/// Block-I/O counters of one sample (ContainerStats.blkio_stats).
/// Only io_service_bytes_recursive is filled on cgroup v2; the other lists are in ContainerStats::raw.
struct BlkioStats {
    /// JSON `io_service_bytes_recursive`: bytes moved, per device and operation.
    std::vector<BlkioStatEntry> io_service_bytes_recursive;
    /// JSON `io_serviced_recursive`: operations done, per device and operation (cgroup v1 only).
    std::vector<BlkioStatEntry> io_serviced_recursive;
};

/// Process counts of one sample (ContainerStats.pids_stats).
struct PidsStats {
    /// JSON `current`: processes (and threads) in the container now.
    std::uint64_t current = 0;
    /// JSON `limit`: the most it may have; 0 when unlimited or not reported.
    std::uint64_t limit = 0;
};

/// Traffic counters of one network interface of the container, since it started.
struct NetworkStats {
    /// JSON `rx_bytes`: bytes received.
    std::uint64_t rx_bytes = 0;
    /// JSON `rx_packets`: packets received.
    std::uint64_t rx_packets = 0;
    /// JSON `rx_errors`: receive errors.
    std::uint64_t rx_errors = 0;
    /// JSON `rx_dropped`: incoming packets dropped.
    std::uint64_t rx_dropped = 0;
    /// JSON `tx_bytes`: bytes sent.
    std::uint64_t tx_bytes = 0;
    /// JSON `tx_packets`: packets sent.
    std::uint64_t tx_packets = 0;
    /// JSON `tx_errors`: send errors.
    std::uint64_t tx_errors = 0;
    /// JSON `tx_dropped`: outgoing packets dropped.
    std::uint64_t tx_dropped = 0;
};

/// One sample of a container's resource usage: an answer of GET /containers/{id}/stats,
/// or one line of its stream.
struct ContainerStats {
    /// JSON `name`: container name with the leading '/'.
    std::string name;
    /// JSON `id` (Podman: `Id`): full container ID.
    std::string id;
    /// JSON `read`: RFC 3339 time of this sample.
    std::string read;
    /// JSON `preread`: time of the previous sample (the one in precpu_stats); the zero time if none.
    std::string preread;
    /// JSON `cpu_stats`: CPU figures now.
    CpuStats cpu_stats;
    /// JSON `precpu_stats`: CPU figures of the previous sample; zeros if none.
    CpuStats precpu_stats;
    /// JSON `memory_stats`.
    MemoryStats memory_stats;
    /// JSON `blkio_stats`.
    BlkioStats blkio_stats;
    /// JSON `pids_stats`.
    PidsStats pids_stats;
    /// JSON `networks`: interface name ("eth0") → its counters; empty without a network.
    std::map<std::string, NetworkStats> networks;
    /// The whole sample as received, for keys this struct does not name.
    json raw;
};

template <class J, detail::if_json<J> = 0>
void from_json(const J& j, CpuUsage& u) {
    detail::read_field(j, "total_usage", u.total_usage);
    detail::read_field(j, "percpu_usage", u.percpu_usage);
    detail::read_field(j, "usage_in_kernelmode", u.usage_in_kernelmode);
    detail::read_field(j, "usage_in_usermode", u.usage_in_usermode);
}

template <class J, detail::if_json<J> = 0>
void from_json(const J& j, ThrottlingData& t) {
    detail::read_field(j, "periods", t.periods);
    detail::read_field(j, "throttled_periods", t.throttled_periods);
    detail::read_field(j, "throttled_time", t.throttled_time);
}

template <class J, detail::if_json<J> = 0>
void from_json(const J& j, CpuStats& c) {
    detail::read_field(j, "cpu_usage", c.cpu_usage);
    detail::read_field(j, "system_cpu_usage", c.system_cpu_usage);
    detail::read_field(j, "online_cpus", c.online_cpus);
    detail::read_field(j, "throttling_data", c.throttling_data);
}

template <class J, detail::if_json<J> = 0>
void from_json(const J& j, MemoryStats& m) {
    detail::read_field(j, "usage", m.usage);
    detail::read_field(j, "max_usage", m.max_usage);
    detail::read_field(j, "failcnt", m.failcnt);
    detail::read_field(j, "limit", m.limit);
    detail::read_field(j, "stats", m.stats);
}

template <class J, detail::if_json<J> = 0>
void from_json(const J& j, BlkioStatEntry& e) {
    detail::read_field(j, "major", e.major);
    detail::read_field(j, "minor", e.minor);
    detail::read_field(j, "op", e.op);
    detail::read_field(j, "value", e.value);
}

template <class J, detail::if_json<J> = 0>
void from_json(const J& j, BlkioStats& b) {
    detail::read_field(j, "io_service_bytes_recursive", b.io_service_bytes_recursive);
    detail::read_field(j, "io_serviced_recursive", b.io_serviced_recursive);
}

template <class J, detail::if_json<J> = 0>
void from_json(const J& j, PidsStats& p) {
    detail::read_field(j, "current", p.current);
    detail::read_field(j, "limit", p.limit);
}

template <class J, detail::if_json<J> = 0>
void from_json(const J& j, NetworkStats& n) {
    detail::read_field(j, "rx_bytes", n.rx_bytes);
    detail::read_field(j, "rx_packets", n.rx_packets);
    detail::read_field(j, "rx_errors", n.rx_errors);
    detail::read_field(j, "rx_dropped", n.rx_dropped);
    detail::read_field(j, "tx_bytes", n.tx_bytes);
    detail::read_field(j, "tx_packets", n.tx_packets);
    detail::read_field(j, "tx_errors", n.tx_errors);
    detail::read_field(j, "tx_dropped", n.tx_dropped);
}

template <class J, detail::if_json<J> = 0>
void from_json(const J& j, ContainerStats& s) {
    detail::read_field(j, "name", s.name);
    detail::read_field(j, "id", s.id);
    if (s.id.empty()) detail::read_field(j, "Id", s.id);  // Podman's spelling (Go decodes either)
    detail::read_field(j, "read", s.read);
    detail::read_field(j, "preread", s.preread);
    detail::read_field(j, "cpu_stats", s.cpu_stats);
    detail::read_field(j, "precpu_stats", s.precpu_stats);
    detail::read_field(j, "memory_stats", s.memory_stats);
    detail::read_field(j, "blkio_stats", s.blkio_stats);
    detail::read_field(j, "pids_stats", s.pids_stats);
    detail::read_field(j, "networks", s.networks);
    s.raw = j;
}

// The figures `docker stats` shows (Linux daemons), computed the way the docker CLI does.

/// CPU use since the previous sample, in percent of one CPU (so up to 100 × CPUs); 0 when
/// nothing moved. A sample without a previous one (one-shot, or a stream's first) has zeros
/// in precpu_stats, and then this is the container's share since it started, as the CLI shows.
inline double cpu_percent(const ContainerStats& s) {
    double cpu_delta = static_cast<double>(s.cpu_stats.cpu_usage.total_usage) -
                       static_cast<double>(s.precpu_stats.cpu_usage.total_usage);
    double system_delta =
        static_cast<double>(s.cpu_stats.system_cpu_usage) - static_cast<double>(s.precpu_stats.system_cpu_usage);
    // Daemons before API 1.27 did not report online_cpus; each CPU then had a percpu entry.
    double cpus = s.cpu_stats.online_cpus != 0 ? static_cast<double>(s.cpu_stats.online_cpus)
                                               : static_cast<double>(s.cpu_stats.cpu_usage.percpu_usage.size());
    if (cpu_delta > 0.0 && system_delta > 0.0) return cpu_delta / system_delta * cpus * 100.0;
    return 0.0;
}

/// Memory in use, in bytes, without the page cache the kernel can drop at will: usage minus the
/// inactive file pages (cgroup v1 "total_inactive_file", cgroup v2 "inactive_file").
inline std::uint64_t memory_used(const ContainerStats& s) {
    const auto& m = s.memory_stats;
    if (auto v1 = m.stats.find("total_inactive_file"); v1 != m.stats.end() && v1->second < m.usage)
        return m.usage - v1->second;
    if (auto v2 = m.stats.find("inactive_file"); v2 != m.stats.end() && v2->second < m.usage)
        return m.usage - v2->second;
    return m.usage;
}

/// memory_used() in percent of the limit (the host's memory when the container has none); 0 without a limit.
inline double memory_percent(const ContainerStats& s) {
    if (s.memory_stats.limit == 0) return 0.0;
    return static_cast<double>(memory_used(s)) / static_cast<double>(s.memory_stats.limit) * 100.0;
}

/// Block I/O of a container summed over its devices (what block_io() returns).
struct BlockIo {
    /// Bytes read.
    std::uint64_t read = 0;
    /// Bytes written.
    std::uint64_t write = 0;
};

/// Bytes read and written, summed over devices.
inline BlockIo block_io(const ContainerStats& s) {
    BlockIo io;
    for (const auto& entry : s.blkio_stats.io_service_bytes_recursive) {
        std::string op;
        for (char c : entry.op) op += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (op == "read") io.read += entry.value;
        else if (op == "write") io.write += entry.value;
    }
    return io;
}

/// Network traffic of a container summed over its interfaces (what network_io() returns).
struct NetworkIo {
    /// Bytes received.
    std::uint64_t rx_bytes = 0;
    /// Bytes sent.
    std::uint64_t tx_bytes = 0;
};

/// Bytes received and sent, summed over interfaces.
inline NetworkIo network_io(const ContainerStats& s) {
    NetworkIo io;
    for (const auto& entry : s.networks) {
        io.rx_bytes += entry.second.rx_bytes;
        io.tx_bytes += entry.second.tx_bytes;
    }
    return io;
}

}  // namespace docker
