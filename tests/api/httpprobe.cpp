#include "httpprobe.h"

#include <QCoreApplication>
#include <QTcpSocket>
#include <future>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace throttle {

namespace {

bool readHead(QTcpSocket &s, QByteArray &buf, int timeoutMs)
{
    while (!buf.contains("\r\n\r\n")) {
        if (!s.waitForReadyRead(timeoutMs))
            return false;
        buf += s.readAll();
    }
    return true;
}

ProbeResponse readOne(QTcpSocket &s, QByteArray &buf, bool head, int timeoutMs)
{
    ProbeResponse r;
    for (;;) {
        if (!readHead(s, buf, timeoutMs))
            return r;
        const qsizetype end = buf.indexOf("\r\n\r\n");
        const QByteArray headText = buf.left(end);
        buf.remove(0, end + 4);
        const QList<QByteArray> lines = headText.split('\n');
        r.status = lines.value(0).split(' ').value(1).toInt();
        r.raw += headText + "\r\n\r\n";
        if (r.status >= 100 && r.status < 200) {
            r.interim << r.status;
            continue;
        }
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const qsizetype c = lines[i].indexOf(':');
            r.headers.insert(lines[i].left(c).trimmed().toLower(), lines[i].mid(c + 1).trimmed());
        }
        break;
    }
    const qint64 length = head ? 0 : r.headers.value("content-length").toLongLong();
    while (buf.size() < length && (s.bytesAvailable() || s.waitForReadyRead(timeoutMs)))
        buf += s.readAll();
    r.body = buf.left(length);
    buf.remove(0, length);
    r.raw += r.body;
    return r;
}

} // namespace

QList<ProbeResponse> HttpProbe::exchange(const QByteArray &raw, int answers, bool head, bool checkClose, int timeoutMs) const
{
    const quint16 port = m_port;
    auto task = std::async(std::launch::async, [=] {
        QList<ProbeResponse> out;
        QTcpSocket s;
        s.connectToHost(QStringLiteral("127.0.0.1"), port);
        if (!s.waitForConnected(timeoutMs))
            return out;
        s.write(raw);
        s.waitForBytesWritten(timeoutMs);
        QByteArray buf;
        for (int i = 0; i < answers; ++i)
            out << readOne(s, buf, head, timeoutMs);
        if (!out.isEmpty() && checkClose) {
            const bool closed = s.state() != QAbstractSocket::ConnectedState ||
                                (!s.waitForReadyRead(300) && s.state() != QAbstractSocket::ConnectedState);
            out.last().closedByServer = closed;
        }
        return out;
    });
    while (task.wait_for(std::chrono::milliseconds(0)) != std::future_status::ready)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    return task.get();
}

QList<ProbeResponse> HttpProbe::exchangeHalfClosed(const QByteArray &raw, int answers, int timeoutMs) const
{
    const quint16 port = m_port;
    auto task = std::async(std::launch::async, [=] {
        // A plain socket: QTcpSocket cannot half-close.
        QList<ProbeResponse> out;
        const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(port);
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::connect(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) != 0) {
            ::close(fd);
            return out;
        }
        timeval tv{timeoutMs / 1000, (timeoutMs % 1000) * 1000};
        ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        ::send(fd, raw.constData(), size_t(raw.size()), MSG_NOSIGNAL);
        ::shutdown(fd, SHUT_WR);
        QByteArray all;
        char buf[65536];
        for (;;) {
            const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
            if (n <= 0)
                break;
            all.append(buf, qsizetype(n));
        }
        ::close(fd);
        // Split the answers (Content-Length framed).
        for (int i = 0; i < answers; ++i) {
            const qsizetype end = all.indexOf("\r\n\r\n");
            if (end < 0)
                break;
            ProbeResponse r;
            const QList<QByteArray> lines = all.left(end).split('\n');
            r.status = lines.value(0).split(' ').value(1).toInt();
            for (qsizetype k = 1; k < lines.size(); ++k) {
                const qsizetype c = lines[k].indexOf(':');
                r.headers.insert(lines[k].left(c).trimmed().toLower(), lines[k].mid(c + 1).trimmed());
            }
            const qint64 length = r.headers.value("content-length").toLongLong();
            r.body = all.mid(end + 4, length);
            r.raw = all.left(end + 4 + length);
            all.remove(0, end + 4 + length);
            r.closedByServer = true;
            out << r;
        }
        return out;
    });
    while (task.wait_for(std::chrono::milliseconds(0)) != std::future_status::ready)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    return task.get();
}

ProbeResponse HttpProbe::request(const QByteArray &method, const QByteArray &target, const QByteArray &body,
                                 const QList<QByteArray> &extraHeaders) const
{
    QByteArray raw = method + ' ' + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    for (const QByteArray &h : extraHeaders)
        raw += h + "\r\n";
    if (!body.isEmpty() || method == "PATCH" || method == "PUT" || method == "POST")
        raw += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    raw += "\r\n" + body;
    const QList<ProbeResponse> r = exchange(raw, 1, method == "HEAD");
    return r.value(0);
}

QByteArray HttpProbe::chunked(const QByteArray &body, int chunkSize)
{
    QByteArray out;
    for (qsizetype i = 0; i < body.size(); i += chunkSize) {
        const QByteArray part = body.mid(i, chunkSize);
        out += QByteArray::number(part.size(), 16) + "\r\n" + part + "\r\n";
    }
    return out + "0\r\n\r\n";
}

} // namespace throttle
