#pragma once
// Reading and writing model fields from and to the daemon's JSON: a field the daemon left
// out or sent as null keeps its default; a field we leave unset is not sent.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include <nlohmann/json.hpp>

#include "docker/detail/json_text.hpp"
#include "docker/error.hpp"

namespace docker {

using json = nlohmann::json;

}  // namespace docker

namespace docker::detail {

// Enables a model's from_json / to_json template for nlohmann::json only. Templates, so that a
// program instantiates only the conversions it uses (compile cost of a header-only SDK).
template <class J>
using if_json = std::enable_if_t<std::is_same_v<J, json>, int>;

template <class T>
void read_field(const json& object, const char* key, T& out) {
    auto it = object.find(key);
    if (it != object.end() && !it->is_null()) it->get_to(out);
}

template <class T>
void read_field(const json& object, const char* key, std::optional<T>& out) {
    auto it = object.find(key);
    if (it != object.end() && !it->is_null()) out = it->get<T>();
}

// Request fields: sent only when they say something.
inline void write_field(json& object, const char* key, const std::string& value) {
    if (!value.empty()) object[key] = value;
}
template <class T>
void write_field(json& object, const char* key, const std::vector<T>& value) {
    if (!value.empty()) object[key] = value;
}
template <class K, class V>
void write_field(json& object, const char* key, const std::map<K, V>& value) {
    if (!value.empty()) object[key] = value;
}
template <class T>
void write_field(json& object, const char* key, const std::optional<T>& value) {
    if (value) object[key] = *value;
}
inline void write_flag(json& object, const char* key, bool value) {
    if (value) object[key] = true;
}

// Sets, key by key, fields the model does not name (the `extra` escape hatch).
inline void merge_extra(json& object, const json& extra) {
    if (extra.is_object())
        for (auto it = extra.begin(); it != extra.end(); ++it) object[it.key()] = it.value();
}

// Parses a daemon answer into a model, turning a shape we did not expect into a clear error.
template <class T>
T parse_model(const std::string& body, const char* what) {
    try {
        return parse_json(body).get<T>();
    } catch (const json::exception& e) {
        throw ProtocolError(ProtocolErrorKind::unexpected_json, std::string("unexpected JSON for ") + what + ": " + e.what());
    }
}

template <class T>
T parse_model(const json& value, const char* what) {
    try {
        return value.get<T>();
    } catch (const json::exception& e) {
        throw ProtocolError(ProtocolErrorKind::unexpected_json, std::string("unexpected JSON for ") + what + ": " + e.what());
    }
}

// Docker's sets (ExposedPorts, Volumes) are objects whose keys matter and whose values
// are empty objects.
inline json json_set(const std::vector<std::string>& keys) {
    json set = json::object();
    for (const auto& k : keys) set[k] = json::object();
    return set;
}

inline std::vector<std::string> json_set_keys(const json& object, const char* key) {
    std::vector<std::string> keys;
    if (auto it = object.find(key); it != object.end() && it->is_object())
        for (auto k = it->begin(); k != it->end(); ++k) keys.push_back(k.key());
    return keys;
}

// Docker's "filters" query value: a JSON object of name → list of values.
inline std::string filters_to_query(const std::map<std::string, std::vector<std::string>>& filters) {
    json object = json::object();
    for (const auto& [name, values] : filters) object[name] = values;
    return object.dump();
}

}  // namespace docker::detail
