#include "text_size.hpp"

#include <algorithm>
#include <cmath>

namespace switchboard::ui {

float clampedTextSize(float size) {
    if (!std::isfinite(size)) return 1.0f;
    return std::clamp(size, kMinTextSize, kMaxTextSize);
}

float steppedTextSize(float current, int steps) {
    if (steps == 0) return 1.0f;
    // In whole tenths, so that ten steps up and ten down come back to exactly 1.
    const float tenths = std::round(clampedTextSize(current) * 10.0f) + static_cast<float>(steps);
    return clampedTextSize(tenths / 10.0f);
}

}  // namespace switchboard::ui
