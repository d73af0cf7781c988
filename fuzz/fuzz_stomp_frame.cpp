// libFuzzer target for the STOMP frame codec: any byte stream, split at a point the input chooses,
// must decode to frames or a StompFrameError; every readable frame must re-encode to bytes that
// decode to the same frame, and an unreadable one must be a MESSAGE within the bounds it keeps.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "bus/stomp_frame.hpp"

using switchboard::bus::StompDecoder;
using switchboard::bus::StompFrame;
using switchboard::bus::StompFrameError;
using switchboard::bus::StompLimits;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0) return 0;
    StompLimits limits;
    limits.maxFrameSize = 1 << 16;
    limits.maxBodySize = 1 << 15;
    limits.maxHeaders = 64;
    limits.maxHeaderLength = 1024;
    limits.unreadableBodyKept = 512;
    size_t split = data[0] % (size);
    std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
    split = std::min(split, bytes.size());

    StompDecoder dec(limits);
    std::vector<StompFrame> frames;
    try {
        dec.feed(bytes.substr(0, split), frames);
        dec.feed(bytes.substr(split), frames);
    } catch (const StompFrameError&) {
    }
    for (const StompFrame& f : frames) {
        if (!f.unreadable.empty()) {
            // The extra headers kept past the limit are the six that frame or ack a MESSAGE.
            if (f.command != "MESSAGE" || f.headers.size() > limits.maxHeaders + 6 ||
                f.body.size() > limits.maxBodySize)
                std::abort();
            continue;
        }
        std::string again;
        try {
            again = switchboard::bus::encodeFrame(f);
        } catch (const StompFrameError&) {
            continue;  // a CONNECTED header holding CR/LF cannot be re-framed unescaped
        }
        StompDecoder dec2;
        std::vector<StompFrame> back;
        dec2.feed(again, back);
        if (back.size() != 1 || !(back[0] == f)) std::abort();
    }
    return 0;
}
