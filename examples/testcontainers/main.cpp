// A real service for a test: Redis, from an image built offline out of the host's
// redis-server, started with a log wait and a port wait, then spoken to over TCP.
//
//   DOCKER_HOST=unix:///path/to/docker.sock ./testcontainers

#include "redis.hpp"

#include <iostream>

int main() try {
    docker::Client client;
    std::string image = redis_example::ensure_redis_image(client);

    auto redis = docker::testing::Container::start(client, redis_example::redis_spec(image));
    std::cout << "redis " << redis.name() << " ready at " << redis.host() << ":" << redis.mapped_port("6379") << "\n";

    redis_example::Resp resp(redis.host(), redis.mapped_port("6379"));
    std::string pong = resp.command({"PING"});
    std::string set = resp.command({"SET", "greeting", "hello from C++"});
    std::string got = resp.command({"GET", "greeting"});
    std::cout << "PING -> " << pong << "\nSET -> " << set << "\nGET -> " << got << "\n";
    if (pong != "+PONG" || set != "+OK" || got != "hello from C++") {
        std::cerr << "unexpected answers from redis\n";
        return 1;
    }
    return 0;  // the handle removes the container
} catch (const std::exception& e) {
    std::cerr << "testcontainers example: " << e.what() << "\n";
    return 1;
}
