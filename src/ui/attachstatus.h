#pragma once
// AttachStatus: the line the toolbar shows for an attached run and how to colour it. A run whose
// REST API stops answering after it had answered (`throttle run` and k6 close their API at the
// end, showing status 9/10 for only a few ms) is "ended", not an error: "connection refused" then
// only means the run is over.
//
// | connected | error | run seen over | kind       | text                                         |
// |-----------|-------|---------------|------------|----------------------------------------------|
// | yes       | -     | -             | attached   | Attached to <address>                        |
// | no        | ""    | -             | connecting | Connecting to <address>…                     |
// | no        | text  | no            | error      | <error>                                      |
// | no        | text  | yes           | ended      | The run has ended; its REST API closed (<error>) |
// "run seen over": it answered before, or its last status was stopped or ended.
// Header-only; no state.

#include <QString>

namespace throttle {

struct AttachStatus {
    QString text;
    QString kind;   // "attached" | "connecting" | "error" | "ended"

    static AttachStatus describe(const QString &address, bool connected, const QString &error, bool runOver)
    {
        if (connected)
            return {QStringLiteral("Attached to %1").arg(address), QStringLiteral("attached")};
        if (error.isEmpty())
            return {QStringLiteral("Connecting to %1…").arg(address), QStringLiteral("connecting")};
        if (runOver)
            return {QStringLiteral("The run has ended; its REST API closed (%1)").arg(error), QStringLiteral("ended")};
        return {error, QStringLiteral("error")};
    }
};

} // namespace throttle
