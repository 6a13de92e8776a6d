#pragma once
/// @file
/// The task group: the tasks the swarm schedules for services (list, inspect) and their logs.

#include <string>
#include <vector>

#include "docker/api/swarm_common.hpp"
#include "docker/api/swarm_logs.hpp"
#include "docker/client.hpp"
#include "docker/models/generated/tasks.hpp"

namespace docker {

/// GET /tasks query, e.g. filters {"service", {"web"}}, {"desired-state", {"running"}}.
struct TaskListOptions {
    Filters filters;  ///< which tasks to list; empty: all
};

// A class template only so that a program compiles the calls it makes: the bodies of the
// others are never instantiated. Always named through its alias, TasksApi.
/// The swarm task calls, reached as client.tasks(); they need a swarm manager (else
/// ServiceUnavailable). A missing task is NotFound.
template <class Lazy>
class BasicTasksApi {
public:
    /// Calls go through `client`, which must outlive this object.
    explicit BasicTasksApi(Client& client) : client_(&client) {}

    /// GET /tasks: the tasks `options` select, with their state and the node they run on.
    // operationId: TaskList
    std::vector<model::Task> list(const TaskListOptions& options = {}) {
        detail::require_api(*client_, ops::TaskList);
        auto answer = client_->get("/tasks" + detail::filters_query(options.filters));
        return detail::parse_model<std::vector<model::Task>>(answer.body, "task list");
    }

    /// GET /tasks/{id}: one task, by ID.
    // operationId: TaskInspect
    model::Task inspect(const std::string& id) {
        detail::require_api(*client_, ops::TaskInspect);
        return detail::parse_model<model::Task>(client_->get(path(id)).body, "task inspect");
    }

    /// GET /tasks/{id}/logs: the task's container log, framed as a container's log
    /// (ContainersApi::logs()); needs a daemon whose log driver can be read back.
    // operationId: TaskLogs
    LogStream logs(const std::string& id, const TaskLogsOptions& options = {}) {
        detail::require_api(*client_, ops::TaskLogs);
        return detail::swarm_logs(*client_, path(id) + "/logs", options,
                                  [&] { return inspect(id).spec.container_spec.tty.value_or(false); });
    }

private:
    static std::string path(const std::string& id) { return detail::object_path("tasks", id, "task"); }

    Client* client_;
};
DOCKER_CPP_COMPILED_ELSEWHERE(BasicTasksApi)

inline TasksApi Client::tasks() { return TasksApi(*this); }

}  // namespace docker
