#include <catch2/catch.hpp>

#include "widgets/tail_input.hpp"

using namespace switchboard;

namespace {
// Every byte 10 px wide, as a monospace font would draw ASCII.
float tenPerByte(std::string_view s) {
    return static_cast<float>(s.size()) * 10;
}
}  // namespace

TEST_CASE("a name too long for its field shows the end that tells it apart, after dots") {
    const std::string job = "periodic-ci-openshift-release-master-nightly-4.18-e2e-aws-ovn";
    CHECK(ui::tailStart(job, 1000, tenPerByte) == 0);  // fits: shown whole, no dots
    // 200 px: 30 px of dots, then the last 17 bytes, where the names of such a list differ.
    const size_t start = ui::tailStart(job, 200, tenPerByte);
    CHECK(job.substr(start) == "-4.18-e2e-aws-ovn");
    CHECK(ui::tailStart("abc", 30, tenPerByte) == 0);
    CHECK(ui::tailStart("abcd", 30, tenPerByte) == 4);  // not even one byte fits beside the dots
}

TEST_CASE("the shown tail never starts inside a UTF-8 character") {
    const std::string name = "job-\xc3\xa9t\xc3\xa9-\xc3\xa9";  // job-été-é
    for (float width = 40; width < 120; width += 10) {
        const size_t start = ui::tailStart(name, width, tenPerByte);
        INFO(width);
        CHECK((start == name.size() || (static_cast<unsigned char>(name[start]) & 0xC0) != 0x80));
    }
}
