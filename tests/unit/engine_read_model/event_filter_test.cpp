// The feed's filter language and matcher (src/engine/event_filter.*).
#include <catch2/catch.hpp>

#include "engine/event_filter.hpp"

using namespace switchboard::engine;

namespace {

struct Rows {
    StringPool pool;
    Interner interner;
    std::vector<FeedRow> rows;

    FeedRow& add(uint8_t kind, std::string subject, std::string state, std::string arch = "",
                 std::string topic = "") {
        std::vector<std::string> fresh;
        FeedRow row;
        row.id = static_cast<int64_t>(rows.size() + 1);
        row.kind = kind;
        row.set(FeedField::Subject, interner.intern(subject, fresh));
        row.set(FeedField::State, interner.intern(state, fresh));
        row.set(FeedField::Arch, interner.intern(arch, fresh));
        row.set(FeedField::Topic, interner.intern(topic, fresh));
        for (const auto& s : fresh) pool.add(s);
        rows.push_back(row);
        return rows.back();
    }
    std::vector<int64_t> match(const std::string& text) {
        const auto parsed = parseFilter(text);
        REQUIRE(parsed.error.empty());
        Matcher m(parsed.filter);
        std::vector<int64_t> ids;
        for (const auto& r : rows)
            if (m.matches(r, pool)) ids.push_back(r.id);
        return ids;
    }
};

}  // namespace

TEST_CASE("field terms mean what the events command's options mean") {
    Rows r;
    r.add(1, "nginx:1.20:820:abc", "ready", "x86_64,s390x");          // 1
    r.add(1, "nginx:1.22:900:def", "failed", "x86_64");               // 2
    r.add(0, "RHEL-9.4.0-20240101.1", "FINISHED", "", "/topic/VirtualTopic.eng.pungi.compose.status.change");  // 3
    CHECK(r.match("kind:module") == std::vector<int64_t>{1, 2});
    CHECK(r.match("kind:module state:ready") == std::vector<int64_t>{1});
    CHECK(r.match("arch:s390x") == std::vector<int64_t>{1});
    CHECK(r.match("subject:nginx:1.2*") == std::vector<int64_t>{1, 2});
    CHECK(r.match("topic:*pungi*") == std::vector<int64_t>{3});
    CHECK(r.match("-kind:module") == std::vector<int64_t>{3});
}

TEST_CASE("free words match a case-insensitive substring of the searched fields") {
    Rows r;
    r.add(1, "nginx:1.20:820:abc", "ready");
    r.add(0, "RHEL-9.4.0-20240101.1", "FINISHED");
    CHECK(r.match("rhel-9") == std::vector<int64_t>{2});
    CHECK(r.match("NGINX READY") == std::vector<int64_t>{1});
    CHECK(r.match("finished nginx").empty());
    CHECK(r.match("").size() == 2);
}

TEST_CASE("a bad term is reported with its name and the accepted ones") {
    CHECK(parseFilter("kind:modules").error.find("unknown kind 'modules'") != std::string::npos);
    CHECK(parseFilter("colour:red").error.find("unknown field 'colour'") != std::string::npos);
    // A colon in a URL or an NSVC is text, not a field.
    CHECK(parseFilter("http://x").error.empty());
    CHECK(parseFilter("\"two words\" state:ready").filter.terms.size() == 2);
}
