#include "quit_signals.hpp"

#include <atomic>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <thread>

#include <pthread.h>

namespace switchboard::ui {

namespace {

std::atomic<int> g_quitSignal{0};

sigset_t quitSet() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGHUP);
    return set;
}

void waitForSignals(sigset_t set) {
    for (;;) {
        int sig = 0;
        if (sigwait(&set, &sig) != 0) continue;
        if (g_quitSignal.exchange(sig) != 0) {
            // Asked twice: the first close is stuck or too slow for whoever sends these. Dying
            // of the signal itself tells the sender (a shell, a session manager) what happened.
            std::signal(sig, SIG_DFL);
            sigset_t only;
            sigemptyset(&only);
            sigaddset(&only, sig);
            pthread_sigmask(SIG_UNBLOCK, &only, nullptr);
            std::raise(sig);
            return;
        }
        // The loop sees it within a second (it never sleeps longer); no GLFW call is made from
        // here, since this thread may run before GLFW starts or after it ended.
        std::fprintf(stderr, "switchboard: %s: closing (what is committed is acknowledged first)\n",
                     strsignal(sig));
    }
}

}  // namespace

void catchQuitSignals() {
    const sigset_t set = quitSet();
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
    std::thread(waitForSignals, set).detach();
}

int quitSignal() {
    return g_quitSignal.load(std::memory_order_relaxed);
}

}  // namespace switchboard::ui
