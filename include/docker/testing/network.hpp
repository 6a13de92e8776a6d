#pragma once
// docker::testing::Network: a user-defined bridge network for a test, owned by the handle
// and removed with it. Containers on it reach each other by their aliases:
//
//   auto net = docker::testing::Network::create(client);
//   server_spec.with_network(net.name(), {"db"});   // clients on net.name() connect to "db"

#include <map>
#include <memory>
#include <optional>
#include <string>

#include "docker/api/networks.hpp"
#include "docker/client.hpp"
#include "docker/detail/compiled_mode.hpp"
#include "docker/testing/reaper.hpp"
#include "docker/testing/session.hpp"

namespace docker::testing {

/// What Network::create makes.
struct NetworkSpec {
    /// Network name; empty: a name unique to the session.
    std::string name;
    /// Driver; empty: "bridge".
    std::string driver;
    /// Network labels; the session labels are added.
    std::map<std::string, std::string> labels;
    /// Address pool in CIDR form ("10.77.0.0/24"); unset: the daemon picks one.
    std::optional<std::string> subnet;
    /// Cut the network off from outside networks.
    bool internal = false;
};

/// A network for a test, owned: destroying the handle removes the network. Move-only.
class Network {
public:
    /// Creates the network with the session's labels, on a client of its own for the same
    /// daemon; throws what NetworksApi::create throws (an ApiError the daemon answered).
    DOCKER_CPP_INLINE static Network create(Client& client, const NetworkSpec& spec = {});

    /// Takes over the network; `other` then owns nothing.
    Network(Network&& other) noexcept = default;
    /// Removes the network held so far, then takes over `other`'s.
    Network& operator=(Network&& other) noexcept {
        if (this != &other) {
            remove_now();
            owned_ = std::move(other.owned_);
        }
        return *this;
    }
    Network(const Network&) = delete;
    Network& operator=(const Network&) = delete;

    /// Removes the network; one still in use (a container outlived it) is reported through
    /// the clean-up hook and left to the reaper.
    ~Network() { remove_now(); }

    /// The network's ID; empty after release() or a move.
    const std::string& id() const noexcept { return owned_.id; }
    /// The network's name, to pass to ContainerSpec::with_network.
    const std::string& name() const noexcept { return owned_.name; }
    /// Inspects the network now.
    NetworkInspect inspect() const { return owned_.client->networks().inspect(owned_.id); }

    /// Keeps the network after the handle (until the reaper sees the session end); returns its ID.
    DOCKER_CPP_INLINE std::string release() noexcept;

private:
    Network(std::shared_ptr<Client> client, std::string id, std::string name)
        : owned_(std::move(client), std::move(id), std::move(name)) {}

    DOCKER_CPP_INLINE void remove_now() noexcept;

    detail::OwnedObject owned_;
};

#if DOCKER_CPP_BODIES
DOCKER_CPP_INLINE Network Network::create(Client& client, const NetworkSpec& spec) {
    ClientOptions options = client.options();
    options.host = client.endpoint().to_string();
    auto own = std::make_shared<Client>(options);
    ensure_reaper(*own);
    NetworkCreateRequest request;
    request.name = spec.name.empty() ? session_unique_name("dcpp-net") : spec.name;
    if (!spec.driver.empty()) request.driver = spec.driver;
    request.labels = spec.labels;
    for (const auto& [key, value] : session_labels()) request.labels[key] = value;
    if (spec.internal) request.internal = true;
    if (spec.subnet) {
        IPAMConfig pool;
        pool.subnet = spec.subnet;
        IPAM ipam;
        ipam.config = {pool};
        request.ipam = ipam;
    }
    std::string id = own->networks().create(request).id;
    return Network(own, id, request.name);
}

DOCKER_CPP_INLINE std::string Network::release() noexcept {
    std::string id = std::move(owned_.id);
    owned_.id.clear();
    return id;
}

DOCKER_CPP_INLINE void Network::remove_now() noexcept {
    if (owned_.id.empty() || !owned_.client) return;
    try {
        owned_.client->networks().remove(owned_.id);
    } catch (const NotFound&) {
    } catch (const std::exception& e) {
        detail::report_cleanup_failure("network " + owned_.name + ": " + e.what());
    }
    owned_.id.clear();
}
#endif

}  // namespace docker::testing
