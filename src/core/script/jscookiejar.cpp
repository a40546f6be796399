#include "core/script/jscookiejar.h"

#include "core/script/rfc1123time.h"

#include <QJSEngine>

namespace throttle {

JsCookieJar::JsCookieJar(CookieJar *shared) : m_jar(shared) {}

JsCookieJar::JsCookieJar() : m_owned(std::make_unique<CookieJar>()), m_jar(m_owned.get()) {}

void JsCookieJar::throwError(const QString &message)
{
    if (QJSEngine *engine = qjsEngine(this))
        engine->throwError(message);
}

bool JsCookieJar::parseUrl(const QString &text, QUrl *url)
{
    *url = QUrl(text, QUrl::StrictMode);
    if (!url->isValid()) {
        throwError(QStringLiteral("parse \"%1\": %2").arg(text, url->errorString()));
        return false;
    }
    return true;
}

QJSValue JsCookieJar::cookiesForURL(const QString &url)
{
    QUrl u;
    if (!parseUrl(url, &u))
        return {};
    QJSEngine *engine = qjsEngine(this);
    QJSValue out = engine->newObject();
    const QMap<QString, QStringList> cookies = m_jar->cookiesForUrl(u);
    for (auto it = cookies.cbegin(); it != cookies.cend(); ++it)
        out.setProperty(it.key(), engine->toScriptValue(it.value()));
    return out;
}

// opts as in k6: {domain, path, expires (RFC 1123 string), max_age, secure, http_only}.
void JsCookieJar::set(const QString &url, const QString &name, const QString &value, const QJSValue &opts)
{
    QUrl u;
    if (!parseUrl(url, &u))
        return;
    CookieAttributes a;
    if (opts.isObject()) {
        a.domain = opts.property(QStringLiteral("domain")).isString() ? opts.property(QStringLiteral("domain")).toString() : QString();
        a.path = opts.property(QStringLiteral("path")).isString() ? opts.property(QStringLiteral("path")).toString() : QString();
        const QJSValue expires = opts.property(QStringLiteral("expires"));
        if (expires.isString() && !expires.toString().isEmpty()) {
            // k6 parses it with Go's time.Parse(time.RFC1123, ...) and wraps Go's error.
            QString error;
            a.expires = Rfc1123Time::parse(expires.toString(), &error);
            if (!a.expires.isValid()) {
                throwError(QStringLiteral("unable to parse \"expires\" date string \"%1\": %2").arg(expires.toString(), error));
                return;
            }
        }
        const QJSValue maxAge = opts.property(QStringLiteral("max_age"));
        if (maxAge.isNumber())
            a.maxAge = maxAge.toInt() < 0 ? -1 : maxAge.toInt();
        a.secure = opts.property(QStringLiteral("secure")).toBool();
        a.httpOnly = opts.property(QStringLiteral("http_only")).toBool();
    }
    m_jar->set(u, name, value, a);
}

void JsCookieJar::remove(const QString &url, const QString &name)
{
    QUrl u;
    if (parseUrl(url, &u))
        m_jar->remove(u, name);
}

void JsCookieJar::clear(const QString &url)
{
    QUrl u;
    if (parseUrl(url, &u))
        m_jar->clear(u);
}

} // namespace throttle
