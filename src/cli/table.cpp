#include "cli/table.hpp"

#include <algorithm>

#include "engine/byte_preview.hpp"

namespace switchboard::cli {

namespace {

// Terminal columns of UTF-8 text, counting code points (good enough for names and ids).
size_t displayWidth(const std::string& text) {
    size_t width = 0;
    for (unsigned char c : text)
        if ((c & 0xC0) != 0x80) ++width;
    return width;
}

}  // namespace

Table::Table(std::vector<std::string> header)
    : m_right(header.size(), false), m_minWidths(header.size(), 0) {
    m_rows.push_back(std::move(header));
}

Table& Table::alignRight(size_t column) {
    if (column < m_right.size()) m_right[column] = true;
    return *this;
}

Table& Table::minWidth(size_t column, size_t width) {
    if (column < m_minWidths.size()) m_minWidths[column] = width;
    return *this;
}

void Table::add(std::vector<std::string> cells) {
    cells.resize(m_rows.front().size());
    for (std::string& cell : cells) {
        cell = engine::oneLineText(cell);
        if (cell.empty() && m_dashEmpty) cell = "-";
    }
    m_rows.push_back(std::move(cells));
}

void Table::print(std::ostream& out) const {
    const size_t columns = m_rows.front().size();
    std::vector<size_t> widths = m_minWidths;
    for (const auto& row : m_rows)
        for (size_t i = 0; i < columns; ++i) widths[i] = std::max(widths[i], displayWidth(row[i]));
    std::string line;
    for (const auto& row : m_rows) {
        line.clear();
        for (size_t i = 0; i < columns; ++i) {
            const bool last = i + 1 == columns;
            const size_t gap = widths[i] - displayWidth(row[i]);
            if (m_right[i]) line.append(gap, ' ');
            line += row[i];
            if (!last) line.append((m_right[i] ? 0 : gap) + 2, ' ');
        }
        out << line << '\n';
    }
}

}  // namespace switchboard::cli
