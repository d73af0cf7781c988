#include "engine/whole_file.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace switchboard::engine {

std::string readFile(const std::string& path, size_t maxBytes) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
        throw std::runtime_error("cannot read " + path + ": it is a folder");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path);
    // Read in steps, not by the size the file claims: a pipe or /dev/stdin has none.
    std::string text;
    char buffer[64 * 1024];
    while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
        text.append(buffer, static_cast<size_t>(in.gcount()));
        if (text.size() > maxBytes)
            throw std::runtime_error(path + " is over the " +
                                     std::to_string(maxBytes / (1024 * 1024)) +
                                     " MiB limit for a file read whole; is it the right file?");
    }
    if (in.bad()) throw std::runtime_error("cannot read " + path + ": a read error");
    return text;
}

void writeFile(const std::string& path, const std::string& text) {
    const std::string part = path + ".part";
    std::FILE* out = std::fopen(part.c_str(), "wb");
    if (out == nullptr)
        throw std::runtime_error("cannot write " + path + ": " + std::strerror(errno));
    const bool written = std::fwrite(text.data(), 1, text.size(), out) == text.size();
    const int writeErrno = errno;
    // fclose flushes: a full disk often shows only here.
    const bool closed = std::fclose(out) == 0;
    const int closeErrno = errno;
    if (!written || !closed || std::rename(part.c_str(), path.c_str()) != 0) {
        const int why = !written ? writeErrno : !closed ? closeErrno : errno;
        std::remove(part.c_str());
        throw std::runtime_error("cannot write " + path + ": " + std::strerror(why));
    }
}

}  // namespace switchboard::engine
