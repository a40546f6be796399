#include "ui/requestsfeed.h"

namespace throttle {

const QString RequestsFeed::kNotExposed = QStringLiteral(
    "The attached run's REST API has no per-request data: k6, and Throttle in strict-k6 mode, expose only "
    "whole-run metrics (/v1/metrics). A Throttle run serves /v1/throttle/requests and /v1/throttle/failures.");

void RequestsFeed::show(const RequestsReading &reading)
{
    const QString note = !reading.supported ? QStringLiteral("Waiting for the run's REST API…")
                         : !*reading.supported ? kNotExposed
                                              : QString();
    m_requests.setNote(note);
    m_failures.setNote(note);
    if (reading.supported == true) {
        m_requests.update(reading.snapshot.requests, reading.elapsedSec, reading.snapshot.truncated);
        m_failures.update(reading.snapshot.failures);
    }
}

void RequestsFeed::clear()
{
    m_requests.clear();
    m_failures.clear();
    m_requests.setNote(QString());
    m_failures.setNote(QString());
}

} // namespace throttle
