// Process-wide allocator settings for `serve` and the console, made at their start before any of
// their threads starts.
#pragma once

namespace switchboard::cli {

// Turns off glibc's fast bins (mallopt M_MXFAST 0). A bus connection's thread allocates each
// delivery (librabbitmq takes a 4 KiB block per message) and the ingest thread frees it; those
// frees land in the connection thread's fast bins, and glibc sweeps them all into its free lists
// before every allocation of 1 KiB or more (malloc_consolidate), so about once per message. The
// per-thread caches (tcache) still serve small allocations. In bench/bus (three interleaved pairs
// each), serve spent 6 % less CPU per message with the same setting through GLIBC_TUNABLES, and
// 6-26 % less with this call (the machine's load moved).
// Only those two: a thread that allocates and frees its own small blocks (file ingest on one core,
// building and freeing each message's JSON tree) is faster with the fast bins: storing 1,000,000
// bench lines (440 bytes each) pinned to one CPU, into a database whose filter indexes had been
// dropped beforehand, took 7.8-7.9 s with this setting and 7.4-7.5 s without, in two pairs of
// runs.
void tuneAllocator();

}  // namespace switchboard::cli
