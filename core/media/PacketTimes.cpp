#include "media/PacketTimes.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <mutex>

#include "media/Av.h"

namespace restyle {

int64_t timestampOf(const AVPacket* p) {
    return p->pts != AV_NOPTS_VALUE ? p->pts : p->dts;
}

namespace {

PacketTimes scanUncached(const std::string& path, int streamIndex) {
    av::InputContext ctx = av::openInput(path);
    av::Packet pkt = av::makePacket();
    PacketTimes t;
    while (av_read_frame(ctx.get(), pkt.get()) >= 0) {
        if (pkt->stream_index == streamIndex && pkt->size > 0 &&
            !(pkt->flags & AV_PKT_FLAG_DISCARD)) {
            t.ts.push_back(timestampOf(pkt.get()));
            if (pkt->pts == AV_NOPTS_VALUE) t.fromDts = true;
            if (pkt->flags & AV_PKT_FLAG_KEY) t.keyTs.push_back(timestampOf(pkt.get()));
        }
        av_packet_unref(pkt.get());
    }
    std::sort(t.ts.begin(), t.ts.end());
    std::sort(t.keyTs.begin(), t.keyTs.end());
    return t;
}

}  // namespace

PacketTimes scanPacketTimes(const std::string& path, int streamIndex) {
    static std::mutex mutex;
    static std::map<std::string, PacketTimes> cache;
    std::error_code ec;
    const auto size = std::filesystem::file_size(path, ec);
    const auto time = std::filesystem::last_write_time(path, ec).time_since_epoch().count();
    const std::string key = path + "|" + std::to_string(streamIndex) + "|" + std::to_string(size) +
                            "|" + std::to_string(time);
    {
        std::lock_guard lock(mutex);
        if (auto it = cache.find(key); it != cache.end()) return it->second;
    }
    PacketTimes times = scanUncached(path, streamIndex);
    std::lock_guard lock(mutex);
    if (cache.size() > 64) cache.clear();
    cache[key] = times;
    return times;
}

}  // namespace restyle
