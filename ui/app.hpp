// The console's app loop: a GLFW window with OpenGL 3.3 and Dear ImGui, the views in two panes,
// the status bar, and the engine's facts applied once a frame within a time budget.
// Main (UI) thread only.
#pragma once

#include <string>

namespace switchboard::ui {

struct AppOptions {
    std::string dbPath;          // resolved
    bool demo = false;
    std::string assetsDir;
    std::string theme;           // "dark", "light" or empty (the saved setting)
    std::string view;            // bring this view to front at start
    std::string screenshot;      // save one PNG after `frames` frames, then exit
    std::string screenshotDir;   // save a PNG per view, then exit
    int frames = 30;
    int width = 1280, height = 800;
    size_t historyLimit = 1'000'000;
    double demoRate = 4.0;
    std::string benchOut;        // bench/ui: write frame figures as JSON here, then exit
    int benchFrames = 0;
    bool benchEmpty = false;     // bench/ui baseline: an empty ImGui frame, same window and loop
    std::string benchFilter;     // bench/ui: applied once the history is loaded
};

int runApp(const AppOptions& options);

// Where the bundled assets are: SB_ASSETS_DIR when it exists, else ../share/switchboard/assets
// and ../assets next to the executable.
std::string findAssetsDir(const char* argv0);

}  // namespace switchboard::ui
