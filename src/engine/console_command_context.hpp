// The console engine's command thread's store handles (internal to console_*.cpp): its own
// connection, never the event writer's. Command thread only.
#pragma once

#include "engine/console_engine.hpp"
#include "store/database.hpp"
#include "store/event_store.hpp"
#include "store/run_store.hpp"

namespace switchboard::engine {

struct ConsoleEngine::CommandContext {
    store::Database db;
    store::EventStore events{db};
    store::RunStore runs{db};
    explicit CommandContext(const std::string& path) : db(path) {}
};

}  // namespace switchboard::engine
