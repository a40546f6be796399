#include "core/exec/steeringtarget.h"

namespace throttle {

QStringList SteeringTarget::capabilityNames(int caps)
{
    QStringList out;
    if (caps & CapPause)
        out << QStringLiteral("pause");
    if (caps & CapVus)
        out << QStringLiteral("vus");
    if (caps & CapVusMax)
        out << QStringLiteral("vus-max");
    if (caps & CapRate)
        out << QStringLiteral("rate");
    return out;
}

ControlError SteeringTarget::unsupported(const QString &what) const
{
    return ControlError::invalidChange(QStringLiteral("%1 executor '%2' doesn't support %3").arg(executorName(), name(), what));
}

} // namespace throttle
