// pull: pulls an image with a progress bar per layer, like `docker pull`.
//
//   pull IMAGE[:TAG]
//
// On a terminal the bars are redrawn in place; otherwise (a log, a pipe) a line is printed
// each time a layer changes state. The daemon comes from DOCKER_HOST.

#include <docker/docker.hpp>

#include <cstdio>
#include <iostream>
#include <map>
#include <string>
#include <unistd.h>
#include <vector>

namespace {

std::string human(std::int64_t bytes) {
    const char* units[] = {"B", "kB", "MB", "GB"};
    double value = static_cast<double>(bytes);
    int unit = 0;
    while (value >= 1000 && unit < 3) value /= 1000, ++unit;
    char text[32];
    std::snprintf(text, sizeof text, unit ? "%.1f%s" : "%.0f%s", value, units[unit]);
    return text;
}

// "[=====>      ]  1.2MB/2.6MB", or the bare status when there is no size yet.
std::string line_for(const docker::ProgressEvent& e) {
    std::string line = e.id + ": " + e.status;
    if (e.current && e.total && *e.total > 0) {
        const int width = 30;
        int filled = static_cast<int>(width * *e.current / *e.total);
        if (filled > width) filled = width;
        std::string bar(static_cast<std::size_t>(filled), '=');
        if (filled < width) bar += '>' + std::string(static_cast<std::size_t>(width - filled - 1), ' ');
        line += " [" + bar + "] " + human(*e.current) + "/" + human(*e.total);
    }
    return line;
}

class LayerBoard {
public:
    explicit LayerBoard(bool terminal) : terminal_(terminal) {}

    void update(const docker::ProgressEvent& e) {
        if (e.id.empty() || e.status.rfind("Pulling from", 0) == 0) {  // a message about the whole image
            message(e.status);
            return;
        }
        auto found = row_.find(e.id);
        if (found == row_.end()) {
            found = row_.emplace(e.id, lines_.size()).first;
            lines_.emplace_back();
            statuses_.emplace_back();
        }
        std::size_t row = found->second;
        lines_[row] = line_for(e);
        if (terminal_) {
            redraw();
        } else if (statuses_[row] != e.status) {  // one line per state, not per byte
            std::cout << lines_[row] << '\n';
        }
        statuses_[row] = e.status;
    }

    // A line about the whole image ("Pulling from", "Digest:", "Status:"), below the board as
    // the CLI prints it; a layer that changes after it gets a line of its own.
    void message(const std::string& text) {
        std::cout << text << '\n' << std::flush;
        if (drawn_) terminal_ = false;
    }

private:
    void redraw() {
        if (drawn_) std::cout << "\x1b[" << drawn_ << "F";
        for (const auto& line : lines_) std::cout << "\x1b[2K" << line << '\n';
        drawn_ = lines_.size();
        std::cout.flush();
    }

    bool terminal_;
    std::map<std::string, std::size_t> row_;
    std::vector<std::string> lines_;
    std::vector<std::string> statuses_;
    std::size_t drawn_ = 0;
};

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: pull IMAGE[:TAG]\n";
        return 2;
    }
    std::string image = argv[1], tag;
    // The tag follows the last ':' after the last '/' (a registry's port is no tag).
    auto colon = image.rfind(':');
    if (colon != std::string::npos && image.find('/', colon) == std::string::npos) {
        tag = image.substr(colon + 1);
        image.erase(colon);
    }
    try {
        docker::Client client;
        LayerBoard board(::isatty(STDOUT_FILENO) == 1);
        client.images().pull(image, tag, [&](const docker::ProgressEvent& e) { board.update(e); });
        auto inspected = client.images().inspect(image + ":" + (tag.empty() ? "latest" : tag));
        board.message("pulled " + image + ":" + (tag.empty() ? "latest" : tag) + " as " + inspected.id);
        return 0;
    } catch (const docker::Error& e) {
        std::cerr << "pull: " << e.what() << '\n';
        return 1;
    }
}
