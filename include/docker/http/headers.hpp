#pragma once
// An ordered list of HTTP header fields with case-insensitive lookup.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace docker::http {

namespace detail {

inline char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

inline bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
    return true;
}

// Without the optional whitespace (space, tab) around a field value or list item (RFC 9110 §5.6.3).
inline std::string_view trim_ows(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

// Does a comma-separated header value (e.g. Connection) hold `token`, case-insensitively?
inline bool list_contains(std::string_view list, std::string_view token) {
    while (!list.empty()) {
        auto comma = list.find(',');
        if (iequals(trim_ows(list.substr(0, comma)), token)) return true;
        if (comma == std::string_view::npos) break;
        list.remove_prefix(comma + 1);
    }
    return false;
}

}  // namespace detail

class Headers {
public:
    using Field = std::pair<std::string, std::string>;

    void add(std::string name, std::string value) { fields_.emplace_back(std::move(name), std::move(value)); }

    // Replaces every field of that name with one.
    void set(const std::string& name, std::string value) {
        remove(name);
        add(name, std::move(value));
    }

    void remove(std::string_view name) {
        std::vector<Field> kept;
        kept.reserve(fields_.size());
        for (auto& f : fields_)
            if (!detail::iequals(f.first, name)) kept.push_back(std::move(f));
        fields_.swap(kept);
    }

    // First value of that name, or nullptr.
    const std::string* find(std::string_view name) const {
        for (const auto& f : fields_)
            if (detail::iequals(f.first, name)) return &f.second;
        return nullptr;
    }

    std::string get(std::string_view name, std::string fallback = {}) const {
        const std::string* v = find(name);
        return v ? *v : fallback;
    }

    bool contains(std::string_view name) const { return find(name) != nullptr; }

    // Every value of that name, in order (for repeated fields).
    std::vector<std::string> all(std::string_view name) const {
        std::vector<std::string> values;
        for (const auto& f : fields_)
            if (detail::iequals(f.first, name)) values.push_back(f.second);
        return values;
    }

    std::size_t size() const noexcept { return fields_.size(); }
    bool empty() const noexcept { return fields_.empty(); }
    void clear() noexcept { fields_.clear(); }
    auto begin() const noexcept { return fields_.begin(); }
    auto end() const noexcept { return fields_.end(); }
    Field& back() { return fields_.back(); }

private:
    std::vector<Field> fields_;
};

}  // namespace docker::http
