#include <catch2/catch.hpp>

#include "widgets/elided_input.hpp"

using namespace switchboard;

namespace {
// Every byte 10 px wide, as a monospace font would draw ASCII.
float tenPerByte(std::string_view s) {
    return static_cast<float>(s.size()) * 10;
}

// What the field draws for `text` in a field `width` wide.
std::string shown(std::string_view text, size_t sharedPrefix, float width) {
    return ui::shownText(text, ui::shownSpan(text, sharedPrefix, width, tenPerByte));
}

const std::vector<std::string> kNightlies = {
    "periodic-ci-openshift-release-master-nightly-4.18-e2e-aws-ovn",
    "periodic-ci-openshift-release-master-nightly-4.18-e2e-metal-ipi",
    "periodic-ci-openshift-release-master-nightly-4.19-e2e-aws-ovn",
    "periodic-ci-openshift-release-master-nightly-4.16-e2e-aws-ovn",
    "periodic-ci-openshift-release-master-nightly-4.18-upgrade-from-stable-4.17",
};
}  // namespace

TEST_CASE("a name too long for its field shows the end that tells it apart, after dots") {
    const std::string job = "periodic-ci-openshift-release-master-nightly-4.18-e2e-aws-ovn";
    CHECK(ui::tailStart(job, 1000, tenPerByte) == 0);  // fits: shown whole, no dots
    // 200 px: 30 px of dots, then the last 17 bytes.
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

TEST_CASE("the prefix a list's job names share is cut after a dash, before the part that differs") {
    // They first differ in "4.1x": the cut keeps the version whole, not "18-e2e-...".
    CHECK(std::string_view(kNightlies[0]).substr(0, ui::sharedNamePrefix(kNightlies)) ==
          "periodic-ci-openshift-release-master-nightly-");
    CHECK(ui::sharedNamePrefix({kNightlies[0]}) == 0);  // one name: nothing to tell apart
    CHECK(ui::sharedNamePrefix({}) == 0);
    CHECK(ui::sharedNamePrefix({"abc", "xyz"}) == 0);
    // One name is a prefix of the other: each keeps at least a byte after the cut.
    CHECK(ui::sharedNamePrefix({"build-x", "build-x-extra"}) == 6);
    CHECK(ui::sharedNamePrefix({"build-", "build-x"}) == 0);
    CHECK(ui::sharedNamePrefix({"same-job", "same-job"}) == 5);
    CHECK(ui::sharedNamePrefix({"ns/a", "ns/b", "ns:c"}) == 0);
    CHECK(ui::sharedNamePrefix({"ns/job_a", "ns/job_b"}) == 7);
    // A row just added, its name not typed yet, does not end the sharing of the others.
    CHECK(ui::sharedNamePrefix({kNightlies[0], "", kNightlies[2]}) ==
          ui::sharedNamePrefix({kNightlies[0], kNightlies[2]}));
}

TEST_CASE("a narrow job column tells a list's nightlies apart, which neither start nor end did") {
    const size_t shared = ui::sharedNamePrefix(kNightlies);
    // 200 px: room for the dots and 17 bytes, as in the test above.
    std::vector<std::string> seen;
    for (const auto& job : kNightlies) seen.push_back(shown(job, shared, 200));
    CHECK(seen == std::vector<std::string>{"...4.18-e2e-aws-ovn", "...4.18-e2e-metal...",
                                            "...4.19-e2e-aws-ovn", "...4.16-e2e-aws-ovn",
                                            "...4.18-upgrade-f..."});
    // The same names by their end alone: three read "...-e2e-aws-ovn".
    CHECK(shown(kNightlies[0], 0, 150) == shown(kNightlies[2], 0, 150));
    // Wide enough: the whole name, no dots, whatever is shared.
    CHECK(shown(kNightlies[0], shared, 1000) == kNightlies[0]);
}

TEST_CASE("the start kept after a shared prefix never ends inside a UTF-8 character") {
    const std::vector<std::string> names = {"job-\xc3\xa9t\xc3\xa9-a-long-tail", "job-z"};
    const size_t shared = ui::sharedNamePrefix(names);
    REQUIRE(shared == 4);
    for (float width = 60; width < 200; width += 10) {
        const ui::ShownSpan span = ui::shownSpan(names[0], shared, width, tenPerByte);
        INFO(width);
        CHECK(span.begin == shared);
        CHECK((span.end == names[0].size() ||
               (static_cast<unsigned char>(names[0][span.end]) & 0xC0) != 0x80));
    }
}
