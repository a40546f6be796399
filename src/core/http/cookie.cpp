#include "core/http/cookie.h"

#include <QRegularExpression>
#include <QTimeZone>

namespace throttle {

namespace {

bool isTokenChar(QChar c)
{
    const ushort u = c.unicode();
    if (u <= 0x20 || u >= 0x7f)
        return false;
    static const QString separators = QStringLiteral("()<>@,;:\\\"/[]?={}");
    return !separators.contains(c);
}

bool isCookieValueChar(QChar c)
{
    const ushort u = c.unicode();
    return u >= 0x20 && u < 0x7f && c != u'"' && c != u';' && c != u'\\';
}

// Go's parseCookieValue: optionally strips one pair of double quotes, then every byte must be
// a valid cookie-value byte.
std::optional<QString> parseValue(QString raw, bool allowQuotes)
{
    if (allowQuotes && raw.size() > 1 && raw.startsWith(u'"') && raw.endsWith(u'"'))
        raw = raw.mid(1, raw.size() - 2);
    for (QChar c : raw) {
        if (!isCookieValueChar(c))
            return std::nullopt;
    }
    return raw;
}

void applyMaxAge(Cookie &c, const QString &val)
{
    // Go ignores "Max-Age=01" (leading zero) and anything non-numeric; <= 0 means delete.
    bool ok = false;
    const int secs = val.toInt(&ok);
    if (!ok || val.isEmpty() || (secs != 0 && val.startsWith(u'0')) || val.startsWith(u'+'))
        return;
    c.maxAge = secs <= 0 ? -1 : secs;
}

void applyAttribute(Cookie &c, const QString &part)
{
    const qsizetype eq = part.indexOf(u'=');
    const QString attr = (eq < 0 ? part : part.left(eq)).trimmed().toLower();
    const auto val = parseValue(eq < 0 ? QString() : part.mid(eq + 1).trimmed(), false);
    if (!val)
        return;
    if (attr == u"secure")
        c.secure = true;
    else if (attr == u"httponly")
        c.httpOnly = true;
    else if (attr == u"domain")
        c.domain = *val;
    else if (attr == u"path")
        c.path = *val;
    else if (attr == u"max-age")
        applyMaxAge(c, *val);
    else if (attr == u"expires")
        c.expires = Cookie::parseExpires(*val);
}

} // namespace

std::optional<Cookie> Cookie::parseSetCookie(const QByteArray &header)
{
    const QStringList parts = QString::fromUtf8(header).trimmed().split(u';');
    const QString first = parts.value(0).trimmed();
    const qsizetype eq = first.indexOf(u'=');
    if (eq < 0)
        return std::nullopt;
    Cookie c;
    c.name = first.left(eq).trimmed();
    if (!isValidName(c.name))
        return std::nullopt;
    const auto value = parseValue(first.mid(eq + 1).trimmed(), true);
    if (!value)
        return std::nullopt;
    c.value = *value;
    for (qsizetype i = 1; i < parts.size(); ++i) {
        const QString part = parts.at(i).trimmed();
        if (!part.isEmpty())
            applyAttribute(c, part);
    }
    return c;
}

QDateTime Cookie::parseExpires(const QString &text)
{
    static const QRegularExpression re(QStringLiteral(
        "^[A-Za-z]{3}, (\\d{1,2})[ -]([A-Za-z]{3})[ -](\\d{4}) (\\d{2}):(\\d{2}):(\\d{2}) ([A-Za-z]+)$"));
    const auto m = re.match(text.trimmed());
    if (!m.hasMatch())
        return {};
    static const QStringList months = {"jan", "feb", "mar", "apr", "may", "jun",
                                       "jul", "aug", "sep", "oct", "nov", "dec"};
    const int month = int(months.indexOf(m.captured(2).toLower())) + 1;
    if (month == 0)
        return {};
    const QDate date(m.captured(3).toInt(), month, m.captured(1).toInt());
    const QTime time(m.captured(4).toInt(), m.captured(5).toInt(), m.captured(6).toInt());
    if (!date.isValid() || !time.isValid())
        return {};
    // Go maps an unknown zone abbreviation to offset 0 as well; cookies use GMT anyway.
    return QDateTime(date, time, QTimeZone::utc());
}

bool Cookie::isValidName(const QString &name)
{
    if (name.isEmpty())
        return false;
    for (QChar c : name) {
        if (!isTokenChar(c))
            return false;
    }
    return true;
}

QString Cookie::sanitizedValue(const QString &value)
{
    QString out;
    out.reserve(value.size());
    for (QChar c : value) {
        if (isCookieValueChar(c))
            out.append(c);
    }
    if (out.contains(u' ') || out.contains(u','))
        return u'"' + out + u'"';
    return out;
}

QString Cookie::sanitizedName(QString name)
{
    return name.replace(u'\n', u'-').replace(u'\r', u'-');
}

} // namespace throttle
