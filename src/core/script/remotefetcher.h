#pragma once
// RemoteFetcher: downloads one remote module (k6's https:// imports) with libcurl, as k6 v1.3's
// loader does: redirects followed, 200 is the only good answer, the CA store taken from
// SSL_CERT_FILE / SSL_CERT_DIR when set (as Go does), else the system's. Errors are worded as
// k6's ("not found: URL", "wrong status code (500) for: URL", `Get "URL": dial tcp …`).
// Stateless apart from its cancel flag; one fetch at a time on the calling (loading) thread.

#include <QByteArray>
#include <QString>

#include <atomic>

namespace throttle {

struct RemoteFetch {
    enum class Outcome { Ok, HttpError, TransportError };
    Outcome outcome = Outcome::TransportError;
    QByteArray body;
    QString finalUrl;   // after redirects
    QString error;      // k6's words for what went wrong ("" when Ok)
};

class RemoteFetcher {
public:
    explicit RemoteFetcher(const std::atomic<bool> *cancel = nullptr) : m_cancel(cancel) {}
    RemoteFetch fetch(const QString &url) const;

private:
    const std::atomic<bool> *m_cancel;
};

} // namespace throttle
