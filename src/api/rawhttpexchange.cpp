#include "api/rawhttpexchange.h"

#include <QEventLoop>
#include <QNetworkProxy>
#include <QTcpSocket>

namespace throttle {

bool RawHttpExchange::decodeChunked(const QByteArray &raw, QByteArray *out)
{
    qsizetype pos = 0;
    for (;;) {
        const qsizetype eol = raw.indexOf("\r\n", pos);
        if (eol < 0)
            return false;
        bool ok = false;
        const qsizetype size = raw.mid(pos, eol - pos).split(';').first().trimmed().toLongLong(&ok, 16);
        if (!ok || size < 0)
            return false;
        pos = eol + 2;
        if (size == 0)
            return true;
        if (raw.size() < pos + size + 2)
            return false;
        out->append(raw.mid(pos, size));
        pos += size + 2;
    }
}

namespace {

// Incremental response parser: feed bytes, ask whether the response is complete.
struct ResponseReader {
    QByteArray raw;
    qsizetype headerEnd = -1;
    qint64 contentLength = -1;
    bool isChunked = false;
    int status = 0;

    bool feed(const QByteArray &bytes, QByteArray *body)
    {
        raw += bytes;
        if (headerEnd < 0) {
            const qsizetype end = raw.indexOf("\r\n\r\n");
            if (end < 0)
                return false;
            const QList<QByteArray> lines = raw.left(end).split('\n');
            status = lines.first().trimmed().split(' ').value(1).toInt();
            for (const QByteArray &l : lines.mid(1)) {
                const qsizetype colon = l.indexOf(':');
                const QByteArray name = l.left(colon).trimmed().toLower();
                const QByteArray value = l.mid(colon + 1).trimmed();
                if (name == "content-length")
                    contentLength = value.toLongLong();
                else if (name == "transfer-encoding" && value.toLower().contains("chunked"))
                    isChunked = true;
            }
            headerEnd = end + 4;
        }
        const QByteArray rest = raw.mid(headerEnd);
        if (isChunked) {
            QByteArray decoded;
            if (!RawHttpExchange::decodeChunked(rest, &decoded))
                return false;
            *body = decoded;
            return true;
        }
        if (contentLength >= 0 && rest.size() >= contentLength) {
            *body = rest.left(contentLength);
            return true;
        }
        return false;
    }
};

} // namespace

RawHttpResult RawHttpExchange::chunked(const QString &host, quint16 port, const QByteArray &method,
                                       const QByteArray &path, const QByteArray &body, const QByteArray &userAgent,
                                       const QByteArray &authorization)
{
    RawHttpResult out;
    const QByteArray hostPart = host.contains(QLatin1Char(':')) ? '[' + host.toUtf8() + ']' : host.toUtf8();   // IPv6
    QByteArray request = method + ' ' + path + " HTTP/1.1\r\nHost: " + hostPart + ':' + QByteArray::number(port) +
                         "\r\nUser-Agent: " + userAgent + "\r\n";
    if (!authorization.isEmpty())
        request += "Authorization: " + authorization + "\r\n";
    request += "Transfer-Encoding: chunked\r\n\r\n";
    if (!body.isEmpty())
        request += QByteArray::number(body.size(), 16) + "\r\n" + body + "\r\n";
    request += "0\r\n\r\n";

    // Driven by a local event loop (like QNetworkAccessManager's blocking use), so a server living
    // on this same thread, as in tests, keeps being served.
    QTcpSocket socket;
    socket.setProxy(QNetworkProxy::NoProxy);
    QEventLoop loop;
    ResponseReader reader;
    bool done = false;
    QObject::connect(&socket, &QTcpSocket::connected, &loop, [&] { socket.write(request); });
    QObject::connect(&socket, &QTcpSocket::readyRead, &loop, [&] {
        if (reader.feed(socket.readAll(), &out.body)) {
            out.status = reader.status;
            done = true;
            loop.quit();
        }
    });
    QObject::connect(&socket, &QTcpSocket::errorOccurred, &loop, [&](QAbstractSocket::SocketError e) {
        if (done)
            return;
        if (e == QAbstractSocket::RemoteHostClosedError && reader.headerEnd >= 0 && !reader.isChunked &&
            reader.contentLength < 0) {
            out.status = reader.status;   // a close-delimited body ends here
            out.body = reader.raw.mid(reader.headerEnd);
        } else {
            out.socketError = e;
            out.errorText = reader.headerEnd >= 0 ? QStringLiteral("unexpected EOF") : socket.errorString();
        }
        done = true;
        loop.quit();
    });
    socket.connectToHost(host, port);
    if (!done)
        loop.exec(QEventLoop::ExcludeUserInputEvents);
    return out;
}

} // namespace throttle
