#pragma once
// A call or request field newer than the negotiated API version is refused before anything
// is sent: docker::UnsupportedApiVersion names what needs which version, and the one in use.

#include <string>

#include "docker/client.hpp"
#include "docker/error.hpp"

namespace docker {

class UnsupportedApiVersion : public Error {
public:
    UnsupportedApiVersion(std::string what, std::string required, std::string in_use)
        : Error(what + " needs API " + required + ", the client uses " + in_use),
          what_(std::move(what)),
          required_(std::move(required)),
          in_use_(std::move(in_use)) {}
    const std::string& feature() const noexcept { return what_; }  // the operation or field
    const std::string& required_version() const noexcept { return required_; }
    const std::string& api_version() const noexcept { return in_use_; }

private:
    std::string what_;
    std::string required_;
    std::string in_use_;
};

namespace detail {

// `what` is an operationId, or "OperationId parameter name" for a query parameter.
inline void require_api_version(Client& client, const char* version, const std::string& what) {
    std::string in_use = client.api_version();
    if (version_less(in_use, version)) throw UnsupportedApiVersion(what, version, in_use);
}

}  // namespace detail

}  // namespace docker
