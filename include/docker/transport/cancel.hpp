#pragma once
/// @file
/// Cancelling a blocking call from another thread. A CancelToken is a shared flag plus the
/// byte streams that calls using it are blocked on: cancel() sets the flag and shuts those
/// streams down, which wakes a thread blocked in read_some or write_all at once (no polling
/// interval). The call then ends with docker::Cancelled, and its connection is closed, never
/// returned to the pool.

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

#include "docker/detail/compiled_mode.hpp"
#include "docker/transport/stream.hpp"

namespace docker {

/// A cancellation flag shared by copies, which CallOptions and the streaming calls take.
class CancelToken {
    struct State {
        std::mutex mutex;
        std::atomic<bool> cancelled{false};
        std::uint64_t next_id = 0;
        std::vector<std::pair<std::uint64_t, transport::Stream*>> streams;
    };

public:
    /// A fresh token, not cancelled. Copies share the flag: cancel any copy to cancel them all.
    DOCKER_CPP_INLINE CancelToken();

    /// Cancels every call using this token, now and later. Safe from any thread, any number of
    /// times; returns after each watched stream has been shut down.
    DOCKER_CPP_INLINE void cancel() noexcept;

    /// Has cancel() been called (on any copy)?
    bool cancelled() const noexcept { return state_->cancelled.load(std::memory_order_acquire); }

    /// While alive, cancel() shuts `stream` down. Made by watch(); ends when destroyed or
    /// reset(), which the owner of the stream does before the stream goes away.
    class Registration {
    public:
        Registration() = default;  ///< watches nothing
        /// Takes over the other's watch; `other` then watches nothing.
        Registration(Registration&& other) noexcept
            : state_(std::move(other.state_)), id_(other.id_) {}
        /// Ends this watch, then takes over the other's.
        DOCKER_CPP_INLINE Registration& operator=(Registration&& other) noexcept;
        Registration(const Registration&) = delete;
        Registration& operator=(const Registration&) = delete;
        ~Registration() { reset(); }

        /// Stops watching. After it returns, cancel() no longer touches the stream (it waits
        /// for a cancel() in progress to finish first).
        DOCKER_CPP_INLINE void reset() noexcept;

        /// Was the token cancelled (so the stream may have been shut down)?
        bool cancelled() const noexcept { return state_ && state_->cancelled.load(std::memory_order_acquire); }
        /// Is a stream being watched?
        explicit operator bool() const noexcept { return static_cast<bool>(state_); }

    private:
        friend class CancelToken;
        Registration(std::shared_ptr<State> state, std::uint64_t id) : state_(std::move(state)), id_(id) {}

        std::shared_ptr<State> state_;
        std::uint64_t id_ = 0;
    };

    /// Watches `stream` until the registration ends. When the token is already cancelled the
    /// stream is shut down at once, so the call fails at its first read or write.
    DOCKER_CPP_INLINE Registration watch(transport::Stream& stream) const;

private:
    std::shared_ptr<State> state_;
};

#if DOCKER_CPP_BODIES
DOCKER_CPP_INLINE CancelToken::CancelToken() : state_(std::make_shared<State>()) {}

DOCKER_CPP_INLINE void CancelToken::cancel() noexcept {
    std::lock_guard<std::mutex> lock(state_->mutex);
    state_->cancelled.store(true, std::memory_order_release);
    for (auto& watched : state_->streams) watched.second->shutdown_both();
}

DOCKER_CPP_INLINE CancelToken::Registration& CancelToken::Registration::operator=(Registration&& other) noexcept {
    if (this != &other) {
        reset();
        state_ = std::move(other.state_);
        id_ = other.id_;
    }
    return *this;
}

DOCKER_CPP_INLINE void CancelToken::Registration::reset() noexcept {
    if (!state_) return;
    {
        std::lock_guard<std::mutex> lock(state_->mutex);
        auto& streams = state_->streams;
        for (auto it = streams.begin(); it != streams.end(); ++it) {
            if (it->first == id_) {
                streams.erase(it);
                break;
            }
        }
    }
    state_.reset();
}

DOCKER_CPP_INLINE CancelToken::Registration CancelToken::watch(transport::Stream& stream) const {
    std::lock_guard<std::mutex> lock(state_->mutex);
    std::uint64_t id = ++state_->next_id;
    state_->streams.emplace_back(id, &stream);
    if (state_->cancelled.load(std::memory_order_relaxed)) stream.shutdown_both();
    return Registration(state_, id);
}
#endif

}  // namespace docker
