#pragma once
// RunState: the window's run state, which of the person's actions each state takes and where they
// lead, as tables (data below, tested row by row in tests/ui/tst_runstate.cpp). QML binds to the
// enum (RunState.Running), never to state strings; state names remain for the status badge.
//
// The state, from what the window knows (first matching row wins; - = any):
//
// | attached | remote ended | connected | connect failed | script | preparing | prepare failed | started | finished | stopped | paused | before running (status < 7) | state     |
// |----------|--------------|-----------|----------------|--------|-----------|----------------|---------|----------|---------|--------|-----------------------------|-----------|
// | yes      | yes          | -         | -              | -      | -         | -              | -       | -        | -       | -      | -                           | finished  |
// | yes      | -            | no        | yes            | -      | -         | -              | -       | -        | -       | -      | -                           | error     |
// | yes      | -            | no        | -              | -      | -         | -              | -       | -        | -       | -      | -                           | starting  |
// | no       | -            | -         | -              | no     | -         | -              | -       | -        | -       | -      | -                           | empty     |
// | no       | -            | -         | -              | -      | yes       | -              | -       | -        | -       | -      | -                           | preparing |
// | no       | -            | -         | -              | -      | -         | yes            | -       | -        | -       | -      | -                           | error     |
// | no       | -            | -         | -              | -      | -         | -              | no      | -        | -       | -      | -                           | ready     |
// | -        | -            | -         | -              | -      | -         | -              | -       | yes      | -       | -      | -                           | finished  |
// | -        | -            | -         | -              | -      | -         | -              | -       | -        | yes     | -      | -                           | stopping  |
// | -        | -            | -         | -              | -      | -         | -              | -       | -        | -       | yes    | -                           | paused    |
// | -        | -            | -         | -              | -      | -         | -              | -       | -        | -       | -      | yes                         | starting  |
// | -        | -            | -         | -              | -      | -         | -              | -       | -        | -       | -      | -                           | running   |
//
// The person's actions and where they lead (- = refused; Start is refused in every state while
// attached: that run was started elsewhere):
//
// | state     | Start                 | Pause  | Resume  | Stop                    |
// |-----------|-----------------------|--------|---------|-------------------------|
// | empty     | -                     | -      | -       | -                       |
// | preparing | preparing (queued)    | -      | -       | ready (drops the script's preparation) |
// | error     | preparing (again)     | -      | -       | -                       |
// | ready     | starting              | -      | -       | -                       |
// | starting  | -                     | paused | -       | stopping                |
// | running   | -                     | paused | -       | stopping                |
// | paused    | -                     | -      | running | stopping                |
// | stopping  | -                     | -      | -       | -                       |
// | finished  | preparing (run again) | -      | -       | -                       |
//
// Header + small .cpp; no state of its own, any thread.

#include <QObject>
#include <QString>
#include <QtQml/qqmlregistration.h>
#include <optional>

namespace throttle {
namespace RunState {
Q_NAMESPACE
QML_ELEMENT

enum State { Empty, Preparing, Error, Ready, Starting, Running, Paused, Stopping, Finished };
Q_ENUM_NS(State)

enum class Action { Start, Pause, Resume, Stop };

// What the window knows; each field is one column of the first table.
struct Inputs {
    bool attached = false;
    bool remoteEnded = false;     // attached: the run's REST API closed after it had answered
    bool connected = false;       // attached: the last status poll was answered
    bool connectFailed = false;   // attached: it failed with an error
    bool scriptLoaded = false;
    bool preparing = false;
    bool prepareFailed = false;
    bool started = false;         // the local session has started
    bool finished = false;
    bool stopped = false;         // the run's status: stop asked, VUs winding down
    bool paused = false;
    bool beforeRunning = false;   // the run's status is below 7 (Running)
};

// A cell of the first table: the row matches when every column does.
enum class Is : quint8 { Any, Yes, No };

struct DeriveRow {
    Is attached, remoteEnded, connected, connectFailed, scriptLoaded, preparing, prepareFailed, started, finished,
        stopped, paused, beforeRunning;
    State state;
};

struct ActionRow {
    State from;
    Action action;
    std::optional<State> to;   // nullopt: refused
};

extern const DeriveRow kDeriveTable[12];
extern const ActionRow kActionTable[36];

int matchingRow(const Inputs &in);   // index of the first row of kDeriveTable that matches
State derive(const Inputs &in);
// Where `action` leads from `from`; nullopt when it is refused (attached: Start always is).
std::optional<State> after(State from, Action action, bool attached);
inline bool allows(State from, Action action, bool attached) { return after(from, action, attached).has_value(); }
QString name(State state);   // "running": the badge's text
} // namespace RunState
} // namespace throttle
