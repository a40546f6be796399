#pragma once
// ResettingServer: a keep-alive HTTP/1.1 server on 127.0.0.1 (port 0) that answers the first
// request of every connection normally (keeping it open) and, on the second request of that
// connection, reads it, counts it, and then resets the connection (RST) or closes it without an
// answer — what a server whose keep-alive timeout fires just as a request arrives does. It counts
// every request it received, by method: the truth that a client's own counts are checked against.

#include <QByteArray>
#include <QMap>
#include <QMutex>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <thread>
#include <vector>

namespace throttle {

class ResettingServer {
public:
    enum class Mode { Reset, Close };

    explicit ResettingServer(Mode mode) : m_mode(mode)
    {
        m_fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        ::bind(m_fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr);
        ::listen(m_fd, 64);
        socklen_t len = sizeof addr;
        ::getsockname(m_fd, reinterpret_cast<sockaddr *>(&addr), &len);
        m_port = ntohs(addr.sin_port);
        m_accept = std::thread([this] { acceptLoop(); });
    }
    ~ResettingServer()
    {
        ::shutdown(m_fd, SHUT_RDWR);
        m_accept.join();
        for (auto &t : m_threads)
            t.join();
        ::close(m_fd);
    }
    QByteArray url(const char *path = "/") const { return "http://127.0.0.1:" + QByteArray::number(m_port) + path; }
    int received(const QByteArray &method) const
    {
        QMutexLocker lock(&m_mutex);
        return m_received.value(method);
    }

private:
    void acceptLoop()
    {
        for (;;) {
            const int c = ::accept(m_fd, nullptr, nullptr);
            if (c < 0)
                return;
            m_threads.emplace_back([this, c] { serve(c); });
        }
    }
    // One request (head plus Content-Length body); its method, or empty at the end of input.
    static QByteArray readRequest(int fd, QByteArray &buf)
    {
        char chunk[4096];
        qsizetype end;
        while ((end = buf.indexOf("\r\n\r\n")) < 0) {
            const ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
            if (n <= 0)
                return {};
            buf.append(chunk, n);
        }
        const QByteArray head = buf.left(end);
        qint64 length = 0;
        for (const QByteArray &line : head.split('\n')) {
            const qsizetype colon = line.indexOf(':');
            if (colon > 0 && line.left(colon).trimmed().compare("content-length", Qt::CaseInsensitive) == 0)
                length = line.mid(colon + 1).trimmed().toLongLong();
        }
        buf.remove(0, end + 4);
        while (buf.size() < length) {
            const ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
            if (n <= 0)
                return {};
            buf.append(chunk, n);
        }
        buf.remove(0, length);
        return head.left(head.indexOf(' '));
    }
    void serve(int fd)
    {
        QByteArray buf;
        for (int n = 1;; ++n) {
            const QByteArray method = readRequest(fd, buf);
            if (method.isEmpty())
                break;
            {
                QMutexLocker lock(&m_mutex);
                ++m_received[method];
            }
            if (n == 1) {
                static const char ok[] = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
                ::send(fd, ok, sizeof ok - 1, MSG_NOSIGNAL);
                continue;
            }
            if (m_mode == Mode::Reset) {
                linger l{1, 0};
                ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
            }
            break;
        }
        ::close(fd);
    }

    Mode m_mode;
    int m_fd = -1;
    quint16 m_port = 0;
    std::thread m_accept;
    std::vector<std::thread> m_threads;
    mutable QMutex m_mutex;
    QMap<QByteArray, int> m_received;
};

} // namespace throttle
