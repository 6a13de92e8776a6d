#pragma once
/// @file
/// What a non-blocking step of a stream returns, for event loops (epoll, Asio, libuv, Qt):
/// every stream has native_handle() (the fd to watch), pending() (bytes already here that the
/// fd will not announce again) and a try_… step that never blocks.
///
/// The loop: when the fd is readable, or pending() > 0, call the step until it says
/// would_block (or ended); then wait on the fd again.

namespace docker {

/// What a non-blocking try_next...() call did.
enum class PollResult {
    ready,        ///< a value (piece, frame, event) was handed out
    would_block,  ///< nothing more without waiting: wait until the fd is readable
    ended,        ///< the stream is over
};

}  // namespace docker
