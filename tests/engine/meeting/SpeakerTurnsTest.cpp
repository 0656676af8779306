// Who takes the floor in the meeting: the room's participants as `listparticipants` gives them,
// the language each declared, and the turns that the floor language may follow.
#include "meeting/SpeakerTurns.h"

#include "meeting/MeetingAnswers.h"

#include <catch2/catch.hpp>

using namespace dragoman;
using json = nlohmann::json;

namespace {

std::vector<RoomParticipant> reading(std::initializer_list<std::pair<const char*, bool>> who) {
    std::vector<RoomParticipant> participants;
    for (const auto& [id, talking] : who)
        participants.push_back({id, std::string("P") + id, std::nullopt, talking});
    return participants;
}

} // namespace

TEST_CASE("the room's participants are read with the language each declared") {
    const json answer = json::parse(R"({"audiobridge": "participants", "room": 7800,
        "participants": [
          {"id": 4837612822575853, "display": "Speaker · ko", "talking": true},
          {"id": "alice", "display": "Alice · pt-BR", "talking": false},
          {"id": 12, "display": "No language"},
          {"display": "no id · en", "talking": true},
          {"id": -3, "display": "negative · en"},
          {"id": 13, "display": ["not", "text"], "talking": "yes"}]})");
    const std::vector<RoomParticipant> people = participantsIn(answer);
    REQUIRE(people.size() == 4);
    CHECK(people[0] == RoomParticipant{"4837612822575853", "Speaker · ko", "ko", true});
    CHECK(people[1] == RoomParticipant{"alice", "Alice · pt-BR", "pt-BR", false});
    CHECK(people[2] == RoomParticipant{"12", "No language", std::nullopt, false});
    CHECK(people[3] == RoomParticipant{"13", "", std::nullopt, false});
    CHECK(participantsIn(json::parse(R"({"participants": {"id": 1}})")).empty());
}

TEST_CASE("a declared language is a language code after the last middle dot") {
    CHECK(declaredLanguage("Kim · ko") == "ko");
    CHECK(declaredLanguage("A · B · zh-hant") == "zh-hant");
    CHECK_FALSE(declaredLanguage("Kim ko"));
    CHECK_FALSE(declaredLanguage("Kim · Korean"));
    CHECK_FALSE(declaredLanguage("Kim · "));
    // A long name cut for display keeps its language: read before the cut.
    const std::string longName(5000, 'x');
    const auto people = participantsIn(
        json{{"participants", json::array({json{{"id", 1}, {"display", longName + " · ja"}}})}});
    REQUIRE(people.size() == 1);
    CHECK(people[0].language == "ja");
    CHECK(people[0].display.size() <= kMostDisplayBytes + 3);
}

TEST_CASE("a turn begins when someone talks alone who did not have the last one") {
    SpeakerTurns turns;
    CHECK_FALSE(turns.next(reading({{"1", false}, {"2", false}})));
    const auto first = turns.next(reading({{"1", true}, {"2", false}}));
    REQUIRE(first);
    CHECK(first->id == "1");
    // The same speaker goes on, pauses and goes on: still their turn.
    CHECK_FALSE(turns.next(reading({{"1", true}, {"2", false}})));
    CHECK_FALSE(turns.next(reading({{"1", false}, {"2", false}})));
    CHECK_FALSE(turns.next(reading({{"1", true}, {"2", false}})));
    // Two at once (a question over the answer): no turn either way.
    CHECK_FALSE(turns.next(reading({{"1", true}, {"2", true}})));
    // The other alone: theirs.
    const auto second = turns.next(reading({{"1", false}, {"2", true}}));
    REQUIRE(second);
    CHECK(second->id == "2");
    // And back.
    CHECK(turns.next(reading({{"1", true}}))->id == "1");
    CHECK_FALSE(turns.next({}));
}

TEST_CASE("a turn sets the floor language only to a declared language a channel has") {
    CHECK(effectOfTurn("en", true, "ko") == TurnEffect::SetFloorLanguage);
    CHECK(effectOfTurn("ko", true, "ko") == TurnEffect::AlreadyTheFloor);
    CHECK(effectOfTurn("fr", false, "ko") == TurnEffect::NoChannel);
    CHECK(effectOfTurn("", false, "ko") == TurnEffect::NoChannel);
}
