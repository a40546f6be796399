#include "core/script/compilernoise.h"

#include <QtGlobal>

#include <cstring>
#include <mutex>

namespace throttle {

namespace {

thread_local int t_depth = 0;
QtMessageHandler g_previous = nullptr;

void filteringHandler(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (t_depth > 0 && context.category && std::strcmp(context.category, "qt.qml.compiler") == 0)
        return;
    if (g_previous)
        g_previous(type, context, message);
    else
        qt_message_output(type, context, message);
}

} // namespace

CompilerNoise::CompilerNoise()
{
    static std::once_flag once;
    std::call_once(once, [] { g_previous = qInstallMessageHandler(filteringHandler); });
    ++t_depth;
}

CompilerNoise::~CompilerNoise()
{
    --t_depth;
}

} // namespace throttle
