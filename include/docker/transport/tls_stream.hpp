#pragma once
/// @file
/// TLS over a TCP socket with OpenSSL (built only with DOCKER_CPP_OPENSSL): certificate and
/// host-name verification, client certificates, TLS 1.2 or newer, SNI. A byte stream like any
/// other, so the HTTP layer, the pool and hijacked streams never know it is there.

#include "docker/detail/compiled_mode.hpp"
#include "docker/error.hpp"
#include "docker/transport/endpoint.hpp"
#include "docker/transport/socket.hpp"
#include "docker/transport/stream.hpp"
#include "docker/transport/transport_options.hpp"

// Without OpenSSL this header declares nothing (Connector then refuses TLS settings).
#ifdef DOCKER_CPP_OPENSSL

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <arpa/inet.h>
#include <fcntl.h>

#include <algorithm>
#include <memory>
#include <mutex>
#include <string>


namespace docker::transport {

namespace detail {

// Everything on this thread's OpenSSL error queue, as text (and the queue emptied).
DOCKER_CPP_INLINE std::string openssl_errors();

DOCKER_CPP_INLINE bool is_ip_address(const std::string& host);

#if DOCKER_CPP_BODIES
DOCKER_CPP_INLINE std::string openssl_errors() {
    std::string text;
    while (unsigned long code = ERR_get_error()) {
        char buffer[256];
        ERR_error_string_n(code, buffer, sizeof buffer);
        if (!text.empty()) text += "; ";
        text += buffer;
    }
    return text;
}

DOCKER_CPP_INLINE bool is_ip_address(const std::string& host) {
    unsigned char buffer[16];
    return ::inet_pton(AF_INET, host.c_str(), buffer) == 1 || ::inet_pton(AF_INET6, host.c_str(), buffer) == 1;
}
#endif

}  // namespace detail

/// The settings of every connection to one daemon: loaded once (certificates, key, CAs), shared
/// by all its connections.
class TlsContext {
public:
    /// Loads what `options` name (CA bundle, client certificate and key) and checks that the
    /// key matches the certificate; ConfigError for a missing, unreadable or bad file.
    DOCKER_CPP_INLINE explicit TlsContext(const TlsOptions& options);

    SSL_CTX* get() const noexcept { return ctx_.get(); }  ///< the OpenSSL context
    const TlsOptions& options() const noexcept { return options_; }  ///< as given

private:
    DOCKER_CPP_INLINE static void require_file(const std::string& path, const char* what);

    struct Free {
        void operator()(SSL_CTX* ctx) const noexcept { SSL_CTX_free(ctx); }
    };
    TlsOptions options_;
    std::unique_ptr<SSL_CTX, Free> ctx_;
};

#if DOCKER_CPP_BODIES
DOCKER_CPP_INLINE TlsContext::TlsContext(const TlsOptions& options) : options_(options) {
    ERR_clear_error();
    ctx_.reset(SSL_CTX_new(TLS_client_method()));
    if (!ctx_) throw ConfigError("cannot create a TLS context: " + detail::openssl_errors());
    SSL_CTX_set_min_proto_version(ctx_.get(), TLS1_2_VERSION);
    // A daemon that closes without close_notify ends the stream; HTTP framing tells a
    // complete answer from a cut one.
    SSL_CTX_set_options(ctx_.get(), SSL_OP_IGNORE_UNEXPECTED_EOF);
    SSL_CTX_set_mode(ctx_.get(), SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
    if (options.verify) {
        SSL_CTX_set_verify(ctx_.get(), SSL_VERIFY_PEER, nullptr);
        if (!options.ca_file.empty()) {
            require_file(options.ca_file, "CA certificate");
            if (SSL_CTX_load_verify_locations(ctx_.get(), options.ca_file.c_str(), nullptr) != 1)
                throw ConfigError("cannot load the CA certificate '" + options.ca_file +
                                  "': " + detail::openssl_errors());
        } else if (SSL_CTX_set_default_verify_paths(ctx_.get()) != 1) {
            throw ConfigError("cannot load the system's CA certificates: " + detail::openssl_errors());
        }
    } else {
        SSL_CTX_set_verify(ctx_.get(), SSL_VERIFY_NONE, nullptr);
    }
    if (options.cert_file.empty() != options.key_file.empty())
        throw ConfigError("a TLS client certificate needs both a certificate and a key file (got only the " +
                          std::string(options.cert_file.empty() ? "key '" + options.key_file
                                                                : "certificate '" + options.cert_file) +
                          "')");
    if (!options.cert_file.empty()) {
        require_file(options.cert_file, "client certificate");
        require_file(options.key_file, "client key");
        if (SSL_CTX_use_certificate_chain_file(ctx_.get(), options.cert_file.c_str()) != 1)
            throw ConfigError("cannot load the client certificate '" + options.cert_file +
                              "': " + detail::openssl_errors());
        // The key's text never goes into a message: only its path and OpenSSL's reason.
        if (SSL_CTX_use_PrivateKey_file(ctx_.get(), options.key_file.c_str(), SSL_FILETYPE_PEM) != 1)
            throw ConfigError("cannot load the client key '" + options.key_file + "': " + detail::openssl_errors());
        if (SSL_CTX_check_private_key(ctx_.get()) != 1)
            throw ConfigError("the client key '" + options.key_file + "' does not match the certificate '" +
                              options.cert_file + "'");
    }
}

DOCKER_CPP_INLINE void TlsContext::require_file(const std::string& path, const char* what) {
    if (::access(path.c_str(), R_OK) != 0) {
        int err = errno;
        throw ConfigError(std::string("cannot read the TLS ") + what + " '" + path +
                          "': " + docker::detail::errno_text(err));
    }
}
#endif

/// One TLS connection to the daemon, as a Stream.
class TlsStream final : public Stream {
public:
    /// Connects over TCP and completes the handshake within `timeout`. ConnectionError when
    /// the TCP connect fails; TlsError when the handshake or the verification does;
    /// TimeoutError when the handshake takes longer than `timeout`.
    DOCKER_CPP_INLINE static std::unique_ptr<TlsStream> connect(const Endpoint& endpoint,
                                                                std::shared_ptr<const TlsContext> context,
                                                                Timeout timeout);

    /// No close_notify on destruction: a stream cut midway must not look like a clean end,
    /// and a dead peer must not make a destructor wait.
    ~TlsStream() override = default;
    TlsStream(const TlsStream&) = delete;
    TlsStream& operator=(const TlsStream&) = delete;

    DOCKER_CPP_INLINE std::size_t read_some(char* buffer, std::size_t size, Timeout timeout) override;

    DOCKER_CPP_INLINE void write_all(const char* data, std::size_t size, Timeout timeout) override;

    /// Half-close: close_notify tells the daemon "end of input" (Go's tls.Conn.CloseWrite);
    /// reading its answer goes on.
    DOCKER_CPP_INLINE void shutdown_write() override;

    /// Cancellation from another thread: the socket alone, no call into the SSL object.
    DOCKER_CPP_INLINE void shutdown_both() noexcept override;

    DOCKER_CPP_INLINE bool unusable_while_idle() override;

    std::string describe() const override { return description_; }
    int native_handle() const noexcept override { return socket_->native_handle(); }

private:
    DOCKER_CPP_INLINE TlsStream(std::unique_ptr<Socket> socket, std::shared_ptr<const TlsContext> context,
                                const Endpoint& endpoint, Timeout timeout);

    DOCKER_CPP_INLINE void handshake(const std::string& name, Timeout timeout);

    static constexpr int read_buffer_size = 64 * 1024;

    // Received bytes not yet returned, in OpenSSL or in the buffer BIO (a record, part of one,
    // or decrypted data): more can be read without waiting for the socket. Holds mutex_.
    DOCKER_CPP_INLINE bool buffered_locked() const;

    static bool wait_for(int fd, short events, Timeout timeout) { return detail::wait_for(fd, events, timeout); }

    DOCKER_CPP_INLINE void wait(int error, Timeout timeout, const char* what);

    DOCKER_CPP_INLINE static std::string failure_text(int error, const std::string& reason);

    std::unique_ptr<Socket> socket_;
    std::shared_ptr<const TlsContext> context_;
    std::string description_;
    struct Free {
        void operator()(SSL* ssl) const noexcept { SSL_free(ssl); }
    };
    std::unique_ptr<SSL, Free> ssl_;
    std::mutex mutex_;
    std::atomic<bool> shut_down_{false};
};

#if DOCKER_CPP_BODIES
DOCKER_CPP_INLINE std::unique_ptr<TlsStream> TlsStream::connect(const Endpoint& endpoint,
                                                                std::shared_ptr<const TlsContext> context,
                                                                Timeout timeout) {
    auto socket = Socket::connect(endpoint, timeout);
    return std::unique_ptr<TlsStream>(new TlsStream(std::move(socket), std::move(context), endpoint, timeout));
}

DOCKER_CPP_INLINE std::size_t TlsStream::read_some(char* buffer, std::size_t size, Timeout timeout) {
    int want = static_cast<int>(size > (1u << 30) ? (1u << 30) : size);
    for (;;) {
        int n = 0, error = 0;
        std::string reason;
        {
            // One SSL object, two threads (an attached stream's reader and stdin writer):
            // every call into it is serialised; the waits for the socket are not.
            std::lock_guard<std::mutex> lock(mutex_);
            ERR_clear_error();
            n = SSL_read(ssl_.get(), buffer, want);
            if (n > 0) {
                // Records already decrypted or buffered fill the rest of the caller's buffer
                // without a syscall: one record is at most 16 KiB.
                std::size_t total = static_cast<std::size_t>(n);
                while (total < size && buffered_locked()) {
                    int more = SSL_read(ssl_.get(), buffer + total, static_cast<int>(std::min<std::size_t>(size - total, 1u << 30)));
                    if (more <= 0) {
                        ERR_clear_error();
                        break;
                    }
                    total += static_cast<std::size_t>(more);
                }
                return total;
            }
            error = SSL_get_error(ssl_.get(), n);
            if (error == SSL_ERROR_SSL || error == SSL_ERROR_SYSCALL) reason = detail::openssl_errors();
        }
        if (error == SSL_ERROR_ZERO_RETURN) return 0;  // close_notify
        if (error == SSL_ERROR_WANT_READ || error == SSL_ERROR_WANT_WRITE) {
            wait(error, timeout, "read from");
            continue;
        }
        if (error == SSL_ERROR_SYSCALL && reason.empty() && errno == 0) return 0;  // bare EOF
        if (shut_down_) return 0;
        throw TlsError(description_, "TLS read from " + description_ + " failed: " + failure_text(error, reason));
    }
}

DOCKER_CPP_INLINE void TlsStream::write_all(const char* data, std::size_t size, Timeout timeout) {
    while (size > 0) {
        int chunk = static_cast<int>(size > (1u << 30) ? (1u << 30) : size);
        int n = 0, error = 0;
        std::string reason;
        {
            std::lock_guard<std::mutex> lock(mutex_);
            ERR_clear_error();
            n = SSL_write(ssl_.get(), data, chunk);
            if (n <= 0) {
                error = SSL_get_error(ssl_.get(), n);
                if (error == SSL_ERROR_SSL || error == SSL_ERROR_SYSCALL) reason = detail::openssl_errors();
            }
        }
        if (n > 0) {
            data += n;
            size -= static_cast<std::size_t>(n);
            continue;
        }
        if (error == SSL_ERROR_WANT_READ || error == SSL_ERROR_WANT_WRITE) {
            wait(error, timeout, "write to");
            continue;
        }
        throw ConnectionError(description_, "TLS write to " + description_ + " failed: " + failure_text(error, reason));
    }
}

DOCKER_CPP_INLINE void TlsStream::shutdown_write() {
    for (int round = 0; round < 100; ++round) {
        int error = 0;
        {
            std::lock_guard<std::mutex> lock(mutex_);
            ERR_clear_error();
            int r = SSL_shutdown(ssl_.get());
            if (r >= 0) break;  // sent (0: the peer's close_notify is still to come)
            error = SSL_get_error(ssl_.get(), r);
            ERR_clear_error();
        }
        if (error != SSL_ERROR_WANT_WRITE && error != SSL_ERROR_WANT_READ) break;
        if (!wait_for(socket_->native_handle(), POLLOUT, std::chrono::seconds(10))) break;
    }
    socket_->shutdown_write();
}

DOCKER_CPP_INLINE void TlsStream::shutdown_both() noexcept {
    shut_down_ = true;
    socket_->shutdown_both();
}

DOCKER_CPP_INLINE bool TlsStream::unusable_while_idle() {
    std::lock_guard<std::mutex> lock(mutex_);
    if (SSL_pending(ssl_.get()) > 0) return true;  // decrypted bytes nobody asked for
    if (!buffered_locked()) {
        pollfd p{socket_->native_handle(), POLLIN, 0};
        if (::poll(&p, 1, 0) == 0) return false;
    }
    // Bytes arrived: a session ticket is harmless, data or close_notify is not.
    char byte;
    ERR_clear_error();
    int n = SSL_peek(ssl_.get(), &byte, 1);
    if (n > 0) return true;
    int error = SSL_get_error(ssl_.get(), n);
    ERR_clear_error();
    return error != SSL_ERROR_WANT_READ;
}

DOCKER_CPP_INLINE TlsStream::TlsStream(std::unique_ptr<Socket> socket, std::shared_ptr<const TlsContext> context,
                                       const Endpoint& endpoint, Timeout timeout)
    : socket_(std::move(socket)), context_(std::move(context)), description_(socket_->describe()) {
    ERR_clear_error();
    ssl_.reset(SSL_new(context_->get()));
    if (!ssl_) throw TlsError(description_, "cannot create a TLS session: " + detail::openssl_errors());
    const TlsOptions& options = context_->options();
    const std::string& name = options.server_name.empty() ? endpoint.host : options.server_name;
    bool ip = detail::is_ip_address(name);
    // SNI carries host names only (RFC 6066); an address is checked against the IP SANs.
    if (!ip) SSL_set_tlsext_host_name(ssl_.get(), name.c_str());
    if (options.verify) {
        X509_VERIFY_PARAM* param = SSL_get0_param(ssl_.get());
        X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
        int set = ip ? X509_VERIFY_PARAM_set1_ip_asc(param, name.c_str()) : SSL_set1_host(ssl_.get(), name.c_str());
        if (set != 1) throw TlsError(description_, "cannot verify TLS host name '" + name + "'");
    }
    // OpenSSL's reads and writes never block: no call waits for the socket while holding
    // mutex_ (a reader waiting for the daemon must not hold up the stdin writer), and
    // every wait is a poll bounded by the caller's timeout (the socket's own reads are
    // bounded by SO_RCVTIMEO, which TLS does not use).
    int flags = ::fcntl(socket_->native_handle(), F_GETFL, 0);
    if (flags < 0 || ::fcntl(socket_->native_handle(), F_SETFL, flags | O_NONBLOCK) < 0) {
        int err = errno;
        throw TlsError(description_, "cannot make the socket to " + description_ +
                                         " non-blocking: " + docker::detail::errno_text(err));
    }
    // Reads go through a buffer BIO: one recv takes what the socket holds (several
    // records), and OpenSSL takes each record from memory. Not OpenSSL's read-ahead: with
    // it, OpenSSL moves the unread rest of its buffer to the front before every record
    // (1.5x the data for four records a read) and reads the tail of a record cut at the
    // buffer's end with a syscall of its own. Writes go to the socket directly.
    BIO* socket_bio = BIO_new_socket(socket_->native_handle(), BIO_NOCLOSE);
    BIO* buffered = BIO_new(BIO_f_buffer());
    if (!socket_bio || !buffered || BIO_set_read_buffer_size(buffered, read_buffer_size) != 1 ||
        BIO_up_ref(socket_bio) != 1) {
        BIO_free(buffered);
        BIO_free(socket_bio);
        throw TlsError(description_, "cannot attach TLS to the socket: " + detail::openssl_errors());
    }
    BIO_push(buffered, socket_bio);
    SSL_set_bio(ssl_.get(), buffered, socket_bio);  // owns one reference to each
    handshake(name, timeout);
}

DOCKER_CPP_INLINE void TlsStream::handshake(const std::string& name, Timeout timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        ERR_clear_error();
        int r = SSL_connect(ssl_.get());
        if (r == 1) return;
        int error = SSL_get_error(ssl_.get(), r);
        if (error == SSL_ERROR_WANT_READ || error == SSL_ERROR_WANT_WRITE) {
            auto left = std::chrono::duration_cast<Timeout>(deadline - std::chrono::steady_clock::now());
            if (timeout.count() > 0 && left.count() <= 0) left = Timeout(1);
            if (!wait_for(socket_->native_handle(), error == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT,
                          timeout.count() > 0 ? left : no_timeout))
                throw TimeoutError(description_, "TLS handshake with " + description_ + " timed out after " +
                                                     std::to_string(timeout.count()) + " ms");
            continue;
        }
        std::string reason = detail::openssl_errors();
        long verify = SSL_get_verify_result(ssl_.get());
        std::string head = "TLS handshake with " + description_ + " failed: ";
        if (verify != X509_V_OK) {
            std::string why = X509_verify_cert_error_string(verify);
            if (verify == X509_V_ERR_HOSTNAME_MISMATCH || verify == X509_V_ERR_IP_ADDRESS_MISMATCH)
                why += " (the certificate is not for '" + name + "')";
            throw TlsError(description_, head + "the server's certificate was rejected: " + why);
        }
        if (reason.find("wrong version number") != std::string::npos ||
            reason.find("packet length too long") != std::string::npos ||
            reason.find("record layer failure") != std::string::npos)
            throw TlsError(description_, head + "the server does not speak TLS (plain text on this port?): " +
                                             reason);
        if (reason.find("certificate required") != std::string::npos ||
            reason.find("bad certificate") != std::string::npos ||
            reason.find("unknown ca") != std::string::npos)
            throw TlsError(description_, head + "the server rejected our client certificate: " + reason);
        throw TlsError(description_, head + failure_text(error, reason));
    }
}

DOCKER_CPP_INLINE bool TlsStream::buffered_locked() const {
    return SSL_has_pending(ssl_.get()) == 1 || BIO_ctrl_pending(SSL_get_rbio(ssl_.get())) > 0;
}

DOCKER_CPP_INLINE void TlsStream::wait(int error, Timeout timeout, const char* what) {
    if (!wait_for(socket_->native_handle(), error == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT, timeout))
        throw TimeoutError(description_, std::string(what) + " " + description_ + " timed out after " +
                                             std::to_string(timeout.count()) + " ms");
}

DOCKER_CPP_INLINE std::string TlsStream::failure_text(int error, const std::string& reason) {
    if (!reason.empty()) return reason;
    if (error == SSL_ERROR_SYSCALL) {
        int err = errno;
        return err == 0 ? "connection closed" : docker::detail::errno_text(err);
    }
    return "OpenSSL error " + std::to_string(error);
}
#endif

}  // namespace docker::transport

#endif  // DOCKER_CPP_OPENSSL
