// Exec: run a command inside a running container, feed it stdin, and collect its stdout,
// stderr and exit code — what `docker exec -i` does.
//
// The daemon comes from DOCKER_HOST (default unix:///var/run/docker.sock); the image from
// EXAMPLE_IMAGE (default busybox:latest, which must be present: this example pulls nothing).

#include <docker/docker.hpp>

#include <cstdlib>
#include <iostream>
#include <string>

int main() {
    const char* image_env = std::getenv("EXAMPLE_IMAGE");
    std::string image = image_env && *image_env ? image_env : "busybox:latest";

    try {
        docker::Client client;

        docker::ContainerConfig config;
        config.image = image;
        config.cmd = {"sleep", "300"};
        config.labels = {{"example", "exec"}};
        auto created = client.containers().create(config);
        std::cout << "container: " << created.id.substr(0, 12) << " (" << image << ")\n";

        int status = 0;
        try {
            client.containers().start(created.id);

            docker::ExecRunOptions options;
            options.input = "piped input\n";
            auto result = client.exec().run(created.id, {"sh", "-c", "echo hello from exec; cat"}, options);
            std::cout << "stdout:    " << result.out;
            std::cout << "stderr:    " << (result.err.empty() ? "(empty)\n" : result.err);
            std::cout << "exit code: " << result.exit_code << "\n";
            if (result.exit_code != 0 || result.out != "hello from exec\npiped input\n") status = 1;
        } catch (...) {
            docker::RemoveContainerOptions force;
            force.force = true;
            client.containers().remove(created.id, force);
            throw;
        }

        docker::RemoveContainerOptions remove;
        remove.force = true;
        client.containers().remove(created.id, remove);
        std::cout << "removed:   " << created.id.substr(0, 12) << "\n";
        return status;
    } catch (const docker::Error& e) {
        std::cerr << "exec example failed: " << e.what() << "\n";
        return 1;
    }
}
