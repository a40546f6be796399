#pragma once
// HttpProbe: a raw HTTP/1.1 client for the API tests. It sends exact bytes (chunked bodies,
// Expect, HEAD, Connection: close, pipelines) from a helper thread with a blocking QTcpSocket
// while the test thread keeps spinning its event loop (the server lives there).

#include <QByteArray>
#include <QMap>
#include <QList>

namespace throttle {

struct ProbeResponse {
    int status = 0;
    QMap<QByteArray, QByteArray> headers;   // lower-case names
    QByteArray body;
    QByteArray raw;
    bool closedByServer = false;            // the server closed the connection after the answer(s)
    QList<int> interim;                     // 1xx statuses seen before the final one
};

class HttpProbe {
public:
    explicit HttpProbe(quint16 port) : m_port(port) {}
    // Sends `raw` on a new connection; reads `answers` responses (HEAD: bodyless).
    QList<ProbeResponse> exchange(const QByteArray &raw, int answers = 1, bool head = false, bool checkClose = false,
                                  int timeoutMs = 10000) const;
    // Sends `raw`, then shuts down the sending side (shutdown(SHUT_WR), as `nc -N` does) and reads
    // `answers` responses.
    QList<ProbeResponse> exchangeHalfClosed(const QByteArray &raw, int answers = 1, int timeoutMs = 10000) const;
    ProbeResponse request(const QByteArray &method, const QByteArray &target, const QByteArray &body = {},
                          const QList<QByteArray> &extraHeaders = {}) const;
    static QByteArray chunked(const QByteArray &body, int chunkSize = 7);

private:
    quint16 m_port;
};

} // namespace throttle
