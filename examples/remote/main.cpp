// remote: the same program against any daemon the docker CLI reaches. The client is built
// exactly as `docker ps` picks its daemon: DOCKER_HOST (unix://, tcp:// with
// DOCKER_TLS_VERIFY/DOCKER_CERT_PATH, or ssh://), else DOCKER_CONTEXT, else the current
// context of `docker context use`, else the local socket. Registry credentials come from
// `docker login` (config.json, credsStore, credHelpers) when an image needs them.
//
//   DOCKER_HOST=tcp://host:2376 DOCKER_TLS_VERIFY=1 DOCKER_CERT_PATH=~/certs remote
//   DOCKER_HOST=ssh://me@build-host remote
//   DOCKER_CONTEXT=staging remote
//
// REMOTE_IMAGE names the image to run (default busybox:latest, pulled if missing).

#include <docker/docker.hpp>

#include <cstdlib>
#include <iostream>
#include <string>

int main() {
    const char* image_env = std::getenv("REMOTE_IMAGE");
    std::string image = image_env && *image_env ? image_env : "busybox:latest";
    try {
        docker::Client client = docker::Client::from_env();
        const auto& where = client.connection();
        std::cout << "daemon:  " << client.endpoint().to_string()
                  << (where.tls ? (where.tls->verify ? " (TLS, verified)" : " (TLS, not verified)") : "")
                  << (where.context.empty() ? "" : " from context '" + where.context + "'") << "\n";
        auto version = client.system().version();
        std::cout << "engine:  Docker " << version.version << " on " << version.os << "/" << version.arch << ", API "
                  << client.api_version() << "\n";

        try {
            client.images().inspect(image);
        } catch (const docker::NotFound&) {
            std::cout << "pull:    " << image << "\n";
            client.images().pull(image);  // credentials from `docker login`, if the registry wants them
        }

        docker::ContainerConfig config;
        config.image = image;
        config.cmd = {"sh", "-c", "echo hello from $(hostname); uname -sr"};
        auto created = client.containers().create(config);
        client.containers().start(created.id);
        auto status = client.containers().wait(created.id);
        auto output = client.containers().logs_text(created.id);
        docker::RemoveContainerOptions remove;
        remove.force = true;
        client.containers().remove(created.id, remove);
        std::cout << output.out << "exit:    " << status.status_code << "\n";
        return static_cast<int>(status.status_code);
    } catch (const docker::Error& e) {
        std::cerr << "remote: " << e.what() << "\n";
        return 1;
    }
}
