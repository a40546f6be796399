#include "core/exec/steeringsource.h"

namespace throttle {

namespace {
thread_local SteeringSource::Source t_current = SteeringSource::Source::Other;
}

SteeringSource::Scope::Scope(Source s) : m_previous(t_current)
{
    t_current = s;
}

SteeringSource::Scope::~Scope()
{
    t_current = m_previous;
}

SteeringSource::Source SteeringSource::current()
{
    return t_current;
}

QString SteeringSource::name(Source s)
{
    switch (s) {
    case Source::Desktop: return QStringLiteral("desktop");
    case Source::Rest: return QStringLiteral("rest");
    case Source::Cli: return QStringLiteral("cli");
    case Source::Other: break;
    }
    return QStringLiteral("other");
}

SteeringSource::Source SteeringSource::fromName(const QString &name)
{
    for (Source s : {Source::Desktop, Source::Rest, Source::Cli})
        if (SteeringSource::name(s) == name)
            return s;
    return Source::Other;
}

}   // namespace throttle
