#pragma once
// RawHttpExchange: one HTTP/1.1 request over a plain blocking QTcpSocket, used where
// QNetworkAccessManager cannot produce k6's exact wire format: k6's CLI sends its PATCH bodies with
// `Transfer-Encoding: chunked` and no Content-Length, and QNAM always buffers and sizes an upload.
// Reads a response framed by Content-Length, chunked encoding or connection close. No timeout
// (as k6). Lives on the calling thread; no event loop needed.

#include <QAbstractSocket>
#include <QByteArray>
#include <QString>

namespace throttle {

struct RawHttpResult {
    int status = 0;                      // 0 = no HTTP answer
    QByteArray body;
    QAbstractSocket::SocketError socketError = QAbstractSocket::UnknownSocketError;
    QString errorText;                   // set when status == 0
};

class RawHttpExchange {
public:
    // Sends `method path` to host:port with the body as a single chunk plus the terminating chunk.
    static RawHttpResult chunked(const QString &host, quint16 port, const QByteArray &method, const QByteArray &path,
                                 const QByteArray &body, const QByteArray &userAgent,
                                 const QByteArray &authorization = QByteArray());
    // Decodes a chunked body; false when it is malformed or incomplete.
    static bool decodeChunked(const QByteArray &raw, QByteArray *out);
};

} // namespace throttle
