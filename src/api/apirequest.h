#pragma once
// ApiRequest: one HTTP request as the router sees it, independent of the HTTP plumbing.
// A plain value; built on the server's thread, may be handed to the control thread.

#include <QByteArray>
#include <QList>
#include <QPair>

namespace throttle {

struct ApiRequest {
    QByteArray method;   // "GET", "PATCH", ... as sent
    QByteArray target;   // request target as sent: path and query, percent-encoded
    QByteArray body;     // de-chunked body
    QList<QPair<QByteArray, QByteArray>> headers;   // as sent, in order

    QByteArray header(const char *name) const
    {
        for (const auto &h : headers)
            if (h.first.compare(name, Qt::CaseInsensitive) == 0)
                return h.second;
        return {};
    }
    bool hasHeader(const char *name) const
    {
        for (const auto &h : headers)
            if (h.first.compare(name, Qt::CaseInsensitive) == 0)
                return true;
        return false;
    }
};

} // namespace throttle
