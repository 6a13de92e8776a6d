// Built with -DDOCKER_CPP_COMPILED next to implementation.cpp: links only if that file holds
// the client core, the endpoint groups' calls and the generated models' conversions, then runs
// one of each.
#include <docker/docker.hpp>

#include <iostream>

int main() {
    int failures = 0;
    docker::model::ContainerCreateRequest request;
    request.image = "busybox";
    if (docker::json(request).value("Image", "") != "busybox") ++failures;

    docker::ClientOptions options;
    options.host = "unix:///nonexistent/docker-cpp-package-test.sock";
    try {
        docker::Client client(options);
        client.containers().inspect("x");
        ++failures;  // no daemon there: the call must fail
    } catch (const docker::ConnectionError& e) {
        std::cout << "inspect without a daemon: " << e.what() << '\n';
    }
    std::cout << "compiled mode " << (failures ? "FAILED" : "ok") << '\n';
    return failures ? 1 : 0;
}
