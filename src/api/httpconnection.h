#pragma once
// HttpConnection: the raw-socket side of one REST API connection, filling QHttpServer 6.4's
// gaps (ARCHITECTURE.md §2). It reads every byte before the HTTP server does (its readyRead slot
// is connected first) to answer `Expect: 100-continue`, to refuse bodies over 1 MiB early (413,
// then close), and to remember each request's method, target and keep-alive wish. Answers are
// written here, in request order even when they complete out of order, honouring
// `Connection: close` and HTTP/1.0. A child of its socket; lives on the server's thread.

#include "api/apiresponse.h"

#include <QByteArray>
#include <QObject>
#include <deque>
#include <optional>

class QTcpSocket;

namespace throttle {

struct RequestMeta {
    QByteArray method;
    QByteArray target;
    bool http10 = false;
    bool keepAlive = true;
    bool valid = false;
};

class HttpConnection : public QObject {
    Q_OBJECT
public:
    explicit HttpConnection(QTcpSocket *socket);
    static HttpConnection *of(QTcpSocket *socket);

    RequestMeta takeRequest();                     // the head just completed; resets for the next
    quint64 enqueue(const RequestMeta &meta);      // reserves the next answer slot
    void complete(quint64 ticket, const ApiResponse &response);
    bool idle() const { return m_pending.empty(); }

    static QByteArray serialize(const ApiResponse &r, const RequestMeta &meta, bool close);

private:
    struct Pending {
        quint64 ticket;
        RequestMeta meta;
        std::optional<ApiResponse> response;
    };

    void onReadyRead();
    void inspect(const QByteArray &bytes);
    void parseHead();
    void afterHead();
    void reject(const ApiResponse &response);
    void flush();
    bool bodyIncomplete() const;

    QTcpSocket *m_socket;
    QByteArray m_head;
    bool m_inBody = false;
    qint64 m_bodySeen = 0;
    qint64 m_contentLength = -1;
    bool m_chunked = false;
    bool m_expectContinue = false;
    bool m_continueSent = false;
    RequestMeta m_current;
    bool m_rejected = false;
    qint64 m_drainLeft = 0;
    bool m_closing = false;
    std::deque<Pending> m_pending;
    quint64 m_nextTicket = 1;
};

} // namespace throttle
