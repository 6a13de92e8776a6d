#!/usr/bin/env bash
# Compile cost of the header-only SDK, side by side in one run: g++ -O0 -c of
#   docker.hpp      examples/quickstart/main.cpp (includes <docker/docker.hpp>), header-only
#   docker.hpp compiled  the same with -DDOCKER_CPP_COMPILED (the compiled mode's user side;
#                   the bodies it declares are compiled once, in src/docker-cpp.cpp)
#   docker.hpp empty     an empty main() including <docker/docker.hpp>: what reading the
#                   headers costs before a single call (the floor of the two rows above)
#   json only       a program of the same shape including only <nlohmann/json.hpp>
#   containers api  a program including only <docker/api/containers.hpp>
#   models only     a program including only <docker/models/generated/containers.hpp>
# Each is compiled ROUNDS times (default 3), interleaved so that load changes hit all alike;
# the figure is the median CPU time (user + sys) of a compile. Target (issue 7): docker.hpp
# at most 2x json only; the container group alone cheaper than docker.hpp. The exit status
# says whether both hold (header-only docker.hpp, the default).
#
#   bench/compile_time.sh [ROUNDS]
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ROUNDS=${1:-3}
CXX=${CXX:-g++}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cp "$ROOT/examples/quickstart/main.cpp" "$work/docker_hpp.cpp"
cat >"$work/json_only.cpp" <<'CPP'
#include <nlohmann/json.hpp>
#include <iostream>
#include <string>
int main(int argc, char** argv) {
    nlohmann::json config = {{"Image", argc > 1 ? argv[1] : "busybox"}, {"Cmd", {"echo", "hello"}}};
    std::string body = config.dump();
    auto answer = nlohmann::json::parse(R"({"Id":"abc","Warnings":[]})");
    std::cout << body << " " << answer.at("Id").get<std::string>() << "\n";
    auto inspect = nlohmann::json::parse(R"({"State":{"Running":false,"ExitCode":0}})");
    std::cout << inspect["State"]["ExitCode"].get<int>() << "\n";
}
CPP
printf '#include <docker/docker.hpp>\nint main() {}\n' >"$work/docker_empty.cpp"
cat >"$work/containers_api.cpp" <<'CPP'
#include <docker/api/containers.hpp>
#include <iostream>
int main() {
    docker::Client client;
    docker::ContainerConfig config;
    config.image = "busybox";
    config.cmd = {"echo", "hello"};
    auto created = client.containers().create(config);
    client.containers().start(created.id);
    std::cout << client.containers().wait(created.id).status_code << "\n";
    client.containers().remove(created.id);
}
CPP
cat >"$work/models_only.cpp" <<'CPP'
#include <docker/models/generated/containers.hpp>
#include <iostream>
int main() {
    docker::model::ContainerCreateRequest config;
    config.image = "busybox";
    config.host_config.memory = 1 << 26;
    auto inspect = docker::json::parse(R"({"State":{"Running":false,"ExitCode":0}})")
                       .get<docker::model::ContainerInspectResponse>();
    std::cout << docker::json(config).dump() << " " << inspect.state.exit_code.value_or(-1) << "\n";
}
CPP

names=(docker_hpp docker_compiled docker_empty json_only containers_api models_only)
declare -A times
for ((round = 0; round < ROUNDS; round++)); do
    for name in "${names[@]}"; do
        src=$name flags=()
        [[ $name == docker_compiled ]] && src=docker_hpp flags=(-DDOCKER_CPP_COMPILED)
        # The figures go to their own file; a compile that fails stops the run with its errors.
        if ! /usr/bin/time -f '%U %S' -o "$work/time" "$CXX" -std=c++17 -O0 -I"$ROOT/include" "${flags[@]}" \
            -c "$work/$src.cpp" -o "$work/$name.o" 2>"$work/errors"; then
            echo "compile_time: $name does not compile:" >&2
            head -n 20 "$work/errors" >&2
            exit 2
        fi
        t=$(tail -n1 "$work/time" | awk '{printf "%.2f", $1 + $2}')
        times[$name]+="$t "
    done
done

median() { tr ' ' '\n' | sed '/^$/d' | sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
echo "compile time, $CXX -O0 -c, median CPU seconds of $ROUNDS (load $(cut -d' ' -f1-3 /proc/loadavg)):"
declare -A med
for name in "${names[@]}"; do
    med[$name]=$(echo "${times[$name]}" | median)
    printf '  %-16s %6.2f s   (%s)\n' "$name" "${med[$name]}" "${times[$name]% }"
done
ratio() { awk -v a="${med[$1]}" -v b="${med[json_only]}" 'BEGIN {printf "%.2f", a / b}'; }
echo "  docker.hpp / json only: $(ratio docker_hpp)x (target <= 2x); compiled mode: $(ratio docker_compiled)x;" \
    "docker.hpp empty main: $(ratio docker_empty)x; containers api: $(ratio containers_api)x;" \
    "models only: $(ratio models_only)x"
status=0
awk -v r="$(ratio docker_hpp)" 'BEGIN {exit !(r <= 2.0)}' || { echo "compile_time: docker.hpp above the 2x target"; status=1; }
for name in containers_api models_only; do
    awk -v a="${med[$name]}" -v b="${med[docker_hpp]}" 'BEGIN {exit !(a < b)}' ||
        { echo "compile_time: $name not cheaper than docker.hpp"; status=1; }
done
exit $status
