#pragma once
// JsCookieJar: a k6 CookieJar as the script sees it (http.cookieJar(), new http.CookieJar()).
// Wraps either the VU's own jar (not owned; the VU keeps one wrapper) or a private jar it owns
// (made by `new http.CookieJar()`, owned by the JS engine and freed with the JS object). Lives
// on its VU's thread, like the engine that holds it.

#include "core/http/cookiejar.h"

#include <QJSValue>
#include <QObject>

#include <memory>

namespace throttle {

class JsCookieJar : public QObject {
    Q_OBJECT
public:
    explicit JsCookieJar(CookieJar *shared);   // the VU jar
    JsCookieJar();                             // a private jar
    CookieJar *jar() const { return m_jar; }

    Q_INVOKABLE QJSValue cookiesForURL(const QString &url);
    Q_INVOKABLE void set(const QString &url, const QString &name, const QString &value, const QJSValue &opts);
    Q_INVOKABLE void remove(const QString &url, const QString &name);   // JS: delete(url, name)
    Q_INVOKABLE void clear(const QString &url);

private:
    bool parseUrl(const QString &text, QUrl *url);
    void throwError(const QString &message);

    std::unique_ptr<CookieJar> m_owned;
    CookieJar *m_jar;
};

} // namespace throttle
