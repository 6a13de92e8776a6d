#pragma once
/// @file
/// An ordered list of HTTP header fields with case-insensitive lookup.

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <optional>
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

class ResponseParser;

/// HTTP header fields in arrival order; names compare case-insensitively.
///
/// The fields live in one string with an index of offsets: a parsed head costs two allocations
/// however many fields it has, and a lookup hands out views into that string rather than
/// copies. A parsed head keeps its field lines as they came (the parser adopts the block in
/// one copy and indexes it); fields added by hand are stored back to back.
class Headers {
public:
    using Field = std::pair<std::string, std::string>;               ///< a field copied out
    using FieldView = std::pair<std::string_view, std::string_view>;  ///< a field in place

    /// Walks the fields in order, handing out FieldView (valid until the headers change).
    class const_iterator {
    public:
        using iterator_category = std::input_iterator_tag;  ///< one pass
        using value_type = FieldView;                       ///< a field in place
        using difference_type = std::ptrdiff_t;             ///< distance between positions
        using pointer = void;                               ///< no addressable element
        using reference = FieldView;                        ///< fields are handed out by value

        const_iterator() = default;
        FieldView operator*() const { return owner_->at(index_); }  ///< the field here
        /// To the next field.
        const_iterator& operator++() {
            ++index_;
            return *this;
        }
        /// To the next field; returns the position before.
        const_iterator operator++(int) {
            const_iterator old = *this;
            ++index_;
            return old;
        }
        bool operator==(const const_iterator& other) const { return index_ == other.index_; }  ///< same position?
        bool operator!=(const const_iterator& other) const { return index_ != other.index_; }  ///< other position?

    private:
        friend class Headers;
        const_iterator(const Headers* owner, std::size_t index) : owner_(owner), index_(index) {}
        const Headers* owner_ = nullptr;
        std::size_t index_ = 0;
    };

    /// Appends a field, keeping any of the same name (for repeated fields).
    void add(std::string_view name, std::string_view value) {
        Slot slot;
        slot.name = static_cast<std::uint32_t>(text_.size());
        slot.name_size = static_cast<std::uint32_t>(name.size());
        text_.append(name);
        slot.value = static_cast<std::uint32_t>(text_.size());
        slot.value_size = static_cast<std::uint32_t>(value.size());
        text_.append(value);
        slots_.push_back(slot);
    }

    /// Replaces every field of that name with one.
    void set(std::string_view name, std::string_view value) {
        std::string name_copy(name), value_copy(value);  // either may point into text_
        remove(name_copy);
        add(name_copy, value_copy);
    }

    /// Removes every field of that name.
    void remove(std::string_view name) {
        Headers kept;
        kept.reserve(text_.size(), slots_.size());
        for (FieldView f : *this)
            if (!detail::iequals(f.first, name)) kept.add(f.first, f.second);
        swap(kept);
    }

    /// Extends the last field's value (an obs-fold continuation line): " " + more.
    void append_to_last_value(std::string_view more) {
        if (slots_.empty() || more.empty()) return;
        Slot& last = slots_.back();
        if (last.value + last.value_size != text_.size()) {  // not at the end: move it there
            std::string value(text_, last.value, last.value_size);
            last.value = static_cast<std::uint32_t>(text_.size());
            text_.append(value);
        }
        if (last.value_size != 0) {
            text_ += ' ';
            ++last.value_size;
        }
        text_.append(more);
        last.value_size += static_cast<std::uint32_t>(more.size());
    }

    /// First value of that name, as a view valid until the headers change; empty optional
    /// when absent.
    std::optional<std::string_view> find(std::string_view name) const {
        for (std::size_t i = 0; i < slots_.size(); ++i) {
            FieldView f = at(i);
            if (detail::iequals(f.first, name)) return f.second;
        }
        return std::nullopt;
    }

    /// First value of that name as a copy, or `fallback` when absent.
    std::string get(std::string_view name, std::string fallback = {}) const {
        auto v = find(name);
        return v ? std::string(*v) : fallback;
    }

    /// Is there a field of that name?
    bool contains(std::string_view name) const { return find(name).has_value(); }

    /// Every value of that name, in order (for repeated fields).
    std::vector<std::string> all(std::string_view name) const {
        std::vector<std::string> values;
        for (FieldView f : *this)
            if (detail::iequals(f.first, name)) values.emplace_back(f.second);
        return values;
    }

    /// The field at `index` (0 to size() - 1, unchecked), in place.
    FieldView at(std::size_t index) const {
        const Slot& s = slots_[index];
        return {std::string_view(text_.data() + s.name, s.name_size), std::string_view(text_.data() + s.value, s.value_size)};
    }
    FieldView back() const { return at(slots_.size() - 1); }  ///< the last field; not on empty headers

    std::size_t size() const noexcept { return slots_.size(); }  ///< number of fields
    bool empty() const noexcept { return slots_.empty(); }       ///< no fields?
    /// Keeps the capacity, so a reused object stops allocating.
    void clear() noexcept {
        text_.clear();
        slots_.clear();
    }
    /// Room for `fields` fields of `text_bytes` name and value bytes in all.
    void reserve(std::size_t text_bytes, std::size_t fields) {
        text_.reserve(text_bytes);
        slots_.reserve(fields);
    }
    /// Exchanges contents with `other`, without copying.
    void swap(Headers& other) noexcept {
        text_.swap(other.text_);
        slots_.swap(other.slots_);
    }
    const_iterator begin() const noexcept { return const_iterator(this, 0); }  ///< the first field
    const_iterator end() const noexcept { return const_iterator(this, slots_.size()); }  ///< past the last field

private:
    friend class ResponseParser;

    // The parser's fast path: each field by offsets into its field lines, then those lines
    // in one copy.
    void begin_block() {
        text_.clear();
        slots_.clear();
        slots_.reserve(16);
    }
    void add_slot(std::size_t name, std::size_t name_size, std::size_t value, std::size_t value_size) {
        slots_.push_back(Slot{static_cast<std::uint32_t>(name), static_cast<std::uint32_t>(name_size),
                              static_cast<std::uint32_t>(value), static_cast<std::uint32_t>(value_size)});
    }
    void end_block(std::string_view block) { text_.assign(block.data(), block.size()); }

    struct Slot {
        std::uint32_t name = 0;
        std::uint32_t name_size = 0;
        std::uint32_t value = 0;
        std::uint32_t value_size = 0;
    };

    std::string text_;
    std::vector<Slot> slots_;
};

}  // namespace docker::http
