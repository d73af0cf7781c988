// Process-wide allocator settings, made once at the start of main() before any thread starts.
#pragma once

namespace switchboard::cli {

// Turns off glibc's fast bins (mallopt M_MXFAST 0). A bus connection's thread allocates each
// delivery (librabbitmq takes a 4 KiB block per message) and the ingest thread frees it; those
// frees land in the connection thread's fast bins, and glibc sweeps them all into its free lists
// before every allocation of 1 KiB or more (malloc_consolidate), so about once per message. The
// per-thread caches (tcache) still serve small allocations. In bench/bus (three interleaved pairs
// each), serve spent 6 % less CPU per message with the same setting through GLIBC_TUNABLES, and
// 6-26 % less with this call (the machine's load moved); file ingest did not change.
void tuneAllocator();

}  // namespace switchboard::cli
