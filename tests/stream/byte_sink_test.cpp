#include "docker/stream/byte_sink.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "support/catch.hpp"

// A namespace per test file: test files are compiled in batches (unity build).
namespace stream_byte_sink_test {
namespace {

struct Pieces {
    std::vector<std::string> pieces;
    std::size_t next = 0;
    std::size_t reads = 0;
    std::string_view read() {
        ++reads;
        return next < pieces.size() ? std::string_view(pieces[next++]) : std::string_view();
    }
};

}  // namespace

TEST_CASE("drain_to hands every piece to the sink, in order, up to the end", "[stream][sink]") {
    Pieces source{{"ab", "c", "def"}};
    std::vector<std::string> seen;
    docker::ByteSink sink = [&](std::string_view piece) { seen.emplace_back(piece); };
    docker::detail::drain_to(source, sink);
    CHECK(seen == std::vector<std::string>{"ab", "c", "def"});
    CHECK(source.reads == 4);  // the empty piece that ends it, and no read after

    // An empty sink reads the body all the same and drops it.
    Pieces dropped{{"x", "y"}};
    docker::detail::drain_to(dropped, docker::ByteSink());
    CHECK(dropped.next == 2);
}

}  // namespace stream_byte_sink_test
