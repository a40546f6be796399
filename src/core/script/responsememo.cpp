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

QVariant ResponseMemo::error(const QString &text)
{
    return memo(m_error, text, [&] { return text; });
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

QVariant ResponseMemo::sentHeaders(const HttpHeaders &headers)
{
    return memo(m_sentHeaders, headers, [&] {
        QVariantList flat;
        flat.reserve(headers.size() * 2);
        for (const auto &h : headers)
            flat << canonicalHeader(h.first) << QString::fromUtf8(h.second);
        return flat;
    });
}

QVariant ResponseMemo::sentCookies(const QList<QPair<QString, QString>> &cookies)
{
    return memo(m_sentCookies, cookies, [&] {
        QVariantList flat;
        for (const auto &c : cookies)
            flat << c.first << c.second;
        return flat;
    });
}

void ResponseMemo::clear()
{
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
