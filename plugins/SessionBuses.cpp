// See SessionBuses.h.
#include "SessionBuses.h"

namespace dragoman::plugin {

std::vector<BusSpec> inputBusSpecs(const Session& session) {
    std::vector<BusSpec> specs{{BusSpec::Kind::Floor, "", "Floor", session.floor.channels}};
    for (const Booth& booth : session.booths)
        for (const Console& console : booth.consoles)
            specs.push_back({BusSpec::Kind::Mic, console.id, "Mic " + console.id, 1});
    return specs;
}

std::vector<BusSpec> outputBusSpecs(const Session& session) {
    std::vector<BusSpec> specs;
    for (const LanguageChannel& channel : session.channels)
        specs.push_back({BusSpec::Kind::Channel, channel.id, "Channel " + channel.id, 1});
    for (const Booth& booth : session.booths)
        for (const Console& console : booth.consoles)
            specs.push_back({BusSpec::Kind::Phones, console.id, "Phones " + console.id, 1});
    specs.push_back({BusSpec::Kind::Talkback, "", "Talkback", 1});
    return specs;
}

} // namespace dragoman::plugin
