// ui::KeyQueue: a key pressed and released between two frames is seen down in one frame and up in
// the next, with the modifiers held around it.
#include <catch2/catch.hpp>

#include <vector>

#include "key_queue.hpp"

using namespace switchboard;
using ui::KeyAction;

namespace {
constexpr int kCtrl = 341;  // GLFW_KEY_LEFT_CONTROL
constexpr int kEqual = '=';

std::vector<ui::KeyEvent> frame(ui::KeyQueue& queue, bool* more = nullptr) {
    std::vector<ui::KeyEvent> seen;
    const bool left = queue.handOver([&](const ui::KeyEvent& e) { seen.push_back(e); });
    if (more) *more = left;
    return seen;
}
}  // namespace

TEST_CASE("Ctrl+= pressed and released between two frames is seen down, then up") {
    ui::KeyQueue queue;
    // What `xdotool key ctrl+equal` sends, all before the next frame.
    queue.push({kCtrl, 0, KeyAction::Press, 0});
    queue.push({kEqual, 0, KeyAction::Press, 2});
    queue.push({kEqual, 0, KeyAction::Release, 2});
    queue.push({kCtrl, 0, KeyAction::Release, 0});
    bool more = false;
    const auto first = frame(queue, &more);
    REQUIRE(first.size() == 2);  // Ctrl and = down together: the frame sees the shortcut
    CHECK(first[0].key == kCtrl);
    CHECK(first[1].key == kEqual);
    CHECK(first[1].action == KeyAction::Press);
    CHECK(more);  // the releases wait: the loop must draw another frame
    const auto second = frame(queue, &more);
    REQUIRE(second.size() == 2);
    CHECK(second[0].action == KeyAction::Release);
    CHECK(second[1].action == KeyAction::Release);
    CHECK_FALSE(more);
    CHECK(queue.empty());
}

TEST_CASE("a key typed twice between frames takes four frames, one change each") {
    ui::KeyQueue queue;
    for (int i = 0; i < 2; ++i) {
        queue.push({'J', 0, KeyAction::Press, 0});
        queue.push({'J', 0, KeyAction::Release, 0});
    }
    for (KeyAction expected :
         {KeyAction::Press, KeyAction::Release, KeyAction::Press, KeyAction::Release}) {
        const auto seen = frame(queue);
        REQUIRE(seen.size() == 1);
        CHECK(seen[0].action == expected);
    }
    CHECK(frame(queue).empty());
}

TEST_CASE("repeats of a held key pass in the frame they come, changing nothing") {
    ui::KeyQueue queue;
    queue.push({'J', 0, KeyAction::Press, 0});
    queue.push({'J', 0, KeyAction::Repeat, 0});
    queue.push({'J', 0, KeyAction::Repeat, 0});
    queue.push({'K', 0, KeyAction::Press, 0});
    CHECK(frame(queue).size() == 4);
    CHECK(queue.empty());
}

TEST_CASE("typed characters keep their place among the keys") {
    ui::KeyQueue queue;
    // "ab", Backspace, "c", Backspace: what `xdotool type` and `key` send between two frames.
    queue.push({0, 0, KeyAction::Char, 0, 'a'});
    queue.push({0, 0, KeyAction::Char, 0, 'b'});
    queue.push({259, 0, KeyAction::Press, 0});
    queue.push({259, 0, KeyAction::Release, 0});
    queue.push({0, 0, KeyAction::Char, 0, 'c'});
    const auto first = frame(queue);
    REQUIRE(first.size() == 3);  // a, b, Backspace down; its release waits, and 'c' behind it
    CHECK(first[2].action == KeyAction::Press);
    const auto second = frame(queue);
    REQUIRE(second.size() == 2);
    CHECK(second[0].action == KeyAction::Release);
    CHECK(second[1].codepoint == 'c');
}
