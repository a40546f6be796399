#pragma once
// IterationErrorTap: the LogSink a run's VUs log into. It forwards every line to the real sink
// (the CLI's stderr logger, the desktop's console) and records the exceptions that ended an
// iteration — error lines that carry the scenario field, as VuRuntime logs them; console.error
// lines (source=console) are the script's own words, not failures — into RequestStats' failure
// groups. Thread-safe as its parts are.

#include "core/metrics/requeststats.h"
#include "core/script/logsink.h"

#include <QDateTime>

namespace throttle {

class IterationErrorTap : public LogSink
{
public:
    IterationErrorTap(LogSink *inner, RequestStats *stats) : m_inner(inner), m_stats(stats) {}

    void log(LogLevel level, const QString &message, const LogFields &fields = {}) override
    {
        if (level == LogLevel::Error && m_stats) {
            QString scenario;
            bool console = false;
            for (const auto &f : fields) {
                if (f.first == QLatin1String("scenario"))
                    scenario = f.second;
                else if (f.first == QLatin1String("source") && f.second == QLatin1String("console"))
                    console = true;
            }
            if (!scenario.isEmpty() && !console)
                m_stats->recordIterationError(message, scenario, QDateTime::currentMSecsSinceEpoch() * 1000000);
        }
        if (m_inner)
            m_inner->log(level, message, fields);
    }

private:
    LogSink *m_inner;
    RequestStats *m_stats;
};

} // namespace throttle
