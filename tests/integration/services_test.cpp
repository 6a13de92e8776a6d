// The service and task endpoints against the real engine: a replicated busybox service from
// the local registry on a one-node swarm made by the test.

#include "support/catch.hpp"

#include "integration/engine.hpp"
#include "integration/swarm_support.hpp"

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

// A namespace per test file: test files are compiled in batches (unity build).
namespace integration_services_test {
using namespace docker;
using docker::test::SwarmCleanup;
using docker::test::eventually;

namespace {

// A service whose tasks print a greeting, then idle until stopped (PID 1 ignores SIGTERM
// unless it traps it, and every stop would wait out the grace period).
model::ServiceSpec greeter(const std::string& name) {
    model::ServiceSpec spec;
    spec.name = name;
    spec.labels = std::map<std::string, std::string>{{"dcpp.test", name}};
    auto& container = spec.task_template.container_spec;
    container.image = test::engine().registry + "/busybox:latest";
    container.command = std::vector<std::string>{
        "sh", "-c", "trap 'exit 0' TERM; echo \"greeting=${GREETING:-none}\"; while true; do sleep 1; done"};
    container.stop_grace_period = std::chrono::nanoseconds(std::chrono::seconds(5)).count();
    spec.mode.replicated.replicas = 1;
    return spec;
}

std::vector<model::Task> running_tasks(Client& client, const std::string& service_id) {
    TaskListOptions options;
    options.filters = {{"service", {service_id}}, {"desired-state", {"running"}}};
    auto tasks = client.tasks().list(options);
    tasks.erase(std::remove_if(tasks.begin(), tasks.end(),
                               [](const model::Task& t) { return t.status.state != model::TaskState::running; }),
                tasks.end());
    return tasks;
}

std::string read_all(LogStream stream) {
    std::string text;
    LogFrame frame;
    while (stream.next(frame)) text += frame.data;
    return text;
}

std::size_t count(const std::string& text, const std::string& part) {
    std::size_t n = 0;
    for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + part.size())) ++n;
    return n;
}

}  // namespace

TEST_CASE("services: create from the local registry, run, inspect, list, logs, update, remove; tasks",
          "[integration][swarm][services][tasks]") {
    Client client = test::make_client();
    SwarmCleanup cleanup(client);
    test::init_swarm(client);
    std::string name = test::unique_name("svc");

    // covers: ServiceCreate (real engine)
    ServiceCreateOptions create;
    create.auth = AuthConfig{};  // an open registry: empty credentials, sent as the header
    model::ServiceCreateResponse created = client.services().create(greeter(name), create);
    REQUIRE(created.id);
    std::string id = *created.id;
    CHECK_THROWS_AS(client.services().create(greeter(name)), Conflict);  // the name is taken

    // covers: TaskList (real engine)
    std::vector<model::Task> tasks;
    REQUIRE(eventually([&] {
        tasks = running_tasks(client, id);
        return tasks.size() == 1;
    }));
    const model::Task& task = tasks.front();
    CHECK(task.service_id == id);
    CHECK(task.slot == 1);
    CHECK(task.desired_state == model::TaskState::running);
    CHECK(!task.status.container_status.container_id.value_or("").empty());

    // covers: TaskInspect (real engine)
    model::Task inspected_task = client.tasks().inspect(*task.id);
    CHECK(inspected_task.id == task.id);
    CHECK(inspected_task.status.state == model::TaskState::running);
    std::string image = inspected_task.spec.container_spec.image.value_or("");
    CHECK(image.rfind(test::engine().registry + "/busybox:latest", 0) == 0);  // maybe pinned: @sha256:...
    CHECK_THROWS_AS(client.tasks().inspect("no-such-task"), NotFound);

    // covers: TaskLogs (real engine)
    std::string task_log;
    CHECK(eventually([&] {
        task_log = read_all(client.tasks().logs(*task.id));
        return task_log == "greeting=none\n";
    }));
    CHECK(task_log == "greeting=none\n");

    // covers: ServiceInspect (real engine)
    model::Service service = client.services().inspect(id);
    CHECK(service.id == id);
    CHECK(service.spec.name == name);
    CHECK(service.spec.mode.replicated.replicas == 1);
    CHECK(service.spec.task_template.container_spec.command == greeter(name).task_template.container_spec.command);
    REQUIRE(service.version.index);
    CHECK(client.services().inspect(name).id == id);  // by name too
    ServiceInspectOptions defaults;
    defaults.insert_defaults = true;
    CHECK(client.services().inspect(id, defaults).spec.update_config.parallelism == 1);  // the daemon's default
    CHECK_THROWS_AS(client.services().inspect("no-such-service"), NotFound);

    // covers: ServiceList (real engine)
    ServiceListOptions by_label;
    by_label.filters = {{"label", {"dcpp.test=" + name}}};
    by_label.status = true;
    auto listed = client.services().list(by_label);
    REQUIRE(listed.size() == 1);
    CHECK(listed[0].id == id);
    CHECK(listed[0].service_status.desired_tasks == 1);
    ServiceListOptions other;
    other.filters = {{"name", {name + "-other"}}};
    CHECK(client.services().list(other).empty());

    // covers: ServiceLogs (real engine)
    ServiceLogsOptions with_details;
    with_details.details = true;
    std::string service_log = read_all(client.services().logs(id, with_details));
    CHECK(service_log.find("com.docker.swarm.task.id=" + *task.id) != std::string::npos);
    CHECK(service_log.find("greeting=none\n") != std::string::npos);
    ServiceLogsOptions stderr_only;
    stderr_only.include_stdout = false;
    CHECK(read_all(client.services().logs(id, stderr_only)).empty());

    // covers: ServiceUpdate (real engine)
    model::ServiceSpec spec = service.spec;  // inspect -> modify -> update
    spec.mode.replicated.replicas = 2;
    spec.task_template.container_spec.env = std::vector<std::string>{"GREETING=hello"};
    model::ServiceUpdateResponse answer = client.services().update(id, spec, service.version);
    CHECK(answer.warnings.value_or(std::vector<std::string>{}).empty());
    model::Service updated = client.services().inspect(id);
    CHECK(*updated.version.index > *service.version.index);
    CHECK(updated.spec.mode.replicated.replicas == 2);
    CHECK(updated.spec.task_template.container_spec.env == std::vector<std::string>{"GREETING=hello"});
    CHECK(updated.spec.labels == service.spec.labels);

    // Two tasks run the new spec: both greet with the new variable.
    CHECK(eventually([&] {
        auto now = running_tasks(client, id);
        return now.size() == 2 && std::all_of(now.begin(), now.end(), [](const model::Task& t) {
                   return t.spec.container_spec.env == std::vector<std::string>{"GREETING=hello"};
               });
    }));
    CHECK(eventually([&] { return count(read_all(client.services().logs(id)), "greeting=hello\n") == 2; }));

    // The version read before the update is stale now: dockerd 20.10 answers 500
    // "update out of sequence", a VersionConflict; nothing changes.
    spec.mode.replicated.replicas = 3;
    try {
        client.services().update(id, spec, service.version);
        FAIL("a stale version was accepted");
    } catch (const VersionConflict& e) {
        CHECK(e.message() == "rpc error: code = Unknown desc = update out of sequence");
    }
    CHECK(client.services().inspect(id).spec.mode.replicated.replicas == 2);

    // covers: ServiceDelete (real engine)
    client.services().remove(id);
    CHECK_THROWS_AS(client.services().inspect(id), NotFound);
    CHECK_THROWS_AS(client.services().remove(id), NotFound);
    // Its tasks go, and so do their containers.
    CHECK(eventually([&] {
        auto all = client.tasks().list();
        return std::none_of(all.begin(), all.end(), [&](const model::Task& t) { return t.service_id == id; });
    }));
    ContainerListOptions task_containers;
    task_containers.all = true;
    task_containers.filters = {{"label", {"com.docker.swarm.service.id=" + id}}};
    CHECK(eventually([&] { return client.containers().list(task_containers).empty(); }));
}

}  // namespace integration_services_test
