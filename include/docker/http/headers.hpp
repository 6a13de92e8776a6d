#pragma once
/// @file
/// An ordered list of HTTP header fields with case-insensitive lookup.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "docker/detail/compiled_mode.hpp"

namespace docker::http {

namespace detail {

inline char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

DOCKER_CPP_INLINE bool iequals(std::string_view a, std::string_view b);

// Without the optional whitespace (space, tab) around a field value or list item (RFC 9110 §5.6.3).
DOCKER_CPP_INLINE std::string_view trim_ows(std::string_view s);

// Does a comma-separated header value (e.g. Connection) hold `token`, case-insensitively?
DOCKER_CPP_INLINE bool list_contains(std::string_view list, std::string_view token);

// One header block per thread, passed from the headers of a response that is gone to those
// of the next: a program making requests back to back allocates none after the first, and
// the request's code stays out of the allocator (fewer code lines to fetch per request).
struct SpareHeaderBlock {
    static constexpr std::size_t max_capacity = 16 * 1024;  // larger blocks go back to the heap
    std::unique_ptr<char[]> block;
    std::size_t capacity = 0;
    DOCKER_CPP_INLINE ~SpareHeaderBlock();  // marks the thread's spare gone (thread exit)
};
// The thread's spare block; null once the thread's exit has destroyed it (lists destroyed
// later, static ones say, free their own blocks).
DOCKER_CPP_INLINE SpareHeaderBlock* spare_header_block() noexcept;
// Has this thread's spare block been destroyed? (Trivially destructible: readable until the end.)
DOCKER_CPP_INLINE bool& spare_header_block_gone() noexcept;

#if DOCKER_CPP_BODIES
DOCKER_CPP_INLINE bool& spare_header_block_gone() noexcept {
    static thread_local bool gone = false;
    return gone;
}

DOCKER_CPP_INLINE SpareHeaderBlock::~SpareHeaderBlock() { spare_header_block_gone() = true; }

DOCKER_CPP_INLINE SpareHeaderBlock* spare_header_block() noexcept {
    if (spare_header_block_gone()) return nullptr;
    static thread_local SpareHeaderBlock spare;
    return &spare;
}

DOCKER_CPP_INLINE bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
    return true;
}

DOCKER_CPP_INLINE std::string_view trim_ows(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

DOCKER_CPP_INLINE bool list_contains(std::string_view list, std::string_view token) {
    while (!list.empty()) {
        auto comma = list.find(',');
        if (iequals(trim_ows(list.substr(0, comma)), token)) return true;
        if (comma == std::string_view::npos) break;
        list.remove_prefix(comma + 1);
    }
    return false;
}
#endif

}  // namespace detail

class ResponseParser;

/// HTTP header fields in arrival order; names compare case-insensitively.
///
/// The fields live in one buffer: an index of offsets first, then the name and value bytes it
/// points into. A parsed head costs one allocation however many fields it has, and a lookup
/// hands out views into that buffer rather than copies. A parsed head keeps its field lines
/// as they came (the parser adopts the block in one copy and indexes it); fields added by
/// hand are stored back to back.
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

    Headers() = default;
    /// Copies the fields (into a buffer just large enough).
    DOCKER_CPP_INLINE Headers(const Headers& other);
    /// Copies the fields.
    DOCKER_CPP_INLINE Headers& operator=(const Headers& other);
    /// Takes the fields over; `other` is left empty.
    DOCKER_CPP_INLINE Headers(Headers&& other) noexcept;
    /// Takes the fields over; `other` is left empty.
    DOCKER_CPP_INLINE Headers& operator=(Headers&& other) noexcept;
    /// Keeps the buffer as the thread's spare header block if there is none (see adopt_block).
    DOCKER_CPP_INLINE ~Headers();

    /// Appends a field, keeping any of the same name (for repeated fields).
    DOCKER_CPP_INLINE void add(std::string_view name, std::string_view value);

    /// Replaces every field of that name with one.
    DOCKER_CPP_INLINE void set(std::string_view name, std::string_view value);

    /// Removes every field of that name.
    DOCKER_CPP_INLINE void remove(std::string_view name);

    /// Extends the last field's value (an obs-fold continuation line): " " + more.
    DOCKER_CPP_INLINE void append_to_last_value(std::string_view more);

    /// First value of that name, as a view valid until the headers change; empty optional
    /// when absent.
    DOCKER_CPP_INLINE std::optional<std::string_view> find(std::string_view name) const;

    /// First value of that name as a copy, or `fallback` when absent.
    DOCKER_CPP_INLINE std::string get(std::string_view name, std::string fallback = {}) const;

    /// Is there a field of that name?
    bool contains(std::string_view name) const { return find(name).has_value(); }

    /// Every value of that name, in order (for repeated fields).
    DOCKER_CPP_INLINE std::vector<std::string> all(std::string_view name) const;

    /// The field at `index` (0 to size() - 1, unchecked), in place.
    DOCKER_CPP_INLINE FieldView at(std::size_t index) const;
    FieldView back() const { return at(count_ - 1); }  ///< the last field; not on empty headers

    std::size_t size() const noexcept { return count_; }  ///< number of fields
    bool empty() const noexcept { return count_ == 0; }   ///< no fields?
    /// Keeps the capacity, so a reused object stops allocating.
    DOCKER_CPP_INLINE void clear() noexcept;
    /// Room for `fields` fields of `text_bytes` name and value bytes in all.
    DOCKER_CPP_INLINE void reserve(std::size_t text_bytes, std::size_t fields);
    /// Exchanges contents with `other`, without copying.
    DOCKER_CPP_INLINE void swap(Headers& other) noexcept;
    const_iterator begin() const noexcept { return const_iterator(this, 0); }  ///< the first field
    const_iterator end() const noexcept { return const_iterator(this, count_); }  ///< past the last field

private:
    friend class ResponseParser;

    // Where a field's name and value lie in the text part.
    struct Slot {
        std::uint32_t name = 0;
        std::uint32_t name_size = 0;
        std::uint32_t value = 0;
        std::uint32_t value_size = 0;
    };

    // The parser's fast path: the index it built and the field lines it points into, in one
    // allocation and two copies.
    DOCKER_CPP_INLINE void adopt_block(const Slot* slots, std::size_t count, std::string_view block);

    // Slots are copied in and out with memcpy: the buffer's bytes are not Slot objects.
    DOCKER_CPP_INLINE Slot slot(std::size_t index) const;
    void store_slot(std::size_t index, const Slot& s) { std::memcpy(buffer_.get() + index * sizeof(Slot), &s, sizeof(Slot)); }

    std::size_t text_begin() const noexcept { return slot_capacity_ * sizeof(Slot); }
    const char* text() const noexcept { return buffer_.get() + text_begin(); }
    std::size_t text_size() const noexcept { return used_ - text_begin(); }

    // Room for `more` bytes past those in use, doubling as a vector does.
    DOCKER_CPP_INLINE void make_room(std::size_t more);
    DOCKER_CPP_INLINE void append_text(std::string_view bytes);

    // Room for `slots` index entries: the text moves up behind them.
    DOCKER_CPP_INLINE void grow_index(std::size_t slots);

    // After a move: empty.
    DOCKER_CPP_INLINE void forget() noexcept;

    // Does `bytes` start inside the buffer? (std::less: a total order even for unrelated pointers.)
    DOCKER_CPP_INLINE bool overlaps(std::string_view bytes) const noexcept;

    std::unique_ptr<char[]> buffer_;  // slot_capacity_ slots (count_ in use), then the text they point into
    std::size_t capacity_ = 0;        // bytes allocated
    std::size_t used_ = 0;            // bytes in use: the index's room and the text
    std::size_t count_ = 0;
    std::size_t slot_capacity_ = 0;
};

#if DOCKER_CPP_BODIES
DOCKER_CPP_INLINE Headers::Headers(const Headers& other)
    : buffer_(other.used_ != 0 ? new char[other.used_] : nullptr),
      capacity_(other.used_),
      used_(other.used_),
      count_(other.count_),
      slot_capacity_(other.slot_capacity_) {
    if (used_ != 0) std::memcpy(buffer_.get(), other.buffer_.get(), used_);
}

DOCKER_CPP_INLINE Headers& Headers::operator=(const Headers& other) {
    if (this != &other) {
        Headers copy(other);
        swap(copy);
    }
    return *this;
}

DOCKER_CPP_INLINE Headers::~Headers() {
    if (!buffer_ || capacity_ > detail::SpareHeaderBlock::max_capacity) return;
    auto* spare = detail::spare_header_block();
    if (spare && !spare->block) {
        spare->block = std::move(buffer_);
        spare->capacity = capacity_;
    }
}

DOCKER_CPP_INLINE Headers::Headers(Headers&& other) noexcept
    : buffer_(std::move(other.buffer_)),
      capacity_(other.capacity_),
      used_(other.used_),
      count_(other.count_),
      slot_capacity_(other.slot_capacity_) {
    other.forget();
}

DOCKER_CPP_INLINE Headers& Headers::operator=(Headers&& other) noexcept {
    if (this != &other) {
        buffer_ = std::move(other.buffer_);
        capacity_ = other.capacity_;
        used_ = other.used_;
        count_ = other.count_;
        slot_capacity_ = other.slot_capacity_;
        other.forget();
    }
    return *this;
}

DOCKER_CPP_INLINE void Headers::add(std::string_view name, std::string_view value) {
    if (overlaps(name) || overlaps(value)) {  // growing the buffer would pull them from under us
        std::string name_copy(name), value_copy(value);
        add(name_copy, value_copy);
        return;
    }
    if (count_ == slot_capacity_) grow_index(count_ < 4 ? 4 : 2 * count_);
    Slot slot;
    slot.name = static_cast<std::uint32_t>(text_size());
    slot.name_size = static_cast<std::uint32_t>(name.size());
    slot.value = slot.name + slot.name_size;
    slot.value_size = static_cast<std::uint32_t>(value.size());
    append_text(name);
    append_text(value);
    store_slot(count_++, slot);
}

DOCKER_CPP_INLINE void Headers::set(std::string_view name, std::string_view value) {
    std::string name_copy(name), value_copy(value);  // either may point into the buffer
    remove(name_copy);
    add(name_copy, value_copy);
}

DOCKER_CPP_INLINE void Headers::remove(std::string_view name) {
    Headers kept;
    kept.reserve(text_size(), count_);
    for (FieldView f : *this)
        if (!detail::iequals(f.first, name)) kept.add(f.first, f.second);
    swap(kept);
}

DOCKER_CPP_INLINE void Headers::append_to_last_value(std::string_view more) {
    if (count_ == 0 || more.empty()) return;
    if (overlaps(more)) {
        std::string more_copy(more);
        append_to_last_value(more_copy);
        return;
    }
    Slot last = slot(count_ - 1);
    if (last.value + last.value_size != text_size()) {  // not at the end: move it there
        std::string value(text() + last.value, last.value_size);
        last.value = static_cast<std::uint32_t>(text_size());
        append_text(value);
    }
    if (last.value_size != 0) {
        append_text(" ");
        ++last.value_size;
    }
    append_text(more);
    last.value_size += static_cast<std::uint32_t>(more.size());
    store_slot(count_ - 1, last);
}

DOCKER_CPP_INLINE std::optional<std::string_view> Headers::find(std::string_view name) const {
    for (std::size_t i = 0; i < count_; ++i) {
        FieldView f = at(i);
        if (detail::iequals(f.first, name)) return f.second;
    }
    return std::nullopt;
}

DOCKER_CPP_INLINE std::string Headers::get(std::string_view name, std::string fallback) const {
    auto v = find(name);
    return v ? std::string(*v) : fallback;
}

DOCKER_CPP_INLINE std::vector<std::string> Headers::all(std::string_view name) const {
    std::vector<std::string> values;
    for (FieldView f : *this)
        if (detail::iequals(f.first, name)) values.emplace_back(f.second);
    return values;
}

DOCKER_CPP_INLINE Headers::FieldView Headers::at(std::size_t index) const {
    Slot s = slot(index);
    return {std::string_view(text() + s.name, s.name_size), std::string_view(text() + s.value, s.value_size)};
}

DOCKER_CPP_INLINE void Headers::clear() noexcept {
    used_ = 0;
    count_ = 0;
    slot_capacity_ = 0;
}

DOCKER_CPP_INLINE void Headers::reserve(std::size_t text_bytes, std::size_t fields) {
    if (fields > slot_capacity_) grow_index(fields);
    if (text_bytes > text_size()) make_room(text_bytes - text_size());
}

DOCKER_CPP_INLINE void Headers::swap(Headers& other) noexcept {
    buffer_.swap(other.buffer_);
    std::swap(capacity_, other.capacity_);
    std::swap(used_, other.used_);
    std::swap(count_, other.count_);
    std::swap(slot_capacity_, other.slot_capacity_);
}

DOCKER_CPP_INLINE void Headers::adopt_block(const Slot* slots, std::size_t count, std::string_view block) {
    if (count == 0) {  // no field points into the block: nothing to keep
        clear();
        return;
    }
    std::size_t index_bytes = count * sizeof(Slot), total = index_bytes + block.size();
    if (total > capacity_) {
        auto* spare = detail::spare_header_block();
        if (spare && spare->block && spare->capacity >= total) {  // the block of a response that is gone
            buffer_ = std::move(spare->block);
            capacity_ = spare->capacity;
            spare->capacity = 0;
        } else {
            // Rounded up, so that the next answer of about this size fits the block again.
            capacity_ = (total + 255) & ~std::size_t{255};
            buffer_.reset(new char[capacity_]);
        }
    }
    std::memcpy(buffer_.get(), slots, index_bytes);
    std::memcpy(buffer_.get() + index_bytes, block.data(), block.size());
    used_ = total;
    count_ = count;
    slot_capacity_ = count;
}

DOCKER_CPP_INLINE Headers::Slot Headers::slot(std::size_t index) const {
    Slot s;
    std::memcpy(&s, buffer_.get() + index * sizeof(Slot), sizeof(Slot));
    return s;
}

DOCKER_CPP_INLINE void Headers::make_room(std::size_t more) {
    if (used_ + more <= capacity_) return;
    std::size_t capacity = std::max({2 * capacity_, used_ + more, std::size_t{64}});
    std::unique_ptr<char[]> bigger(new char[capacity]);
    if (used_ != 0) std::memcpy(bigger.get(), buffer_.get(), used_);
    buffer_ = std::move(bigger);
    capacity_ = capacity;
}

DOCKER_CPP_INLINE void Headers::append_text(std::string_view bytes) {
    if (bytes.empty()) return;
    make_room(bytes.size());
    std::memcpy(buffer_.get() + used_, bytes.data(), bytes.size());
    used_ += bytes.size();
}

DOCKER_CPP_INLINE void Headers::grow_index(std::size_t slots) {
    std::size_t extra = (slots - slot_capacity_) * sizeof(Slot);
    make_room(extra);
    std::size_t text_bytes = text_size();
    if (text_bytes != 0) std::memmove(buffer_.get() + text_begin() + extra, text(), text_bytes);
    used_ += extra;
    slot_capacity_ = slots;
}

DOCKER_CPP_INLINE void Headers::forget() noexcept {
    capacity_ = 0;
    used_ = 0;
    count_ = 0;
    slot_capacity_ = 0;
}

DOCKER_CPP_INLINE bool Headers::overlaps(std::string_view bytes) const noexcept {
    const char* begin = buffer_.get();
    std::less<const char*> before;
    return !bytes.empty() && begin && !before(bytes.data(), begin) && before(bytes.data(), begin + used_);
}
#endif

}  // namespace docker::http
