#include "engine/whole_file.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace switchboard::engine {

std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
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
