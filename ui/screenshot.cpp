#include "screenshot.hpp"

#include <GL/gl.h>

#include <algorithm>
#include <cstdio>
#include <vector>

#define STB_IMAGE_WRITE_STATIC
#define STB_IMAGE_WRITE_IMPLEMENTATION
#include <stb/stb_image_write.h>

namespace switchboard::ui {

std::string saveFramebuffer(const std::string& pngPath, int width, int height) {
    std::vector<unsigned char> pixels(static_cast<size_t>(width) * height * 3);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadBuffer(GL_BACK);
    glReadPixels(0, 0, width, height, GL_RGB, GL_UNSIGNED_BYTE, pixels.data());
    // OpenGL's rows start at the bottom; images start at the top.
    std::vector<unsigned char> flipped(pixels.size());
    const size_t stride = static_cast<size_t>(width) * 3;
    for (int y = 0; y < height; ++y)
        std::copy_n(&pixels[static_cast<size_t>(height - 1 - y) * stride], stride, &flipped[y * stride]);
    if (!stbi_write_png(pngPath.c_str(), width, height, 3, flipped.data(), static_cast<int>(stride)))
        return "cannot write " + pngPath;
    std::string ppm = pngPath;
    if (ppm.size() > 4 && ppm.substr(ppm.size() - 4) == ".png") ppm.resize(ppm.size() - 4);
    ppm += ".ppm";
    if (FILE* f = std::fopen(ppm.c_str(), "wb")) {
        std::fprintf(f, "P6\n%d %d\n255\n", width, height);
        std::fwrite(flipped.data(), 1, flipped.size(), f);
        std::fclose(f);
    }
    return {};
}

}  // namespace switchboard::ui
