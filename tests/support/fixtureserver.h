#pragma once
// FixtureServer: a small HTTP/1.1 server on 127.0.0.1 (port 0) for tests that need answers the
// demo target does not give (auth challenges, compressed request bodies, held responses). One
// thread per connection, keep-alive, Content-Length bodies only. It records every request and
// the highest number of requests it was handling at once (optionally in a gauge shared by
// several servers). The handler runs on the connection threads: it must be thread-safe.

#include <QByteArray>
#include <QList>
#include <QMutex>
#include <QPair>
#include <QString>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <functional>
#include <memory>
#include <thread>
#include <vector>

namespace throttle {

struct FixtureRequest {
    QByteArray method;
    QByteArray target;   // "/path?query"
    QByteArray path;
    QByteArray query;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    QByteArray header(const char *name) const
    {
        for (const auto &h : headers)
            if (h.first.compare(name, Qt::CaseInsensitive) == 0)
                return h.second;
        return {};
    }
};

struct FixtureReply {
    int status = 200;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
};

// Requests being handled right now, and the most seen at once.
struct ConcurrencyGauge {
    std::atomic<int> now{0};
    std::atomic<int> max{0};
    void enter()
    {
        const int n = ++now;
        int m = max.load();
        while (n > m && !max.compare_exchange_weak(m, n)) {
        }
    }
    void leave() { --now; }
};

class FixtureServer {
public:
    using Handler = std::function<FixtureReply(const FixtureRequest &)>;

    explicit FixtureServer(Handler handler, std::shared_ptr<ConcurrencyGauge> gauge = nullptr)
        : m_handler(std::move(handler))
        , m_gauge(gauge ? std::move(gauge) : std::make_shared<ConcurrencyGauge>())
    {
        m_fd = ::socket(AF_INET, SOCK_STREAM, 0);
        const int one = 1;
        ::setsockopt(m_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        ::bind(m_fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr);
        ::listen(m_fd, 64);
        socklen_t len = sizeof addr;
        ::getsockname(m_fd, reinterpret_cast<sockaddr *>(&addr), &len);
        m_port = ntohs(addr.sin_port);
        m_acceptThread = std::thread([this] { acceptLoop(); });
    }
    ~FixtureServer()
    {
        m_stopping = true;
        ::shutdown(m_fd, SHUT_RDWR);
        m_acceptThread.join();
        {
            QMutexLocker lock(&m_mutex);
            for (int c : m_clients)
                ::shutdown(c, SHUT_RDWR);
        }
        for (auto &t : m_threads)
            t.join();
        for (int c : m_clients)
            ::close(c);
        ::close(m_fd);
    }

    QString baseUrl() const { return QStringLiteral("http://127.0.0.1:%1").arg(m_port); }
    quint16 port() const { return m_port; }
    int maxConcurrent() const { return m_gauge->max.load(); }
    QList<FixtureRequest> requests() const
    {
        QMutexLocker lock(&m_mutex);
        return m_requests;
    }
    int requestCount(const QByteArray &path) const
    {
        const auto all = requests();
        return int(std::count_if(all.begin(), all.end(), [&](const FixtureRequest &r) { return r.path == path; }));
    }
    int connectionCount() const { return m_connections.load(); }

private:
    void acceptLoop()
    {
        for (;;) {
            const int c = ::accept(m_fd, nullptr, nullptr);
            if (c < 0)
                return;
            ++m_connections;
            QMutexLocker lock(&m_mutex);
            if (m_stopping) {
                ::close(c);
                return;
            }
            m_clients.push_back(c);
            m_threads.emplace_back([this, c] { serve(c); });
        }
    }

    static bool readRequest(int fd, QByteArray &buffer, FixtureRequest *out)
    {
        char chunk[8192];
        qsizetype end;
        while ((end = buffer.indexOf("\r\n\r\n")) < 0) {
            const ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
            if (n <= 0)
                return false;
            buffer.append(chunk, n);
        }
        const QList<QByteArray> lines = buffer.left(end).split('\n');
        const QList<QByteArray> start = lines.value(0).trimmed().split(' ');
        out->method = start.value(0);
        out->target = start.value(1);
        const qsizetype q = out->target.indexOf('?');
        out->path = q < 0 ? out->target : out->target.left(q);
        out->query = q < 0 ? QByteArray() : out->target.mid(q + 1);
        qsizetype length = 0;
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const QByteArray line = lines.at(i).trimmed();
            const qsizetype colon = line.indexOf(':');
            if (colon <= 0)
                continue;
            out->headers.append({line.left(colon).trimmed(), line.mid(colon + 1).trimmed()});
            if (line.left(colon).trimmed().compare("content-length", Qt::CaseInsensitive) == 0)
                length = line.mid(colon + 1).trimmed().toLongLong();
        }
        buffer.remove(0, end + 4);
        while (buffer.size() < length) {
            const ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
            if (n <= 0)
                return false;
            buffer.append(chunk, n);
        }
        out->body = buffer.left(length);
        buffer.remove(0, length);
        return true;
    }

    void serve(int fd)
    {
        QByteArray buffer;
        for (;;) {
            FixtureRequest request;
            if (!readRequest(fd, buffer, &request))
                break;
            m_gauge->enter();
            {
                QMutexLocker lock(&m_mutex);
                m_requests.append(request);
            }
            const FixtureReply reply = m_handler(request);
            QByteArray out = "HTTP/1.1 " + QByteArray::number(reply.status) + " OK\r\n";
            for (const auto &h : reply.headers)
                out += h.first + ": " + h.second + "\r\n";
            out += "Content-Length: " + QByteArray::number(request.method == "HEAD" ? 0 : reply.body.size()) + "\r\n\r\n";
            if (request.method != "HEAD")
                out += reply.body;
            m_gauge->leave();
            if (::send(fd, out.constData(), size_t(out.size()), MSG_NOSIGNAL) < 0)
                break;
        }
    }

    Handler m_handler;
    std::shared_ptr<ConcurrencyGauge> m_gauge;
    int m_fd = -1;
    quint16 m_port = 0;
    std::atomic<bool> m_stopping{false};
    std::atomic<int> m_connections{0};
    std::thread m_acceptThread;
    mutable QMutex m_mutex;
    std::vector<int> m_clients;
    std::vector<std::thread> m_threads;
    QList<FixtureRequest> m_requests;
};

} // namespace throttle
