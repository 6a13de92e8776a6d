#pragma once
// A scripted, in-memory transport::Stream: reads serve a list of results (bytes in chosen
// piece sizes, end of input, or a thrown error) and writes are recorded. For testing the
// HTTP layer without sockets, threads or timing.

#include <cstddef>
#include <cstring>
#include <deque>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "docker/error.hpp"
#include "docker/transport/stream.hpp"

namespace docker::test {

class FakeStream final : public transport::Stream {
public:
    // What the test can still look at after the stream was handed over (and destroyed).
    struct Record {
        std::string written;               // every byte written, in order
        std::vector<std::string> writes;   // one entry per write_all call
        std::size_t reads = 0;             // read_some calls
        std::size_t shutdowns = 0;         // shutdown_write calls
        std::vector<transport::Timeout> read_timeouts;
        bool destroyed = false;
    };

    FakeStream() : record_(std::make_shared<Record>()) {}
    ~FakeStream() override { record_->destroyed = true; }

    std::shared_ptr<const Record> record() const { return record_; }

    // `bytes` served by reads of at most `piece` bytes each (0: all in one read, as far
    // as the reader's buffer allows).
    FakeStream& serve(const std::string& bytes, std::size_t piece = 0) {
        if (piece == 0) piece = bytes.size() ? bytes.size() : 1;
        for (std::size_t at = 0; at < bytes.size(); at += piece) script_.push_back({Kind::data, bytes.substr(at, piece)});
        return *this;
    }
    // A read that returns 0: the peer closed its side.
    FakeStream& eof() {
        script_.push_back({Kind::eof, {}});
        return *this;
    }
    // A read that throws ConnectionError (e.g. a reset), or TimeoutError.
    FakeStream& fail_read(std::string message = "connection reset by peer") {
        script_.push_back({Kind::reset, std::move(message)});
        return *this;
    }
    FakeStream& time_out() {
        script_.push_back({Kind::timeout, {}});
        return *this;
    }
    // write_all throws ConnectionError once this many bytes in total were written (the
    // bytes before the limit are still recorded, as a real partial write would deliver).
    FakeStream& fail_writes_after(std::size_t total_bytes) {
        write_limit_ = total_bytes;
        return *this;
    }
    FakeStream& idle_unusable(bool value) {
        idle_unusable_ = value;
        return *this;
    }

    std::size_t read_some(char* buffer, std::size_t size, transport::Timeout timeout) override {
        ++record_->reads;
        record_->read_timeouts.push_back(timeout);
        if (script_.empty()) throw std::logic_error("FakeStream: read beyond the end of the script");
        Item& next = script_.front();
        switch (next.kind) {
        case Kind::eof:
            script_.pop_front();
            return 0;
        case Kind::reset: {
            std::string message = next.bytes;
            script_.pop_front();
            throw ConnectionError(describe(), "read from " + describe() + " failed: " + message);
        }
        case Kind::timeout:
            script_.pop_front();
            throw TimeoutError(describe(), "read from " + describe() + " timed out");
        case Kind::data:
            break;
        }
        if (size == 0) return 0;
        std::size_t n = next.bytes.size() < size ? next.bytes.size() : size;
        std::memcpy(buffer, next.bytes.data(), n);
        if (n == next.bytes.size()) script_.pop_front();
        else next.bytes.erase(0, n);  // the rest stays for the next read
        return n;
    }

    void write_all(const char* data, std::size_t size, transport::Timeout) override {
        if (write_limit_ != npos && record_->written.size() + size > write_limit_) {
            std::size_t fits = write_limit_ - record_->written.size();
            record_->written.append(data, fits);
            record_->writes.emplace_back(data, fits);
            throw ConnectionError(describe(), "write to " + describe() + " failed: Broken pipe");
        }
        record_->written.append(data, size);
        record_->writes.emplace_back(data, size);
    }

    void shutdown_write() override { ++record_->shutdowns; }
    bool unusable_while_idle() override { return idle_unusable_; }
    std::string describe() const override { return "fake://stream"; }

    // Reads still scripted (and not yet served).
    std::size_t pending_reads() const { return script_.size(); }

private:
    static constexpr std::size_t npos = static_cast<std::size_t>(-1);
    enum class Kind { data, eof, reset, timeout };
    struct Item {
        Kind kind;
        std::string bytes;
    };

    std::deque<Item> script_;
    std::shared_ptr<Record> record_;
    std::size_t write_limit_ = npos;
    bool idle_unusable_ = false;
};

}  // namespace docker::test
