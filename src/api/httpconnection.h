#pragma once
// HttpConnection: one REST API connection on a raw socket, read with HttpRequestReader and
// written by us (no QTcpSocket: it closes the whole connection when the peer half-closes, so a
// request sent before `shutdown(SHUT_WR)`, as `nc -N` does, was never answered).
//
// Requests on one connection are handled strictly in order: a request is dispatched only once
// every earlier one has its answer, so a GET pipelined after a PATCH sees the PATCH's effect. The
// one exception is the owner's `early` hook, which sees each request as soon as it is read and
// may apply it at once (a stop must never wait behind a pause); its answer still goes out in order.
// Answers are written in request order; `Connection: close`, HTTP/1.0, a read failure (Go's plain
// 4xx) and the peer's end of input all close the connection once everything owed is written.
// Lives on the server's thread; its owner (ApiServer) deletes it after closed().
//
// | state \ event       | request read              | answer ready          | peer EOF                       | read failure                 |
// |---------------------|---------------------------|-----------------------|--------------------------------|------------------------------|
// | Open                | queued, dispatched in turn | written in order      | Draining (if answers owed) / closed | failure queued, Closing  |
// | Draining            | (no more input)           | written in order      | -                              | -                            |
// | Closing (after `close`) | ignored               | written; then lingering close | closed                 | -                            |

#include "api/apirequest.h"
#include "api/apiresponse.h"
#include "api/httprequestreader.h"

#include <QObject>
#include <QTimer>
#include <deque>
#include <functional>
#include <optional>

class QSocketNotifier;

namespace throttle {

class HttpConnection : public QObject {
    Q_OBJECT
public:
    struct Handlers {
        // Sees each request as soon as it is read; an answer means "applied now".
        std::function<std::optional<ApiResponse>(const ApiRequest &)> early;
        // Each request in turn; the answer comes back through complete(ticket, ...), now or later.
        std::function<void(HttpConnection *, quint64 ticket, const ApiRequest &)> dispatch;
    };
    static constexpr int kMaxPipelined = 64;        // queued requests before reading pauses
    static constexpr int kRequestTimeoutMs = 30000; // a request that takes longer to arrive: closed
    static constexpr int kLingerMs = 2000;          // reading on after the last answer of a closing connection
    // Unparsed input held per connection before reading pauses (a body, its chunk framing and the
    // next heads fit).
    static constexpr qsizetype kMaxBuffered = 4 * 1024 * 1024;

    HttpConnection(qintptr fd, Handlers handlers, QObject *parent = nullptr);
    ~HttpConnection() override;

    void complete(quint64 ticket, const ApiResponse &response);
    // No request waiting for an answer and nothing left to write.
    bool idle() const { return m_pending.empty() && m_out.isEmpty(); }
    void abort();   // close now

    static QByteArray serialize(const ApiResponse &r, const QByteArray &method, bool http10, bool close);

signals:
    void closed();

private:
    struct Pending {
        quint64 ticket = 0;
        ApiRequest request;
        QByteArray method;
        bool http10 = false;
        bool close = false;                  // close the connection after this answer
        bool dispatched = false;
        std::optional<ApiResponse> response;
    };

    void onReadable();
    void onWritable();
    void takeRequests();
    void pump();
    void flush();
    void writeOut();
    void finishIfDone();
    void closeNow();
    void updateReadNotifier();

    qintptr m_fd;
    Handlers m_handlers;
    QSocketNotifier *m_readNotifier;
    QSocketNotifier *m_writeNotifier;
    HttpRequestReader m_reader;
    std::deque<Pending> m_pending;
    QByteArray m_out;
    quint64 m_nextTicket = 1;
    bool m_noMoreRequests = false;   // Connection: close / HTTP/1.0 / read failure seen
    bool m_peerClosed = false;       // the peer's end of input (half-close or close)
    bool m_closeAfterWrite = false;
    bool m_lingering = false;
    bool m_closed = false;
    bool m_pumping = false;
    bool m_continueOwed = false;
    QTimer m_requestTimer;
    QTimer m_lingerTimer;
};

} // namespace throttle
