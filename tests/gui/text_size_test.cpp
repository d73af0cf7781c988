// The operator's text size (ui/text_size.*): steps of a tenth within the bounds, back to exactly
// normal, and a hand-edited value kept within the bounds.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include "text_size.hpp"

using namespace switchboard;

TEST_CASE("the text size moves a tenth a step, stops at its bounds and comes back to normal") {
    CHECK(ui::steppedTextSize(1.0f, 1) == Approx(1.1f));
    CHECK(ui::steppedTextSize(1.0f, -1) == Approx(0.9f));
    CHECK(ui::steppedTextSize(1.7f, 0) == 1.0f);
    float size = 1.0f;
    for (int i = 0; i < 30; ++i) size = ui::steppedTextSize(size, 1);
    CHECK(size == ui::kMaxTextSize);
    for (int i = 0; i < 30; ++i) size = ui::steppedTextSize(size, -1);
    CHECK(size == ui::kMinTextSize);
    // Up and down by tenths lands on exactly 1 again, not 0.99999994 (a float summed ten times).
    for (int i = 0; i < 2; ++i) size = ui::steppedTextSize(size, 1);
    CHECK(size == 1.0f);
    // A size between tenths (hand-edited) steps from the nearest tenth.
    CHECK(ui::steppedTextSize(1.23f, 1) == Approx(1.3f));
}

TEST_CASE("a text size from the settings file is kept within the bounds") {
    CHECK(ui::clampedTextSize(1.5f) == 1.5f);
    CHECK(ui::clampedTextSize(0.1f) == ui::kMinTextSize);
    CHECK(ui::clampedTextSize(40.0f) == ui::kMaxTextSize);
    CHECK(ui::clampedTextSize(std::numeric_limits<float>::quiet_NaN()) == 1.0f);
    CHECK(ui::clampedTextSize(std::numeric_limits<float>::infinity()) == 1.0f);
}
