#pragma once
// Every JSON text the SDK reads is parsed here, from a pointer range. nlohmann compiles its
// whole lexer and parser once per input type; one type (the one `json::parse("...")` and a
// string_view use too) keeps a program from compiling them twice.

#include <string_view>

#include <nlohmann/json.hpp>

#include "docker/detail/compiled_mode.hpp"

namespace docker::detail {

// Throws nlohmann::json::parse_error when `text` is not JSON.
DOCKER_CPP_INLINE nlohmann::json parse_json(std::string_view text);

// Answers a value whose is_discarded() is true when `text` is not JSON, instead of throwing.
DOCKER_CPP_INLINE nlohmann::json parse_json_or_discarded(std::string_view text);

#if DOCKER_CPP_BODIES
DOCKER_CPP_INLINE nlohmann::json parse_json(std::string_view text) {
    return nlohmann::json::parse(text.data(), text.data() + text.size());
}

DOCKER_CPP_INLINE nlohmann::json parse_json_or_discarded(std::string_view text) {
    return nlohmann::json::parse(text.data(), text.data() + text.size(), nullptr, false);
}
#endif

}  // namespace docker::detail
