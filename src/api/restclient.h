#pragma once
// RestClient: the client side of the REST control API — the one place that addresses another
// process's API: the CLI control commands and the desktop's RemoteRun and RemoteRequestStats all
// go through it. Blocking calls: each one spins a local event loop until its reply is in, with no
// timeout (as k6); QNetworkAccessManager on the calling thread; no proxy (the API is local control
// traffic). PATCH bodies carry k6's exact bytes, no Content-Type, and are sent chunked as k6's Go
// client does (RawHttpExchange: QNetworkAccessManager always buffers an upload and sends a
// Content-Length). request() builds the same request (address, token, agent) for a caller that
// polls without blocking on its own QNetworkAccessManager. A plain value; any thread.

#include <QByteArray>
#include <QNetworkRequest>
#include <QString>

namespace throttle {

struct RestReply {
    int status = 0;    // HTTP status; 0 = the request failed before an answer
    QByteArray body;
    QString error;     // transport failure in Go's words: `Get "http://h:p/v1/status": dial tcp h:p: connect: connection refused`
    bool transportFailed() const { return status == 0; }
};

class RestClient {
public:
    // "host:port", no scheme; token: sent as `Authorization: Bearer <token>` when not empty.
    explicit RestClient(const QString &address, const QByteArray &token = environmentToken(),
                        const QByteArray &userAgent = QByteArrayLiteral("throttle-cli"))
        : m_address(address), m_token(token), m_userAgent(userAgent)
    {
    }
    static QByteArray environmentToken();   // THROTTLE_API_TOKEN
    QByteArray authorization() const { return m_token.isEmpty() ? QByteArray() : "Bearer " + m_token; }
    QString url(const QString &path) const { return QStringLiteral("http://") + m_address + path; }
    QNetworkRequest request(const QString &path) const;   // for a non-blocking get on the caller's manager
    RestReply get(const QString &path) const;
    RestReply patch(const QString &path, const QByteArray &body) const;
    RestReply put(const QString &path, const QByteArray &body) const;    // Content-Type: application/json
    RestReply post(const QString &path, const QByteArray &body) const;   // Content-Type: application/json

private:
    RestReply send(const QByteArray &verb, const QString &path, const QByteArray *body) const;
    QString transportError(const QString &goVerb, const QString &path, int error, const QString &text) const;

    QString m_address;
    QByteArray m_token;
    QByteArray m_userAgent;
};

} // namespace throttle
