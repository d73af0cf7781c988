#include "engine/cpu_affinity.hpp"

#include <stdexcept>

namespace switchboard::engine {

bool hasSecondCore() {
    cpu_set_t cores;
    CPU_ZERO(&cores);
    return ::sched_getaffinity(0, sizeof cores, &cores) != 0 || CPU_COUNT(&cores) > 1;
}

PinToOneCpu::PinToOneCpu() {
    CPU_ZERO(&m_before);
    if (::sched_getaffinity(0, sizeof m_before, &m_before) != 0)
        throw std::runtime_error("cannot read which CPUs this thread may run on");
    cpu_set_t one;
    CPU_ZERO(&one);
    for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu)
        if (CPU_ISSET(cpu, &m_before)) {
            CPU_SET(cpu, &one);
            break;
        }
    if (::sched_setaffinity(0, sizeof one, &one) != 0)
        throw std::runtime_error("cannot pin this thread to one CPU (sched_setaffinity)");
}

PinToOneCpu::~PinToOneCpu() {
    ::sched_setaffinity(0, sizeof m_before, &m_before);
}

}  // namespace switchboard::engine
