#pragma once
/// @file
/// How to reach the daemon beyond its address: TLS settings for tcp:// and ssh settings for
/// ssh://. Plain data, usable without OpenSSL; transport/connector.hpp acts on it.

#include <string>
#include <vector>

namespace docker {

/// TLS for a tcp:// daemon, as the docker CLI's --tls/--tlsverify/--tlscacert/--tlscert/--tlskey.
struct TlsOptions {
    /// Check the daemon's certificate against ca_file (or the system's CAs when ca_file is
    /// empty) and its host name or IP address. Off: encrypted but unauthenticated (DOCKER_TLS).
    bool verify = true;
    std::string ca_file;    ///< PEM CA bundle
    std::string cert_file;  ///< PEM client certificate (chain); empty: no client certificate
    std::string key_file;   ///< PEM private key of cert_file
    std::string server_name;  ///< name to verify and send as SNI; empty: the endpoint's host
};

/// ssh:// daemons: a child `ssh [options] [-l user] [-p port] -- host docker system dial-stdio`.
struct SshOptions {
    std::string program = "ssh";       ///< looked up in PATH
    std::vector<std::string> options;  ///< extra arguments before the host, e.g. {"-i", "key", "-o", "BatchMode=yes"}
};

}  // namespace docker
