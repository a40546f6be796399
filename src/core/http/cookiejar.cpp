#include "core/http/cookiejar.h"

#include <QHostAddress>

#include <algorithm>

namespace throttle {

void CookieJar::storeFromResponse(const QUrl &url, const HttpHeaders &responseHeaders)
{
    QList<Cookie> cookies;
    for (const auto &h : responseHeaders) {
        if (h.first.compare("set-cookie", Qt::CaseInsensitive) != 0)
            continue;
        if (auto c = Cookie::parseSetCookie(h.second))
            cookies.append(*c);
    }
    if (!cookies.isEmpty())
        setCookies(url, cookies);
}

void CookieJar::setCookies(const QUrl &url, const QList<Cookie> &cookies)
{
    if (!isHttp(url))
        return;
    const QString host = canonicalHost(url);
    const QString defPath = defaultPath(url.path());
    for (const Cookie &c : cookies)
        store(host, defPath, c);
}

QByteArray CookieJar::cookieHeader(const QUrl &url)
{
    if (m_entries.empty())
        return {};
    QByteArray header;
    for (size_t i : matching(url)) {
        const Entry &e = m_entries[i];
        if (!header.isEmpty())
            header.append("; ");
        header.append(e.name.toUtf8()).append('=').append(Cookie::sanitizedValue(e.value).toUtf8());
    }
    return header;
}

QList<Cookie> CookieJar::cookiesFor(const QUrl &url)
{
    QList<Cookie> out;
    for (size_t i : matching(url)) {
        Cookie c;
        c.name = m_entries[i].name;
        c.value = m_entries[i].value;
        out.append(c);
    }
    return out;
}

QMap<QString, QStringList> CookieJar::cookiesForUrl(const QUrl &url)
{
    QMap<QString, QStringList> out;
    for (size_t i : matching(url))
        out[m_entries[i].name].append(m_entries[i].value);
    return out;
}

void CookieJar::set(const QUrl &url, const QString &name, const QString &value,
                    const CookieAttributes &attributes)
{
    Cookie c;
    c.name = name;
    c.value = value;
    c.domain = attributes.domain;
    c.path = attributes.path;
    c.expires = attributes.expires;
    c.maxAge = attributes.maxAge;
    c.secure = attributes.secure;
    c.httpOnly = attributes.httpOnly;
    setCookies(url, {c});
}

// k6 (via Go's jar) deletes by storing a Max-Age=-1 cookie with the URL's host and default
// path, which silently misses domain cookies or other paths. We delete what the script sees
// in cookiesForURL(url) instead: the same result in the common case, and no surprises.
void CookieJar::remove(const QUrl &url, const QString &name)
{
    std::vector<size_t> hits = matching(url);
    std::sort(hits.begin(), hits.end(), std::greater<>());
    for (size_t i : hits) {
        if (m_entries[i].name == name)
            m_entries.erase(m_entries.begin() + qsizetype(i));
    }
}

void CookieJar::clear(const QUrl &url)
{
    std::vector<size_t> hits = matching(url);
    std::sort(hits.begin(), hits.end(), std::greater<>());
    for (size_t i : hits)
        m_entries.erase(m_entries.begin() + qsizetype(i));
}

void CookieJar::clearAll()
{
    m_entries.clear();
}

QDateTime CookieJar::now() const
{
    return m_clock ? m_clock() : QDateTime::currentDateTimeUtc();
}

void CookieJar::store(const QString &host, const QString &defPath, const Cookie &cookie)
{
    Entry e;
    bool remove = false;
    if (!makeEntry(host, defPath, cookie, e, remove))
        return;
    auto it = find(e);
    if (remove) {
        if (it != m_entries.end())
            m_entries.erase(it);
        return;
    }
    if (it != m_entries.end()) {
        e.seq = it->seq;  // a replaced cookie keeps its place in the send order
        *it = std::move(e);
        return;
    }
    e.seq = m_nextSeq++;
    m_entries.push_back(std::move(e));
}

bool CookieJar::makeEntry(const QString &host, const QString &defPath, const Cookie &c,
                          Entry &e, bool &remove) const
{
    if (!Cookie::isValidName(c.name))
        return false;
    e.name = c.name;
    e.path = (c.path.isEmpty() || !c.path.startsWith(u'/')) ? defPath : c.path;
    if (!resolveDomain(host, c.domain, e.domain, e.hostOnly))
        return false;
    // Max-Age wins over Expires; a past Expires or a negative Max-Age deletes.
    const QDateTime t = now();
    if (c.maxAge < 0) {
        remove = true;
    } else if (c.maxAge > 0) {
        e.expires = t.addSecs(c.maxAge);
        e.persistent = true;
    } else if (c.expires.isValid()) {
        remove = c.expires <= t;
        e.expires = c.expires;
        e.persistent = true;
    }
    e.value = c.value;
    e.secure = c.secure;
    e.httpOnly = c.httpOnly;
    return true;
}

bool CookieJar::resolveDomain(const QString &host, QString domain, QString &out, bool &hostOnly)
{
    hostOnly = true;
    out = host;
    if (domain.isEmpty())
        return true;
    if (!QHostAddress(host).isNull()) {
        // An IP may only name itself, and such a cookie stays host-only.
        return host == domain;
    }
    if (domain.startsWith(u'.'))
        domain.remove(0, 1);
    if (domain.isEmpty() || domain.startsWith(u'.') || domain.endsWith(u'.'))
        return false;
    domain = domain.toLower();
    // The domain must domain-match the host: a.example.com may set example.com, not other.com.
    if (host != domain && !host.endsWith(u'.' + domain))
        return false;
    out = domain;
    hostOnly = false;
    return true;
}

std::vector<CookieJar::Entry>::iterator CookieJar::find(const Entry &e)
{
    // Go's identity of a cookie: domain, path and name.
    return std::find_if(m_entries.begin(), m_entries.end(), [&e](const Entry &x) {
        return x.name == e.name && x.domain == e.domain && x.path == e.path;
    });
}

std::vector<size_t> CookieJar::matching(const QUrl &url)
{
    std::vector<size_t> hits;
    if (m_entries.empty() || !isHttp(url))
        return hits;
    const QDateTime t = now();
    std::erase_if(m_entries, [&t](const Entry &e) { return e.persistent && e.expires <= t; });
    const QString host = canonicalHost(url);
    const QString path = url.path().isEmpty() ? QStringLiteral("/") : url.path();
    const bool https = url.scheme() == u"https";
    for (size_t i = 0; i < m_entries.size(); ++i) {
        if (shouldSend(m_entries[i], https, host, path))
            hits.push_back(i);
    }
    std::sort(hits.begin(), hits.end(), [this](size_t a, size_t b) {
        const Entry &x = m_entries[a];
        const Entry &y = m_entries[b];
        if (x.path.size() != y.path.size())
            return x.path.size() > y.path.size();
        return x.seq < y.seq;
    });
    return hits;
}

bool CookieJar::shouldSend(const Entry &e, bool https, const QString &host, const QString &path)
{
    return domainMatch(e, host) && pathMatch(e.path, path) && (https || !e.secure);
}

bool CookieJar::domainMatch(const Entry &e, const QString &host)
{
    if (e.domain == host)
        return true;
    return !e.hostOnly && host.endsWith(u'.' + e.domain);
}

bool CookieJar::pathMatch(const QString &cookiePath, const QString &requestPath)
{
    if (requestPath == cookiePath)
        return true;
    if (!requestPath.startsWith(cookiePath))
        return false;
    return cookiePath.endsWith(u'/') || requestPath.at(cookiePath.size()) == u'/';
}

QString CookieJar::canonicalHost(const QUrl &url)
{
    QString host = url.host(QUrl::FullyEncoded).toLower();
    if (host.endsWith(u'.'))
        host.chop(1);
    return host;
}

QString CookieJar::defaultPath(const QString &urlPath)
{
    if (urlPath.isEmpty() || !urlPath.startsWith(u'/'))
        return QStringLiteral("/");
    const qsizetype slash = urlPath.lastIndexOf(u'/');
    return slash == 0 ? QStringLiteral("/") : urlPath.left(slash);
}

bool CookieJar::isHttp(const QUrl &url)
{
    return url.scheme() == u"http" || url.scheme() == u"https";
}

} // namespace throttle
