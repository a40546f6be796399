#include "ui/runstate.h"

#include <QMetaEnum>
#include <iterator>

namespace throttle::RunState {

namespace {
constexpr Is _ = Is::Any;
constexpr Is Y = Is::Yes;
constexpr Is N = Is::No;

bool matches(Is cell, bool value)
{
    return cell == Is::Any || (cell == Is::Yes) == value;
}
} // namespace

// The first table of runstate.h, column for column.
const DeriveRow kDeriveTable[12] = {
    {Y, Y, _, _, _, _, _, _, _, _, _, _, Finished},
    {Y, _, N, Y, _, _, _, _, _, _, _, _, Error},
    {Y, _, N, _, _, _, _, _, _, _, _, _, Starting},
    {N, _, _, _, N, _, _, _, _, _, _, _, Empty},
    {N, _, _, _, _, Y, _, _, _, _, _, _, Preparing},
    {N, _, _, _, _, _, Y, _, _, _, _, _, Error},
    {N, _, _, _, _, _, _, N, _, _, _, _, Ready},
    {_, _, _, _, _, _, _, _, Y, _, _, _, Finished},
    {_, _, _, _, _, _, _, _, _, Y, _, _, Stopping},
    {_, _, _, _, _, _, _, _, _, _, Y, _, Paused},
    {_, _, _, _, _, _, _, _, _, _, _, Y, Starting},
    {_, _, _, _, _, _, _, _, _, _, _, _, Running},
};

// The second table of runstate.h, state by state.
const ActionRow kActionTable[36] = {
    {Empty, Action::Start, {}},          {Empty, Action::Pause, {}},        {Empty, Action::Resume, {}},        {Empty, Action::Stop, {}},
    {Preparing, Action::Start, Preparing}, {Preparing, Action::Pause, {}},  {Preparing, Action::Resume, {}},    {Preparing, Action::Stop, Ready},
    {Error, Action::Start, Preparing},   {Error, Action::Pause, {}},        {Error, Action::Resume, {}},        {Error, Action::Stop, {}},
    {Ready, Action::Start, Starting},    {Ready, Action::Pause, {}},        {Ready, Action::Resume, {}},        {Ready, Action::Stop, {}},
    {Starting, Action::Start, {}},       {Starting, Action::Pause, Paused}, {Starting, Action::Resume, {}},     {Starting, Action::Stop, Stopping},
    {Running, Action::Start, {}},        {Running, Action::Pause, Paused},  {Running, Action::Resume, {}},      {Running, Action::Stop, Stopping},
    {Paused, Action::Start, {}},         {Paused, Action::Pause, {}},       {Paused, Action::Resume, Running},  {Paused, Action::Stop, Stopping},
    {Stopping, Action::Start, {}},       {Stopping, Action::Pause, {}},     {Stopping, Action::Resume, {}},     {Stopping, Action::Stop, {}},
    {Finished, Action::Start, Preparing}, {Finished, Action::Pause, {}},    {Finished, Action::Resume, {}},     {Finished, Action::Stop, {}},
};

int matchingRow(const Inputs &in)
{
    for (int i = 0; i < int(std::size(kDeriveTable)); ++i) {
        const DeriveRow &r = kDeriveTable[i];
        if (matches(r.attached, in.attached) && matches(r.remoteEnded, in.remoteEnded) && matches(r.connected, in.connected)
            && matches(r.connectFailed, in.connectFailed) && matches(r.scriptLoaded, in.scriptLoaded)
            && matches(r.preparing, in.preparing) && matches(r.prepareFailed, in.prepareFailed)
            && matches(r.started, in.started) && matches(r.finished, in.finished) && matches(r.stopped, in.stopped)
            && matches(r.paused, in.paused) && matches(r.beforeRunning, in.beforeRunning))
            return i;
    }
    return int(std::size(kDeriveTable)) - 1;   // not reached: the last row matches everything
}

State derive(const Inputs &in)
{
    return kDeriveTable[matchingRow(in)].state;
}

std::optional<State> after(State from, Action action, bool attached)
{
    if (attached && action == Action::Start)
        return std::nullopt;
    for (const ActionRow &r : kActionTable)
        if (r.from == from && r.action == action)
            return r.to;
    return std::nullopt;
}

QString name(State state)
{
    return QString::fromLatin1(QMetaEnum::fromType<State>().valueToKey(state)).toLower();
}

} // namespace throttle::RunState
