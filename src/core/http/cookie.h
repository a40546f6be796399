#pragma once
// Cookie: one cookie as Go's net/http models it (http.Cookie), plus the Set-Cookie parser and
// the value rules Go applies. A plain value type; any thread.

#include <QDateTime>
#include <QString>

#include <optional>

namespace throttle {

struct Cookie {
    QString name;
    QString value;
    QString domain;     // Domain attribute as written (leading dot allowed), empty if none
    QString path;       // Path attribute, empty if none
    QDateTime expires;  // Expires attribute (UTC); invalid if none or unparsable
    int maxAge = 0;     // Go semantics: > 0 seconds, < 0 delete now ("Max-Age=0" too), 0 unset
    bool secure = false;
    bool httpOnly = false;

    // One Set-Cookie header value; nullopt when Go would drop it (no '=', bad name or value).
    static std::optional<Cookie> parseSetCookie(const QByteArray &header);
    // RFC 1123 ("Mon, 02 Jan 2006 15:04:05 GMT") or the dashed Netscape form; invalid if neither.
    static QDateTime parseExpires(const QString &text);
    static bool isValidName(const QString &name);
    // Go's sanitizeCookieValue for a Cookie request header: drops bytes a cookie value cannot
    // hold and quotes a value containing a space or a comma.
    static QString sanitizedValue(const QString &value);
    // A cookie name as Go's AddCookie writes it: CR and LF become '-'.
    static QString sanitizedName(QString name);
};

} // namespace throttle
