#pragma once
/// @file
/// The input iterator of every stream reader with `bool next(T&)` (JsonStream, FrameReader,
/// AttachedStream), so that `for (const T& value : reader)` reads until the end.

#include <cstddef>
#include <iterator>

namespace docker::detail {

// Pulls one value ahead: dereferencing gives the value read last, and the iterator equals
// the end one once next() says there are no more.
template <class Owner, class T>
class NextIterator {
public:
    using iterator_category = std::input_iterator_tag;
    using value_type = T;
    using difference_type = std::ptrdiff_t;
    using pointer = const T*;
    using reference = const T&;

    NextIterator() = default;
    explicit NextIterator(Owner* owner) : owner_(owner) { ++*this; }
    reference operator*() const { return value_; }
    pointer operator->() const { return &value_; }
    NextIterator& operator++() {
        if (owner_ && !owner_->next(value_)) owner_ = nullptr;
        return *this;
    }
    bool operator==(const NextIterator& other) const { return owner_ == other.owner_; }
    bool operator!=(const NextIterator& other) const { return owner_ != other.owner_; }

private:
    Owner* owner_ = nullptr;
    T value_{};
};

}  // namespace docker::detail
