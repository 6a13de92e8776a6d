// Built against an installed docker-cpp: proves the package exports a usable target.
#include <docker/docker.hpp>

#include <iostream>

int main() {
    docker::Endpoint endpoint = docker::Endpoint::parse("unix:///var/run/docker.sock");
    docker::http::Query query;
    query.add("all", true);
    std::cout << "docker-cpp " << docker::library_version << " endpoint " << endpoint.to_string()
              << " query " << query.str() << "\n";
    return endpoint.path == "/var/run/docker.sock" && query.str() == "?all=1" ? 0 : 1;
}
