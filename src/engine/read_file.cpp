#include "engine/read_file.hpp"

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

}  // namespace switchboard::engine
