// SIGTERM, SIGINT and SIGHUP close the console the way Quit does. A session's logout, a
// `systemctl --user stop` or Ctrl+C in the launching terminal sends one of them; without this the
// process died at once: messages committed but not yet acknowledged came back from the broker as
// duplicates, and the filter, watches and splitter since the last save were lost.
#pragma once

namespace switchboard::ui {

// Blocks the three signals in this thread, and so in every thread started after it, and starts a
// thread that waits for them. Call first in main(), before any other thread exists: a signal
// delivered to a bus or ingest thread would break its poll() with EINTR. A second signal, while
// the console is still closing, ends the process at once, as the signal would have.
void catchQuitSignals();

// The signal that asked the console to close, or 0.
int quitSignal();

}  // namespace switchboard::ui
