// The command outcome line (ui/views/view.hpp drawOutcome): one line high whether or not there is
// an outcome, however long the outcome, so that what is drawn below it does not move when a
// command finishes (ImGui with no window).
#include <catch2/catch.hpp>

#include <imgui.h>

#include <string>

#include "views/view.hpp"

using namespace switchboard;

namespace {

// How far down the outcome line moves what is drawn after it, in a 400 px wide window.
float outcomeHeight(ui::ConsoleState& state) {
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2(800, 600);
    io.DeltaTime = 1.0f / 60;
    ImGui::NewFrame();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(400, 300));
    ImGui::Begin("outcome test");
    ImGui::TextUnformatted("above");
    const float top = ImGui::GetCursorPosY();
    ui::drawOutcome(state, "runs");
    const float height = ImGui::GetCursorPosY() - top;
    ImGui::End();
    ImGui::Render();
    return height;
}

struct Context {
    Context() {
        ImGui::CreateContext();
        ImGui::GetIO().IniFilename = nullptr;
        unsigned char* pixels;
        int w, h;
        ImGui::GetIO().Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
    }
    ~Context() { ImGui::DestroyContext(); }
};

}  // namespace

TEST_CASE("the content below the outcome line does not move when an outcome arrives") {
    Context context;
    ui::ConsoleState state;
    const float none = outcomeHeight(state);
    state.outcomes["runs"] = {true, "run 58 fired: rhel-9.8-smoke on fakejenkins"};
    CHECK(outcomeHeight(state) == none);
    state.outcomes["runs"] = {false, std::string(500, 'x') + " a long error that would wrap"};
    CHECK(outcomeHeight(state) == none);
    state.outcomes["runs"] = {false, "first line\nsecond line\nthird line"};
    CHECK(outcomeHeight(state) == none);
    state.outcomes.erase("runs");
    CHECK(outcomeHeight(state) == none);
}

TEST_CASE("the outcome line takes the height of a line of text") {
    Context context;
    ui::ConsoleState state;
    const float none = outcomeHeight(state);
    const float font = ImGui::GetIO().Fonts->Fonts[0]->FontSize;
    CHECK(none == Approx(font + ImGui::GetStyle().ItemSpacing.y));
}
