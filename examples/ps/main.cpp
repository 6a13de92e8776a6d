// ps: the containers as a table, like `docker ps` (-a: stopped ones too).
//
//   ps [-a]
//
// The daemon comes from DOCKER_HOST (default unix:///var/run/docker.sock).

#include <docker/docker.hpp>

#include <chrono>
#include <cstring>
#include <iomanip>
#include <iostream>
#include <string>

namespace {

// "3 minutes ago", as the CLI words it.
std::string ago(std::int64_t unix_seconds) {
    auto now = std::chrono::duration_cast<std::chrono::seconds>(
                   std::chrono::system_clock::now().time_since_epoch())
                   .count();
    std::int64_t s = now - unix_seconds;
    if (s < 60) return "Less than a minute ago";
    if (s < 3600) return std::to_string(s / 60) + " minutes ago";
    if (s < 86400) return std::to_string(s / 3600) + " hours ago";
    return std::to_string(s / 86400) + " days ago";
}

// Cut to `width` characters, marking the cut with "...".
std::string fit(const std::string& text, std::size_t width) {
    return text.size() <= width ? text : text.substr(0, width - 3) + "...";
}

std::string ports(const docker::ContainerSummary& c) {
    std::string out;
    for (const auto& p : c.ports) {
        if (!out.empty()) out += ", ";
        if (p.public_port) out += (p.ip.empty() ? "" : p.ip + ":") + std::to_string(p.public_port) + "->";
        out += std::to_string(p.private_port) + "/" + p.type;
    }
    return out;
}

std::string names(const docker::ContainerSummary& c) {
    std::string out;
    for (const auto& n : c.names) out += (out.empty() ? "" : ",") + (n.rfind('/', 0) == 0 ? n.substr(1) : n);
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    docker::ContainerListOptions options;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "-a") == 0 || std::strcmp(argv[i], "--all") == 0) {
            options.all = true;
        } else {
            std::cerr << "usage: ps [-a]\n";
            return 2;
        }
    }
    try {
        docker::Client client;
        auto containers = client.containers().list(options);
        std::cout << std::left << std::setw(15) << "CONTAINER ID" << std::setw(20) << "IMAGE" << std::setw(24)
                  << "COMMAND" << std::setw(24) << "CREATED" << std::setw(28) << "STATUS" << std::setw(20) << "PORTS"
                  << "NAMES\n";
        for (const auto& c : containers) {
            std::cout << std::setw(15) << c.id.substr(0, 12) << std::setw(20) << fit(c.image, 19) << std::setw(24)
                      << fit("\"" + c.command + "\"", 23) << std::setw(24) << ago(c.created) << std::setw(28)
                      << fit(c.status, 27) << std::setw(20) << fit(ports(c), 19) << names(c) << '\n';
        }
        return 0;
    } catch (const docker::Error& e) {
        std::cerr << "ps: " << e.what() << '\n';
        return 1;
    }
}
