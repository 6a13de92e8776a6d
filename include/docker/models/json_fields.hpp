#pragma once
// Reading and writing model fields from and to the daemon's JSON: a field the daemon left
// out or sent as null keeps its default; a field we leave unset is not sent.
//
// Every model, generated or written by hand, and every whole answer converts through
// read_value / write_value below: one small template per C++ type with a compile-time switch,
// rather than nlohmann's get / to_json, whose traits cost a deep instantiation per type.

#include <array>
#include <cstdint>
#include <exception>
#include <limits>
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

// Thrown when a value has another JSON type than the C++ member it is read into. A generated
// model's reader catches it and keeps the value in `extra`; elsewhere (a hand-written model, a
// whole answer) it becomes a ProtocolError naming the key.
struct ModelTypeMismatch : std::exception {
    const char* key = nullptr;  // the innermost key whose value did not fit, once known

    const char* what() const noexcept override { return "a JSON value of another type than its C++ member"; }
    std::string describe() const {
        return key ? std::string("the value of '") + key + "' has another JSON type than expected"
                   : std::string("a value of another JSON type than expected");
    }
};

template <class T, class = void>
struct is_model : std::false_type {};
template <class T>
struct is_model<T, std::void_t<decltype(T::model_info)>> : std::true_type {};

// A StringEnum (docker/models/model_support.hpp), known by the name it gives its derived type.
template <class T, class = void>
struct is_string_enum : std::false_type {};
template <class T>
struct is_string_enum<T, std::void_t<typename T::string_enum_of>> : std::is_same<typename T::string_enum_of, T> {};

// A struct read and written through its own from_json / to_json: a generated model or one
// written by hand.
template <class T>
inline constexpr bool is_json_struct = std::is_class_v<T> && !std::is_same_v<T, std::string> && !std::is_same_v<T, json>;

// -- reading ---------------------------------------------------------------------------------

template <class T>
struct is_optional : std::false_type {};
template <class T>
struct is_optional<std::optional<T>> : std::true_type {};
template <class T>
struct is_vector : std::false_type {};
template <class T>
struct is_vector<std::vector<T>> : std::true_type {};
template <class T>
struct is_std_array : std::false_type {};
template <class T, std::size_t N>
struct is_std_array<std::array<T, N>> : std::true_type {};
template <class T>
struct is_string_map : std::false_type {};
template <class T>
struct is_string_map<std::map<std::string, T>> : std::true_type {};

inline void read_scalar(const json& j, std::string& out) {
    if (!j.is_string()) throw ModelTypeMismatch{};
    out = j.get_ref<const std::string&>();
}
inline void read_scalar(const json& j, bool& out) {
    if (!j.is_boolean()) throw ModelTypeMismatch{};
    out = j.get<bool>();
}
inline void read_scalar(const json& j, std::int64_t& out) {
    if (j.is_number_unsigned()) {
        auto v = j.get<std::uint64_t>();
        if (v > static_cast<std::uint64_t>(INT64_MAX)) throw ModelTypeMismatch{};
        out = static_cast<std::int64_t>(v);
    } else if (j.is_number_integer()) {
        out = j.get<std::int64_t>();
    } else {
        throw ModelTypeMismatch{};
    }
}
inline void read_scalar(const json& j, std::uint64_t& out) {
    if (j.is_number_unsigned()) out = j.get<std::uint64_t>();
    else if (j.is_number_integer() && j.get<std::int64_t>() >= 0) out = static_cast<std::uint64_t>(j.get<std::int64_t>());
    else throw ModelTypeMismatch{};
}
// The narrower integers (int, std::uint32_t, ...): read wide, then range-checked.
template <class Int, std::enable_if_t<std::is_integral_v<Int> && !std::is_same_v<Int, bool> && (sizeof(Int) < 8), int> = 0>
void read_scalar(const json& j, Int& out) {
    std::int64_t wide = 0;
    read_scalar(j, wide);
    if (wide < static_cast<std::int64_t>(std::numeric_limits<Int>::min()) ||
        wide > static_cast<std::int64_t>(std::numeric_limits<Int>::max()))
        throw ModelTypeMismatch{};
    out = static_cast<Int>(wide);
}
inline void read_scalar(const json& j, double& out) {
    if (!j.is_number()) throw ModelTypeMismatch{};
    out = j.get<double>();
}
inline void read_scalar(const json& j, json& out) { out = j; }

// One template with a compile-time switch rather than an overload set: each member type costs
// one instantiation and no overload resolution.
template <class T>
void read_value(const json& j, T& out) {
    if constexpr (is_optional<T>::value) {
        if (j.is_null()) {
            out.reset();
        } else {
            typename T::value_type value{};
            read_value(j, value);
            out = std::move(value);
        }
    } else if constexpr (is_vector<T>::value) {
        if (!j.is_array()) throw ModelTypeMismatch{};
        T items(j.size());
        for (std::size_t i = 0; i < items.size(); ++i) read_value(j[i], items[i]);
        out = std::move(items);
    } else if constexpr (is_std_array<T>::value) {
        if (!j.is_array() || j.size() != out.size()) throw ModelTypeMismatch{};
        for (std::size_t i = 0; i < out.size(); ++i) read_value(j[i], out[i]);
    } else if constexpr (is_string_map<T>::value) {
        if (!j.is_object()) throw ModelTypeMismatch{};
        T items;
        for (auto it = j.begin(); it != j.end(); ++it) read_value(it.value(), items[it.key()]);
        out = std::move(items);
    } else if constexpr (is_string_enum<T>::value) {
        if (!j.is_string()) throw ModelTypeMismatch{};
        out.value = j.get_ref<const std::string&>();
    } else if constexpr (is_json_struct<T>) {
        if (!j.is_object()) throw ModelTypeMismatch{};
        from_json(j, out);
    } else {
        read_scalar(j, out);
    }
}

// -- writing ---------------------------------------------------------------------------------

template <class T>
void write_value(json& out, const T& v) {
    if constexpr (is_optional<T>::value) {
        if (v) write_value(out, *v);
        else out = nullptr;
    } else if constexpr (is_vector<T>::value || is_std_array<T>::value) {
        out = json::array();
        for (const auto& item : v) write_value(out.emplace_back(), item);
    } else if constexpr (is_string_map<T>::value) {
        out = json::object();
        for (const auto& [key, item] : v) write_value(out[key], item);
    } else if constexpr (is_string_enum<T>::value) {
        out = v.value;
    } else if constexpr (is_json_struct<T>) {
        to_json(out, v);
    } else {
        out = v;
    }
}

// A field of a hand-written model. Through read_value, like the generated models, rather than
// nlohmann's get: that instantiates a deep chain of its traits for every member type.
template <class T>
void read_field(const json& object, const char* key, T& out) {
    auto it = object.find(key);
    if (it == object.end() || it->is_null()) return;
    try {
        read_value(*it, out);
    } catch (ModelTypeMismatch& mismatch) {
        if (!mismatch.key) mismatch.key = key;
        throw;
    }
}

// Request fields: sent only when they say something.
inline void write_field(json& object, const char* key, const std::string& value) {
    if (!value.empty()) object[key] = value;
}
template <class T>
void write_field(json& object, const char* key, const std::vector<T>& value) {
    if (!value.empty()) write_value(object[key], value);
}
template <class V>
void write_field(json& object, const char* key, const std::map<std::string, V>& value) {
    if (!value.empty()) write_value(object[key], value);
}
template <class T>
void write_field(json& object, const char* key, const std::optional<T>& value) {
    if (value) write_value(object[key], *value);
}
inline void write_flag(json& object, const char* key, bool value) {
    if (value) object[key] = true;
}

// Sets, key by key, fields the model does not name (the `extra` escape hatch).
inline void merge_extra(json& object, const json& extra) {
    if (extra.is_object())
        for (auto it = extra.begin(); it != extra.end(); ++it) object[it.key()] = it.value();
}

// A model (or a value of any type write_value knows) as JSON, the way to_json writes it.
template <class T>
json as_json(const T& value) {
    json out;
    write_value(out, value);
    return out;
}

[[noreturn]] inline void throw_unexpected_json(const char* what, const std::string& why) {
    throw ProtocolError(ProtocolErrorKind::unexpected_json, std::string("unexpected JSON for ") + what + ": " + why);
}

// Runs `convert` (a parse or a conversion of `what`), turning what it throws on a shape we did
// not expect (a reader's ModelTypeMismatch, a json::exception) into a ProtocolError.
template <class Convert>
void convert_or_refuse(const char* what, Convert&& convert) {
    try {
        convert();
    } catch (const ModelTypeMismatch& e) {
        throw_unexpected_json(what, e.describe());
    } catch (const json::exception& e) {
        throw_unexpected_json(what, e.what());
    }
}

// Converts a daemon answer into a model, turning a shape we did not expect into a clear error.
template <class T>
T parse_model(const json& value, const char* what) {
    T model{};
    convert_or_refuse(what, [&] { read_value(value, model); });
    return model;
}

template <class T>
T parse_model(const std::string& body, const char* what) {
    json value;
    convert_or_refuse(what, [&] { value = parse_json(body); });
    return parse_model<T>(value, what);
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
