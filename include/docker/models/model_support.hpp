#pragma once
// What the generated models (docker/models/generated/*.hpp) share: the per-model field table,
// the reader and writer that every from_json / to_json drives key by key, and text enums that
// keep values they do not know. One small template per C++ field type, not per field, keeps
// compiling 1200 fields cheap.
//
// Compile cost: each model's from_json / to_json is a template on the JSON type, defined in
// the class (a hidden friend), so a translation unit instantiates only the models it reads or
// writes, not all 400. With DOCKER_CPP_COMPILED they are plain declarations instead, and one
// translation unit that also defines DOCKER_CPP_IMPLEMENTATION (src/docker-cpp.cpp, the
// docker-cpp::compiled CMake target, or a .cpp of the user's) holds their bodies.
//
// Reading: a missing key or a null leaves the member unset; a key the model does not name,
// and a value of a type the model did not expect, are kept verbatim in `extra`.
// Writing: only set members, then every key of `extra` (extra wins on a clash).

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "docker/detail/compiled_mode.hpp"
#include "docker/models/json_fields.hpp"

namespace docker {

using json = nlohmann::json;

}  // namespace docker

// Declares a model's from_json / to_json (inside its struct, after read_fields / write_fields,
// which hold the bodies). Header-only: hidden friend templates, instantiated only for the
// models a program converts. Compiled mode: plain declarations, defined once in the
// DOCKER_CPP_IMPLEMENTATION translation unit.
#if defined(DOCKER_CPP_COMPILED)
#define DOCKER_CPP_MODEL_JSON(T)                          \
    friend void from_json(const ::docker::json& j, T& x); \
    friend void to_json(::docker::json& j, const T& x);
#else
#define DOCKER_CPP_MODEL_JSON(T)                          \
    template <class J, ::docker::detail::if_json<J> = 0>  \
    friend void from_json(const J& j, T& x) {             \
        read_fields(j, x);                                \
    }                                                     \
    template <class J, ::docker::detail::if_json<J> = 0>  \
    friend void to_json(J& j, const T& x) {               \
        write_fields(j, x);                               \
    }
#endif

// Whether this translation unit sees the bodies of read_fields / write_fields.
#if !defined(DOCKER_CPP_COMPILED) || defined(DOCKER_CPP_IMPLEMENTATION)
#define DOCKER_CPP_MODEL_BODIES 1
#else
#define DOCKER_CPP_MODEL_BODIES 0
#endif

namespace docker::detail {

struct ModelInfo;

// One field of a model: its JSON key, the API version it appeared in (nullptr: 1.41 or
// older), and, when its value holds models, their table (for the version check of requests).
struct FieldInfo {
    const char* key;
    const char* since;
    const ModelInfo& (*nested)() noexcept;
    bool map_of_nested;  // the value is an object of name -> nested model(s)
};

struct ModelInfo {
    const char* name;
    const FieldInfo* fields;
    std::size_t size;

    const FieldInfo* find(std::string_view key) const noexcept {
        for (std::size_t i = 0; i < size; ++i)
            if (key == fields[i].key) return &fields[i];
        return nullptr;
    }
};

// A text value from a fixed set that may grow: any text is kept; the known ones are named
// constants of the derived type (ContainerStateStatus::running).
template <class Derived>
struct StringEnum {
    std::string value;

    using string_enum_of = Derived;  // detail::is_string_enum looks for this

    StringEnum() = default;
    StringEnum(std::string text) : value(std::move(text)) {}          // NOLINT: implicit on purpose
    StringEnum(std::string_view text) : value(text) {}                 // NOLINT
    StringEnum(const char* text) : value(text) {}                      // NOLINT

    const std::string& str() const noexcept { return value; }

    friend bool operator==(const Derived& a, const Derived& b) { return a.value == b.value; }
    friend bool operator!=(const Derived& a, const Derived& b) { return a.value != b.value; }
    friend bool operator==(const Derived& a, std::string_view b) { return a.value == b; }
    friend bool operator!=(const Derived& a, std::string_view b) { return a.value != b; }
    friend bool operator==(std::string_view a, const Derived& b) { return a == b.value; }
    friend bool operator!=(std::string_view a, const Derived& b) { return a != b.value; }
    friend bool operator<(const Derived& a, const Derived& b) { return a.value < b.value; }
};

// Reads a model's keys one by one; what it does not claim goes to `extra`. A template on the
// JSON type only so that the calls in a model's body stay dependent (not instantiated until
// the model is converted).
template <class J>
class ModelReader {
public:
    ModelReader(const J& j, const ModelInfo& info, J& extra) : j_(j), info_(info), extra_(extra) {
        if (!j.is_object()) throw ModelTypeMismatch{};
        extra_ = json();
    }

    template <class T>
    void operator()(const char* key, T& member) {
        auto it = j_.find(key);
        if (it == j_.end()) return;
        ++seen_;
        if (it->is_null()) return;
        try {
            read_value(*it, member);
        } catch (const ModelTypeMismatch&) {
            member = T{};
            extra_[key] = *it;
        }
    }

    // Keys the table does not name (skipped quickly when every key was a known one).
    void finish() {
        if (seen_ == j_.size()) return;
        for (auto it = j_.begin(); it != j_.end(); ++it)
            if (!info_.find(it.key())) extra_[it.key()] = it.value();
    }

private:
    const J& j_;
    const ModelInfo& info_;
    J& extra_;
    std::size_t seen_ = 0;
};

// Writes a model's set members key by key, then its `extra` (a template for the same reason).
template <class J>
class ModelWriter {
public:
    explicit ModelWriter(J& j) : j_(j) { j_ = J::object(); }

    template <class T>
    void operator()(const char* key, const T& member) {
        if constexpr (is_optional<T>::value) {
            if (member) write_value(j_[key], *member);
        } else if constexpr (std::is_same_v<T, J>) {
            if (!member.is_null()) j_[key] = member;
        } else if constexpr (is_model<T>::value) {
            // A nested model (a plain member): sent when anything in it is set.
            J value;
            to_json(value, member);
            if (!value.empty()) j_[key] = std::move(value);
        } else {
            write_value(j_[key], member);  // a field the spec requires: always sent
        }
    }

    void finish(const J& extra) {
        if (extra.is_object())
            for (auto it = extra.begin(); it != extra.end(); ++it) j_[it.key()] = it.value();
    }

private:
    J& j_;
};

}  // namespace docker::detail
