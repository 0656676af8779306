// Writes a benchmark conference as a session file, for programs measured from outside (the
// resident memory of `dragoman run` in bench/memory.sh):
//   dragoman_conference_session LANGUAGES > conference.json
#include "ConferenceSessions.h"
#include "session/SessionJson.h"

#include <cstdlib>
#include <iostream>
#include <string>

int main(int argc, char** argv) {
    const int languages = argc == 2 ? std::atoi(argv[1]) : 0;
    if (languages < 1 || languages > 26 * 26) {
        std::cerr << "usage: dragoman_conference_session LANGUAGES (1 to 676)\n";
        return 2;
    }
    std::cout << dragoman::sessionToJson(dragoman::bench::conferenceSession(languages));
    return 0;
}
