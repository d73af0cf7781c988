// Synthetic bus traffic for the ingest benchmark: message lines of about 400 bytes, in the real
// shapes of tests/fixtures (fedora-messaging records, datagrepper raw records, bare bodies) and
// spread over every family the normalizers know plus some `other`. Deterministic for a seed.
// Single-threaded; no shared state.
#pragma once

#include <cstdint>
#include <string>

namespace switchboard::bench {

struct GeneratedFile {
    uint64_t messages = 0;
    uint64_t bytes = 0;
};

// Writes `count` lines to `path` (replacing it). Every line has a unique message id (bare bodies a
// unique body), so ingesting the file stores every line. Throws std::runtime_error on I/O errors.
GeneratedFile writeBenchMessages(const std::string& path, uint64_t count, uint64_t seed = 1);

// One line (without the '\n') for message number `index` of `count`: what writeBenchMessages
// writes, exposed so that a check can classify a sample of each family.
std::string benchMessage(uint64_t index, uint64_t count, uint64_t seed = 1);

// How many families benchMessage cycles through (index % familyCount() picks one).
int familyCount();

}  // namespace switchboard::bench
