#pragma once
// Follows the logs and stats of many containers, plus the daemon's events, in one thread
// with epoll: every stream gives its fd (native_handle()), bytes already buffered
// (pending()) and a step that never blocks (try_next_piece(), try_next()). Used by
// examples/epoll/main.cpp and tests/integration/epoll_test.cpp.

#include <sys/epoll.h>
#include <unistd.h>

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <docker/docker.hpp>

namespace docker::example {

class EpollFollower {
public:
    struct Followed {
        std::string id;
        LogStream logs;
        StatsStream stats;
        std::size_t log_bytes = 0;
        std::size_t stats_samples = 0;
        bool logs_ended = false;
        bool stats_ended = false;
    };

    explicit EpollFollower(EventStream events) : events_(std::move(events)), epoll_(::epoll_create1(EPOLL_CLOEXEC)) {
        if (epoll_ < 0) throw std::runtime_error("epoll_create1 failed");
        watch(events_.source().native_handle(), 0);
    }
    ~EpollFollower() { ::close(epoll_); }
    EpollFollower(const EpollFollower&) = delete;
    EpollFollower& operator=(const EpollFollower&) = delete;

    void follow(std::string id, LogStream logs, StatsStream stats) {
        followed_.push_back(std::make_unique<Followed>(Followed{std::move(id), std::move(logs), std::move(stats)}));
        std::size_t index = followed_.size();
        watch(followed_.back()->logs.source().native_handle(), index * 2);
        watch(followed_.back()->stats.source().native_handle(), index * 2 + 1);
    }

    // Runs the loop until `done()` says so or `limit` passes; false on the limit. The only
    // place the thread waits is epoll_wait.
    bool run(const std::function<bool()>& done, std::chrono::milliseconds limit) {
        auto end = std::chrono::steady_clock::now() + limit;
        epoll_event ready[64];
        while (!done()) {
            auto left = std::chrono::duration_cast<std::chrono::milliseconds>(end - std::chrono::steady_clock::now());
            if (left.count() <= 0) return false;
            int n = ::epoll_wait(epoll_, ready, 64, static_cast<int>(std::min<long long>(left.count(), 200)));
            for (int i = 0; i < n; ++i) drain(ready[i].data.u64);
        }
        return true;
    }

    const std::vector<std::unique_ptr<Followed>>& followed() const { return followed_; }
    std::size_t events_seen() const { return events_seen_; }
    std::size_t would_block_steps() const { return would_block_; }
    // The longest a single non-blocking step took (steps never wait for the daemon).
    std::chrono::nanoseconds longest_step() const { return longest_step_; }

private:
    void watch(int fd, std::uint64_t tag) {
        epoll_event e{};
        e.events = EPOLLIN;
        e.data.u64 = tag;
        if (fd < 0 || ::epoll_ctl(epoll_, EPOLL_CTL_ADD, fd, &e) != 0) throw std::runtime_error("epoll_ctl failed");
    }

    void unwatch(int fd) { ::epoll_ctl(epoll_, EPOLL_CTL_DEL, fd, nullptr); }

    template <class Step>
    PollResult timed(Step&& step) {
        auto start = std::chrono::steady_clock::now();
        PollResult r = step();
        auto took = std::chrono::steady_clock::now() - start;
        if (took > longest_step_) longest_step_ = took;
        if (r == PollResult::would_block) ++would_block_;
        return r;
    }

    // Takes everything that can be had without waiting.
    void drain(std::uint64_t tag) {
        if (tag == 0) {
            EventMessage event;
            PollResult r;
            while ((r = timed([&] { return events_.try_next(event); })) == PollResult::ready) ++events_seen_;
            if (r == PollResult::ended) unwatch(events_.source().native_handle());
            return;
        }
        Followed& f = *followed_[tag / 2 - 1];
        if (tag % 2 == 0) {
            LogPiece piece;
            PollResult r;
            while ((r = timed([&] { return f.logs.try_next_piece(piece); })) == PollResult::ready)
                f.log_bytes += piece.data.size();
            if (r == PollResult::ended && !f.logs_ended) {
                f.logs_ended = true;
                unwatch(f.logs.source().native_handle());
            }
        } else {
            ContainerStats sample;
            PollResult r;
            while ((r = timed([&] { return f.stats.try_next(sample); })) == PollResult::ready) ++f.stats_samples;
            if (r == PollResult::ended && !f.stats_ended) {
                f.stats_ended = true;
                unwatch(f.stats.source().native_handle());
            }
        }
    }

    EventStream events_;
    int epoll_;
    std::vector<std::unique_ptr<Followed>> followed_;
    std::size_t events_seen_ = 0;
    std::size_t would_block_ = 0;
    std::chrono::nanoseconds longest_step_{0};
};

}  // namespace docker::example
