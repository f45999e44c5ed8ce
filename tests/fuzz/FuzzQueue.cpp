// Fuzz target: the batch queue's file (never throws; a bad entry is set aside).
#include "FuzzSupport.h"
#include "common/Error.h"
#include "common/JsonFile.h"
#include "jobs/QueueFile.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    nlohmann::json doc;
    try {
        doc = restyle::parseJsonText(restyle::fuzz::text(data, size), "queue.json");
    } catch (const restyle::InputError&) {
        return 0;
    }
    try {
        const auto q = restyle::parseQueue(doc, "queue.json");
        restyle::parseQueue(restyle::queueToJson(q.entries, q.nextId), "again");
    } catch (const restyle::InputError&) {  // the document itself is not a queue
    }
    return 0;
}
