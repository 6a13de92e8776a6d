#pragma once
// Small text checks the tests share.

#include <string_view>

namespace test_support {

// Does `text` contain `part`? (Error messages are checked by the pieces they must name.)
inline bool contains(std::string_view text, std::string_view part) { return text.find(part) != std::string_view::npos; }

}  // namespace test_support
