#pragma once
// DemoTarget: the loopback HTTP/1.1 server behind `throttle demo-target`, the bundled examples
// and the tests' fixture target. Owns an accept thread and a few worker threads (each with its
// own event loop, see DemoAcceptor/DemoWorker; a QCoreApplication must exist); its public methods may be called from any one
// controlling thread (not from the server's own threads). Counters are safe to read anywhere.
//
// Routes (GET/HEAD unless noted):
//   /  small HTML page          /ok  "ok"            /json  small JSON object
//   /delay?ms=N  answer after N ms (timer; other connections unaffected)
//   /status/N  status N (200..599)    /bytes/N  N bytes    /chunked  chunked body
//   /gzip, /deflate  compressed JSON with Content-Encoding
//   /redirect/N  302 to /redirect/N-1; /redirect/0 -> 302 to /ok
//   /close  promises more body than it sends, then closes   /hang  never answers
//   /echo (any method)  {method, path, query, headers:{name:value}, body}
//   /cookies/set?k=v&...  Set-Cookie per pair, {"cookies":{k:v}}   /cookies  {"cookies":{...}}
//   /login  HTML sign-in form with a hidden csrf token (see DemoLoginForm)
//   POST /login (form user, password[, csrf])  Set-Cookie session=<token>, {ok:true, user}; else 401,
//               403 for a csrf token /login did not make
//   /api/items  GET list, POST create (JSON, 201);  /api/items/<id>  GET, PUT, DELETE (204)
//   POST /upload (multipart/form-data)  {"parts":[{name, filename, size}]}
//   anything else 404; a known path with a wrong method 405.

#include <QHostAddress>
#include <QString>
#include <QThread>

#include <memory>
#include <vector>

namespace throttle {

class DemoAcceptor;
class DemoCounters;
class DemoItemStore;
class DemoRouter;
class DemoWorker;

class DemoTarget {
public:
    DemoTarget();
    ~DemoTarget();
    DemoTarget(const DemoTarget &) = delete;
    DemoTarget &operator=(const DemoTarget &) = delete;

    bool start(const QHostAddress &address = QHostAddress::LocalHost, quint16 port = 0);
    void stop();
    bool isRunning() const { return m_acceptor != nullptr; }
    QString errorString() const { return m_error; }

    quint16 port() const { return m_port; }
    QString baseUrl() const;  // "http://127.0.0.1:<port>"

    qint64 requestCount() const;
    qint64 requestCount(const QString &path) const;  // path without the query
    qint64 connectionCount() const;                  // accepted connections
    void resetCounters();

private:
    void startWorkers();
    void stopWorkers();

    std::unique_ptr<DemoCounters> m_counters;
    std::unique_ptr<DemoItemStore> m_store;
    std::unique_ptr<DemoRouter> m_router;
    QThread m_acceptThread;
    DemoAcceptor *m_acceptor = nullptr;
    std::vector<std::unique_ptr<QThread>> m_workerThreads;
    std::vector<DemoWorker *> m_workers;
    QHostAddress m_address;
    quint16 m_port = 0;
    QString m_error;
};

} // namespace throttle
