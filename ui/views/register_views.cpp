// Every view, in menu order (Ctrl+1.. follows this order).
#include "views/feed_view.hpp"
#include "views/event_detail_view.hpp"
#include "views/view.hpp"

namespace switchboard::ui {

std::unique_ptr<View> makeRunsView();
std::unique_ptr<View> makeListsEditor();
std::unique_ptr<View> makeRulesEditor();
std::unique_ptr<View> makePointersView();
std::unique_ptr<View> makeConnectionsView();
std::unique_ptr<View> makeAuditView();

std::vector<std::unique_ptr<View>> registerViews() {
    std::vector<std::unique_ptr<View>> views;
    views.push_back(std::make_unique<FeedView>());
    views.push_back(std::make_unique<EventDetailView>());
    views.push_back(makeRunsView());
    views.push_back(makeListsEditor());
    views.push_back(makeRulesEditor());
    views.push_back(makePointersView());
    views.push_back(makeConnectionsView());
    views.push_back(makeAuditView());
    return views;
}

}  // namespace switchboard::ui
