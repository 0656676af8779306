// Messages without a microphone: who each reaches, what is refused (with its field), the
// flood limit, the kept history, and that slow-down and help become messages to the
// technician while no message changes routing, on a real engine.
#include "MessageBoard.h"

#include "SessionStatus.h"
#include "session/SessionValidation.h"
#include "support/ToneRig.h"

#include <algorithm>
#include <catch2/catch.hpp>

using namespace dragoman;
using namespace dragoman::test;

namespace {

MessageRecipient to(const std::string& text) {
    const RecipientParse parse = parseRecipient(text);
    REQUIRE(parse.recipient);
    return *parse.recipient;
}

} // namespace

TEST_CASE("recipients and quick messages have one text form", "[messages]") {
    for (const char* text : {"boothmates", "technician", "booth:ja", "console:ko-en-1"})
        CHECK(recipientText(to(text)) == text);
    CHECK(parseRecipient("booth:").error.find("booth:") != std::string::npos);
    CHECK(parseRecipient("everyone").error.find("\"everyone\" is not a recipient") !=
          std::string::npos);
    for (const QuickMessage quick : kQuickMessages) {
        CHECK(parseQuickMessage(quickMessageName(quick)) == quick);
        CHECK_FALSE(quickMessageWords(quick).empty());
    }
    CHECK_FALSE(parseQuickMessage("dance"));
}

TEST_CASE("message text is short clean UTF-8", "[messages]") {
    CHECK(messageTextProblem("Next: Herr Müller, 日本語 ok").empty());
    CHECK(messageTextProblem(std::string(kMaxMessageText, 'a')).empty());
    CHECK(messageTextProblem(std::string(kMaxMessageText + 1, 'a')) == "longer than 280 bytes");
    CHECK(messageTextProblem("line\nbreak") == "a control character at byte 4");
    CHECK(messageTextProblem("esc\x1b[2J") == "a control character at byte 3");
    CHECK(messageTextProblem("bad \xff") == "not UTF-8 at byte 4");
    CHECK(messageTextProblem("cut \xe6\x97") == "not UTF-8 at byte 4");
    CHECK(messageTextProblem("overlong \xe0\x80\xaf") == "not UTF-8 at byte 9");
    CHECK(messageTextProblem("surrogate \xed\xa0\x80") == "not UTF-8 at byte 10");
    CHECK(messageTextProblem("c1 \xc2\x85") == "a control character at byte 3");
}

TEST_CASE("a message reaches its recipients and no one else", "[messages]") {
    MessageBoard board;
    board.setSession(summitSession()); // ko-en: ko-en-1, ko-en-2; ja: ja-1
    const auto mates =
        board.post("ko-en-1", to("boothmates"), QuickMessage::TakeOverSoon, "").message;
    const auto relay = board
                           .post("ja-1", to("booth:ko-en"), QuickMessage::None,
                                 "Please say the speaker's name again")
                           .message;
    const auto one =
        board.post("technician", to("console:ja-1"), QuickMessage::None, "Your mic is noisy")
            .message;
    const auto tech =
        board.post("ko-en-2", to("technician"), QuickMessage::FloorSoundBad, "").message;
    REQUIRE(mates);
    REQUIRE(relay);
    REQUIRE(one);
    REQUIRE(tech);
    CHECK(mates->number == 1);
    CHECK(tech->number == 4);
    CHECK(board.latest() == 4);
    CHECK(mates->words() == "Take over in 2 minutes");

    const auto readers = [&](const BoothMessage& m) {
        std::vector<std::string> r;
        for (const char* reader : {"ko-en-1", "ko-en-2", "ja-1", "technician"})
            if (board.reaches(m, reader))
                r.push_back(reader);
        return r;
    };
    CHECK(readers(*mates) == std::vector<std::string>{"ko-en-2"});
    CHECK(readers(*relay) == std::vector<std::string>{"ko-en-1", "ko-en-2"});
    CHECK(readers(*one) == std::vector<std::string>{"ja-1"});
    CHECK(readers(*tech) == std::vector<std::string>{"technician"});

    const auto later = board.since(2);
    REQUIRE(later.size() == 2);
    CHECK(later[0] == *one);
    CHECK(later[1] == *tech);
}

TEST_CASE("a message that cannot be delivered is refused naming its field", "[messages]") {
    MessageBoard board;
    board.setSession(summitSession());
    const auto refusal = [&](std::string_view from, const std::string& recipient,
                             std::string_view text) {
        return board.post(from, to(recipient), QuickMessage::None, text).refusal;
    };
    CHECK(refusal("nobody", "technician", "hi") == "from: unknown console \"nobody\"");
    CHECK(refusal("ko-en-1", "booth:fr", "hi") == "to: unknown booth \"fr\"");
    CHECK(refusal("ko-en-1", "console:fr-1", "hi") == "to: unknown console \"fr-1\"");
    CHECK(refusal("ko-en-1", "console:ko-en-1", "hi") == "to: a console's message to itself");
    CHECK(refusal("technician", "boothmates", "hi") == "to: the technician has no boothmates");
    CHECK(refusal("technician", "technician", "hi") == "to: the technician's message to itself");
    CHECK(refusal("ko-en-1", "technician", "").starts_with("text: empty"));
    CHECK(refusal("ko-en-1", "technician", "a\tb") == "text: a control character at byte 1");
    CHECK(board.latest() == 0); // nothing refused was kept
}

TEST_CASE("a sender that floods the board is held back, the others are not", "[messages]") {
    MessageBoard board;
    board.setSession(summitSession());
    for (std::size_t i = 0; i < MessageBoard::kMostPerWindow; ++i)
        REQUIRE(board.post("ko-en-1", to("technician"), QuickMessage::Louder, "").message);
    const PostedMessage held = board.post("ko-en-1", to("technician"), QuickMessage::Louder, "");
    CHECK_FALSE(held.message);
    CHECK(held.refusal.starts_with("from: more than 10 messages in 10 s"));
    CHECK(board.post("ja-1", to("technician"), QuickMessage::Louder, "").message);
}

TEST_CASE("the board keeps the newest messages, numbered on", "[messages]") {
    MessageBoard board;
    board.setSession(summitSession());
    const auto t0 = std::chrono::system_clock::now();
    // The flood limit is per sender and per 10 s, so a history of 512 takes a board whose
    // senders are many: the technician and every console, a message each to the next.
    Session big = summitSession();
    Booth many;
    many.id = "many";
    many.outputs = {"en"};
    for (int c = 1; c <= 60; ++c)
        many.consoles.push_back({"m" + std::to_string(c), c});
    big.booths.push_back(many);
    MessageBoard wide;
    wide.setSession(big);
    for (int round = 0; round < 9; ++round)
        for (int c = 1; c <= 60; ++c)
            REQUIRE(wide.post("m" + std::to_string(c), to("technician"), QuickMessage::None,
                              "message " + std::to_string(round * 60 + c), t0)
                        .message);
    const std::size_t posted = 9 * 60;
    CHECK(wide.latest() == posted);
    const auto kept = wide.since(0);
    REQUIRE(kept.size() == MessageBoard::kKept);
    CHECK(kept.front().number == posted - MessageBoard::kKept + 1);
    CHECK(kept.back().text == "message 540");
}

TEST_CASE("slow-down and help become messages to the technician and change no routing",
          "[messages]") {
    ToneRig rig(summitSession(), 48000.0);
    SessionStatus status;
    rig.engine().press("ko-en-1", {ConsoleKey::Mic, Switch::On});
    rig.run(0.2);
    status.update(rig.engine());
    const double before = rig.level("channel en", "ko-en-1", 0.15, 0.2);
    REQUIRE(before > 0.1);

    rig.engine().press("ja-1", {ConsoleKey::SlowDown, Switch::On});
    rig.engine().press("ko-en-2", {ConsoleKey::Help, Switch::On});
    // A message of every kind from and to the on-air console: routing stays as it was.
    MessageBoard& board = rig.engine().messages();
    REQUIRE(
        board.post("technician", to("console:ko-en-1"), QuickMessage::None, "mic off!").message);
    REQUIRE(board.post("ko-en-1", to("boothmates"), QuickMessage::TakeOverSoon, "").message);
    rig.run(0.3);
    status.update(rig.engine());

    const auto messages = board.since(0);
    std::vector<std::string> toTechnician;
    for (const BoothMessage& m : messages)
        if (board.reaches(m, "technician"))
            toTechnician.push_back(m.from + " " + m.words());
    std::sort(toTechnician.begin(), toTechnician.end()); // one block: either may come first
    CHECK(toTechnician ==
          std::vector<std::string>{"ja-1 Slow down, please", "ko-en-2 Help, please"});
    CHECK(status.console("ko-en-1")->state.micOn);
    CHECK(status.channel("en")->interpreter == "ko-en-1");
    CHECK(rig.level("channel en", "ko-en-1", 0.4, 0.5) == Approx(before).margin(0.01));

    // A signal held on posts once; let go and pressed again, once more.
    rig.engine().press("ja-1", {ConsoleKey::SlowDown, Switch::Off});
    rig.run(0.1);
    status.update(rig.engine());
    CHECK(board.since(4).empty());
    rig.engine().press("ja-1", {ConsoleKey::SlowDown, Switch::On});
    rig.run(0.1);
    status.update(rig.engine());
    CHECK(board.since(4).size() == 1);
}

TEST_CASE("no console may take the technician's name in messages", "[messages]") {
    Session session = summitSession();
    session.booths[0].consoles[0].id = "technician";
    const Problems problems = validateSession(session);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].path == "booths[0].consoles[0].id");
    CHECK(problems[0].message.find("technician") != std::string::npos);
}
