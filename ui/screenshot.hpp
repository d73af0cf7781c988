// Saves the current OpenGL framebuffer as a PNG (and a binary PPM beside it, which tests read
// without an image library). UI thread, after rendering and before the buffer swap.
#pragma once

#include <string>

namespace switchboard::ui {

// Returns an error text, empty on success.
std::string saveFramebuffer(const std::string& pngPath, int width, int height);

}  // namespace switchboard::ui
