#include "api/restclient.h"

#include "api/rawhttpexchange.h"

#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QUrl>

namespace throttle {

namespace {

QString goVerbOf(const QByteArray &verb)
{
    return QString::fromLatin1(verb.left(1) + verb.mid(1).toLower());   // "Get", "Patch"
}

} // namespace

QByteArray RestClient::environmentToken()
{
    return qgetenv("THROTTLE_API_TOKEN");
}

QNetworkRequest RestClient::request(const QString &path) const
{
    QNetworkRequest req{QUrl(url(path))};
    req.setHeader(QNetworkRequest::UserAgentHeader, m_userAgent);
    req.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    if (!m_token.isEmpty())
        req.setRawHeader("Authorization", authorization());
    return req;
}

RestReply RestClient::get(const QString &path) const
{
    return send("GET", path, nullptr);
}

RestReply RestClient::put(const QString &path, const QByteArray &body) const
{
    return send("PUT", path, &body);
}

RestReply RestClient::post(const QString &path, const QByteArray &body) const
{
    return send("POST", path, &body);
}

RestReply RestClient::patch(const QString &path, const QByteArray &body) const
{
    // k6's client sends its PATCH chunked with no Content-Type; QNAM cannot, so a raw socket does.
    RestReply out;
    const QUrl u(url(path));
    if (m_address.isEmpty() || m_address.startsWith(QLatin1Char(':')) || u.host().isEmpty()) {
        out.error = QStringLiteral("Patch \"%1\": http: no Host in request URL").arg(url(path));
        return out;
    }
    const RawHttpResult r = RawHttpExchange::chunked(u.host(), quint16(u.port(80)), "PATCH", path.toUtf8(), body,
                                                     m_userAgent, authorization());
    out.status = r.status;
    out.body = r.body;
    if (r.status == 0) {
        const QNetworkReply::NetworkError e = r.socketError == QAbstractSocket::ConnectionRefusedError
            ? QNetworkReply::ConnectionRefusedError
            : r.socketError == QAbstractSocket::HostNotFoundError ? QNetworkReply::HostNotFoundError
            : r.socketError == QAbstractSocket::RemoteHostClosedError ? QNetworkReply::RemoteHostClosedError
                                                                      : QNetworkReply::UnknownNetworkError;
        out.error = transportError(QStringLiteral("Patch"), path, e, r.errorText);
    }
    return out;
}

QString RestClient::transportError(const QString &goVerb, const QString &path, int error, const QString &text) const
{
    const QString prefix = QStringLiteral("%1 \"%2\": ").arg(goVerb, url(path));
    switch (QNetworkReply::NetworkError(error)) {
    case QNetworkReply::ConnectionRefusedError:
        return prefix + QStringLiteral("dial tcp %1: connect: connection refused").arg(m_address);
    case QNetworkReply::HostNotFoundError:
        return prefix + QStringLiteral("dial tcp: lookup %1: no such host").arg(QUrl(url(path)).host());
    case QNetworkReply::RemoteHostClosedError:
        return prefix + QStringLiteral("EOF");
    default:
        return prefix + text;
    }
}

RestReply RestClient::send(const QByteArray &verb, const QString &path, const QByteArray *body) const
{
    RestReply out;
    const QUrl u(url(path));
    if (m_address.isEmpty() || m_address.startsWith(QLatin1Char(':')) || u.host().isEmpty()) {
        out.error = QStringLiteral("%1 \"%2\": http: no Host in request URL").arg(goVerbOf(verb), url(path));
        return out;
    }
    QNetworkAccessManager nam;
    nam.setProxy(QNetworkProxy::NoProxy);
    QNetworkRequest req = request(path);
    if (body)
        req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    QNetworkReply *reply = body ? nam.sendCustomRequest(req, verb, *body) : nam.get(req);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    if (!reply->isFinished())
        loop.exec(QEventLoop::ExcludeUserInputEvents);
    out.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    out.body = reply->readAll();
    if (out.status == 0)
        out.error = transportError(goVerbOf(verb), path, reply->error(), reply->errorString());
    delete reply;
    return out;
}

} // namespace throttle
