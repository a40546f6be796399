#include "core/script/responsememo.h"

#include "core/http/cookie.h"

#include <QJSEngine>

namespace throttle {

template <typename Key, typename Make>
QVariant ResponseMemo::memo(Entry<Key> &e, const Key &key, Make make)
{
    if (!e.valid || !(e.key == key)) {
        e.value = m_engine.toScriptValue(make());
        e.key = key;
        e.valid = true;
    }
    return QVariant::fromValue(e.value);
}

QVariant ResponseMemo::latin1(Slot slot, const QByteArray &bytes)
{
    return memo(m_bytes[size_t(slot)], bytes, [&] { return QString::fromLatin1(bytes); });
}

QVariant ResponseMemo::utf8(Slot slot, const QByteArray &bytes)
{
    return memo(m_bytes[size_t(slot)], bytes, [&] { return QString::fromUtf8(bytes); });
}

QVariant ResponseMemo::text(const Text &t)
{
    return memo(m_text, t, [&] {
        return QVariantList{
            latin1(RemoteIp, t.remoteIp), utf8(Url, t.url), latin1(StatusText, t.statusText), latin1(Proto, t.proto),
            latin1(TlsVersion, t.tlsVersion), latin1(TlsCipherSuite, t.tlsCipherSuite), utf8(Method, t.method),
            utf8(RequestBody, t.requestBody), memo(m_error, t.error, [&] { return t.error; }),
            memo(m_sentCookies, t.sentCookies, [&] {
                QVariantList flat;
                for (const auto &c : t.sentCookies)
                    flat << c.first << c.second;
                return flat;
            }),
            memo(m_sentHeaders, t.sentHeaders, [&] {
                QVariantList flat;
                flat.reserve(t.sentHeaders.size() * 2);
                for (const auto &h : t.sentHeaders)
                    flat << canonicalHeader(h.first) << QString::fromUtf8(h.second);
                return flat;
            }),
        };
    });
}

QVariant ResponseMemo::responseHeaders(const HttpHeaders &headers, QVariant *cookies)
{
    QVariant out = memo(m_headers, headers, [&] {
        QVariantList flat;
        QVariantList cookieFields;
        flat.reserve(headers.size() * 2);
        for (const auto &h : headers) {
            flat << canonicalHeader(h.first) << QString::fromLatin1(h.second);
            if (h.first.size() == 10 && h.first.compare("set-cookie", Qt::CaseInsensitive) == 0) {
                if (const auto c = Cookie::parseSetCookie(h.second)) {
                    // Go's zero time for "no Expires": time.Time{}.UnixNano() / 1e6, as k6 reports it.
                    const qint64 expires = c->expires.isValid() ? c->expires.toMSecsSinceEpoch()
                                                                : Q_INT64_C(-6795364578871);
                    cookieFields << c->name << c->value << c->domain << c->path << c->httpOnly << c->secure
                                 << c->maxAge << expires;
                }
            }
        }
        m_cookies = m_engine.toScriptValue(cookieFields);
        return flat;
    });
    *cookies = QVariant::fromValue(m_cookies);
    return out;
}

void ResponseMemo::clear()
{
    m_text = {};
    for (auto &e : m_bytes)
        e = {};
    m_error = {};
    m_headers = {};
    m_cookies = QJSValue();
    m_sentHeaders = {};
    m_sentCookies = {};
}

QString ResponseMemo::canonicalHeader(const QByteArray &name)
{
    // ASCII only, as Go's: a byte loop (QString::toLower cost ~900 instructions per header).
    QByteArray out = name;
    bool upper = true;
    for (char &c : out) {
        if (upper && c >= 'a' && c <= 'z')
            c = char(c - 'a' + 'A');
        else if (!upper && c >= 'A' && c <= 'Z')
            c = char(c - 'A' + 'a');
        upper = (c == '-');
    }
    return QString::fromLatin1(out);
}

} // namespace throttle
