#include "fonts.hpp"

#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>

#include <filesystem>
#include <initializer_list>

namespace switchboard::ui {

namespace {
const char* firstExisting(std::initializer_list<const char*> paths) {
    for (const char* p : paths)
        if (std::filesystem::exists(p)) return p;
    return nullptr;
}
}  // namespace

void loadFonts(ConsoleState& state, float scale) {
    ImGuiIO& io = ImGui::GetIO();
    io.Fonts->Clear();
    const float size = 15.0f * scale;
    const char* ui = firstExisting({"/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
                                    "/usr/share/fonts/opentype/inter/Inter-Regular.otf"});
    const char* mono =
        firstExisting({"/usr/share/fonts/truetype/jetbrains-mono/JetBrainsMono-Regular.ttf",
                       "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"});
    ImFontConfig config;
    config.OversampleH = 2;
    if (!ui || !io.Fonts->AddFontFromFileTTF(ui, size, &config)) io.Fonts->AddFontDefault();
    state.mono = mono ? io.Fonts->AddFontFromFileTTF(mono, size * 0.95f, &config) : nullptr;
    if (!state.mono) state.mono = io.Fonts->Fonts[0];
}

void reloadFonts(ConsoleState& state, float scale) {
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    loadFonts(state, scale);
    ImGui_ImplOpenGL3_CreateFontsTexture();  // builds the atlas and uploads it
}

}  // namespace switchboard::ui
