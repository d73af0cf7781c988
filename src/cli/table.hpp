// The CLI's aligned text tables (events, runs, lists, backends, pointers, audit, quarantine):
// columns padded to their widest cell in terminal columns, two spaces apart, the last one not
// padded. Each cell is shown on one line with control characters escaped: a message's subject or
// a backend's error could otherwise break the rows that awk and cut count on, or send escape
// sequences to the operator's terminal.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace switchboard::cli {

class Table {
public:
    explicit Table(std::vector<std::string> header);

    // A dash for an empty cell keeps every row's columns countable.
    Table& dashEmptyCells() {
        m_dashEmpty = true;
        return *this;
    }
    // Right-aligns a column of figures.
    Table& alignRight(size_t column);
    // Keeps a column at least this wide, so that its layout does not move with what it holds.
    Table& minWidth(size_t column, size_t width);

    // Cells past the header's count are dropped; missing ones are empty.
    void add(std::vector<std::string> cells);
    void print(std::ostream& out) const;

private:
    std::vector<std::vector<std::string>> m_rows;  // the header first, cells already escaped
    std::vector<bool> m_right;
    std::vector<size_t> m_minWidths;
    bool m_dashEmpty = false;
};

}  // namespace switchboard::cli
