#include <catch2/catch.hpp>

#include <sstream>
#include <vector>

#include "ingest/classify_lines.hpp"

using namespace switchboard::ingest;
using nlohmann::json;

namespace {

std::vector<json> run(const std::string& input, ClassifyCounts& counts, bool full = false,
                      size_t maxBytes = 4 * 1024 * 1024) {
    std::istringstream in(input);
    std::ostringstream out;
    ClassifyOptions options;
    options.full = full;
    options.nowMs = 1700000000000;
    options.limits.maxBytes = maxBytes;
    LineReader reader(in, maxBytes);
    counts = classifyLines(reader, out, options);
    std::vector<json> lines;
    std::istringstream printed(out.str());
    std::string line;
    while (std::getline(printed, line)) lines.push_back(json::parse(line));
    return lines;
}

}  // namespace

TEST_CASE("classify prints one object per input line, errors included, and goes on") {
    const std::string input =
        R"({"topic": "org.fedoraproject.prod.buildsys.tag", "body": {"name": "a", "version": "1", "release": "2", "tag": "f40"}})"
        "\n"
        "not json\n"
        "\n"
        "[1]\n"
        R"({"compose_id": "Fedora-40-20240401.0", "status": "FINISHED"})"
        "\n";
    ClassifyCounts counts;
    const auto out = run(input, counts);
    REQUIRE(out.size() == 5);
    CHECK(counts.lines == 5);
    CHECK(counts.failed == 3);
    CHECK(out[0].at("kind") == "package");
    CHECK(out[0].at("subject") == "a-1-2");
    CHECK(out[0].at("received_at") == "2023-11-14T22:13:20.000Z");  // no envelope time: now
    CHECK_FALSE(out[0].contains("body"));
    CHECK(out[1].at("line") == 2);
    CHECK(out[1].at("error").get<std::string>().rfind("invalid JSON at byte", 0) == 0);
    CHECK(out[2] == json{{"error", "empty line"}, {"line", 3}});
    CHECK(out[3] == json{{"error", "expected a JSON object, got an array"}, {"line", 4}});
    CHECK(out[4].at("kind") == "compose");
    CHECK(out[4].at("state") == "FINISHED");
}

TEST_CASE("classify --full adds the body and headers") {
    ClassifyCounts counts;
    const auto out = run(R"({"topic": "x", "headers": {"h": 1}, "body": {"b": 2}})", counts, true);
    REQUIRE(out.size() == 1);
    CHECK(counts.failed == 0);
    CHECK(out[0].at("body") == json{{"b", 2}});
    CHECK(out[0].at("headers") == json{{"h", 1}});
}

TEST_CASE("classify reports an over-long line by its length and first bytes") {
    ClassifyCounts counts;
    const std::string input =
        "{\"a\": 1}\n{\"big\": \"" + std::string(500, 'x') + "\"}\n{\"b\": 2}\n";
    const auto out = run(input, counts, false, 100);
    REQUIRE(out.size() == 3);
    CHECK(counts.failed == 1);
    const std::string reason = out[1].at("error");
    CHECK(reason.rfind("line is 511 bytes, over the 100-byte limit; it starts with \"{\\\"big\\\"",
                       0) == 0);
    CHECK(out[1].at("line") == 2);
    CHECK(out[2].at("kind") == "other");
}

TEST_CASE("classify prints binary input's errors as valid JSON") {
    ClassifyCounts counts;
    const auto out = run(std::string("\xff\xfe\x00garbage\n", 11) + std::string(200, '\x80'),
                         counts, false, 100);
    REQUIRE(out.size() == 2);
    CHECK(counts.failed == 2);
    CHECK(out[0].at("error") == "invalid UTF-8 at byte 1");
    CHECK(out[1].at("error").get<std::string>().rfind("line is 200 bytes", 0) == 0);
}
