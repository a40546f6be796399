#include "ui/requestsfeed.h"

namespace throttle {

namespace {
constexpr qint64 kLocalEveryMs = 1000;
}

const QString RequestsFeed::kNotExposed = QStringLiteral(
    "The attached run's REST API has no per-request data: k6, and Throttle in strict-k6 mode, expose only "
    "whole-run metrics (/v1/metrics). A Throttle run serves /v1/throttle/requests and /v1/throttle/failures.");

void RequestsFeed::local(const RequestStats &stats, double elapsedSec, bool force)
{
    if (!force && m_last.isValid() && m_last.elapsed() < kLocalEveryMs)
        return;
    m_last.start();
    const RequestStatsSnapshot s = stats.snapshot();
    m_requests.setNote(QString());
    m_failures.setNote(QString());
    m_requests.update(s.requests, elapsedSec, s.truncated);
    m_failures.update(s.failures);
}

void RequestsFeed::attached(const AttachedRequests &remote)
{
    const QString note = !remote.supported ? QStringLiteral("Waiting for the run's REST API…")
                         : !*remote.supported ? kNotExposed
                                              : QString();
    m_requests.setNote(note);
    m_failures.setNote(note);
    if (remote.supported == true) {
        m_requests.update(remote.snapshot.requests, remote.elapsedSec, remote.snapshot.truncated);
        m_failures.update(remote.snapshot.failures);
    }
}

void RequestsFeed::clear()
{
    m_last.invalidate();
    m_requests.clear();
    m_failures.clear();
    m_requests.setNote(QString());
    m_failures.setNote(QString());
}

} // namespace throttle
