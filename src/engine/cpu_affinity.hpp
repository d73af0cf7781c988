// Which CPUs the calling thread may run on. File ingest parses on a second thread only when a
// second CPU can run it; the ingest bench and its test pin themselves to one CPU to measure and
// check that case, as `taskset -c 0` runs it.
#pragma once

#include <sched.h>

namespace switchboard::engine {

// True when the calling thread may run on more than one CPU (or when that cannot be read).
bool hasSecondCore();

// Pins the calling thread, and the threads it starts, to the first CPU it may run on, for its
// lifetime; the destructor gives back the CPUs it had. Throws std::runtime_error when it cannot.
class PinToOneCpu {
public:
    PinToOneCpu();
    ~PinToOneCpu();
    PinToOneCpu(const PinToOneCpu&) = delete;
    PinToOneCpu& operator=(const PinToOneCpu&) = delete;

    // How many CPUs the thread could run on before.
    int cpusBefore() const { return CPU_COUNT(&m_before); }

private:
    cpu_set_t m_before;
};

}  // namespace switchboard::engine
