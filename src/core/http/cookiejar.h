#pragma once
// CookieJar: one VU's cookies, following Go's net/http/cookiejar (what k6 uses, created with
// no public-suffix list): host-only vs domain cookies, default path, Max-Age over Expires,
// secure cookies only over https, longest path first. Owned by one VU and used only on its
// thread; not thread-safe by design (no locks on the request path).

#include "core/http/cookie.h"
#include "core/http/httptransport.h"

#include <QList>
#include <QMap>
#include <QUrl>

#include <functional>
#include <vector>

namespace throttle {

// Options of the script API's jar.set(url, name, value, opts).
struct CookieAttributes {
    QString domain;
    QString path;
    QDateTime expires;  // invalid = none
    int maxAge = 0;     // Go semantics: > 0 seconds, < 0 delete, 0 unset
    bool secure = false;
    bool httpOnly = false;
};

class CookieJar {
public:
    // Stores every Set-Cookie header of a response received for `url`.
    void storeFromResponse(const QUrl &url, const HttpHeaders &responseHeaders);
    void setCookies(const QUrl &url, const QList<Cookie> &cookies);
    // Value for the request's Cookie header ("a=1; b=2"); empty when nothing matches.
    QByteArray cookieHeader(const QUrl &url);
    // The cookies to send to `url`, in send order (only name and value are meaningful).
    QList<Cookie> cookiesFor(const QUrl &url);

    // Script API (k6 CookieJar): cookiesForURL, set, delete, clear; clearAll resets the VU jar.
    QMap<QString, QStringList> cookiesForUrl(const QUrl &url);
    void set(const QUrl &url, const QString &name, const QString &value,
             const CookieAttributes &attributes = {});
    // Removes the cookies named `name` that would be sent to `url`.
    void remove(const QUrl &url, const QString &name);
    // Removes every cookie that would be sent to `url`.
    void clear(const QUrl &url);
    void clearAll();

    bool isEmpty() const { return m_entries.empty(); }
    qsizetype size() const { return qsizetype(m_entries.size()); }

    // Tests pin the clock to check expiry without sleeping; null restores the real clock.
    void setClock(std::function<QDateTime()> clock) { m_clock = std::move(clock); }

private:
    struct Entry {
        QString name;
        QString value;
        QString domain;   // lower case, no leading dot
        QString path;
        QDateTime expires;
        bool hostOnly = true;
        bool persistent = false;
        bool secure = false;
        bool httpOnly = false;
        quint64 seq = 0;  // creation order, kept when a cookie is replaced
    };

    QDateTime now() const;
    void store(const QString &host, const QString &defaultPath, const Cookie &cookie);
    bool makeEntry(const QString &host, const QString &defaultPath, const Cookie &cookie,
                   Entry &entry, bool &remove) const;
    static bool resolveDomain(const QString &host, QString domain, QString &out, bool &hostOnly);
    std::vector<Entry>::iterator find(const Entry &e);
    // Indexes of matching entries, sorted longest path first then oldest; drops expired ones.
    std::vector<size_t> matching(const QUrl &url);
    static bool shouldSend(const Entry &e, bool https, const QString &host, const QString &path);
    static bool domainMatch(const Entry &e, const QString &host);
    static bool pathMatch(const QString &cookiePath, const QString &requestPath);
    static QString canonicalHost(const QUrl &url);
    static QString defaultPath(const QString &urlPath);
    static bool isHttp(const QUrl &url);

    std::vector<Entry> m_entries;  // a VU holds a handful of cookies: a flat vector wins
    quint64 m_nextSeq = 0;
    std::function<QDateTime()> m_clock;
};

} // namespace throttle
