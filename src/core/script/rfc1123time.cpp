#include "core/script/rfc1123time.h"


namespace throttle {

namespace {

constexpr char kLayout[] = "Mon, 02 Jan 2006 15:04:05 MST";

// Go's time.quote: in double quotes, with `"` and `\` escaped.
QString quote(const QString &s)
{
    QString out = QStringLiteral("\"");
    for (QChar c : s) {
        if (c == QLatin1Char('"') || c == QLatin1Char('\\'))
            out += QLatin1Char('\\');
        out += c;
    }
    return out + QLatin1Char('"');
}

bool isDigit(const QString &s, int i)
{
    return i < s.size() && s.at(i) >= QLatin1Char('0') && s.at(i) <= QLatin1Char('9');
}

// Go's getnum: one or two digits (exactly two when fixed).
bool getnum(QString &s, bool fixed, int *out)
{
    if (!isDigit(s, 0))
        return false;
    if (!isDigit(s, 1)) {
        if (fixed)
            return false;
        *out = s.at(0).digitValue();
        s.remove(0, 1);
        return true;
    }
    *out = s.at(0).digitValue() * 10 + s.at(1).digitValue();
    s.remove(0, 2);
    return true;
}

// Go's lookup: a case-insensitive prefix match against the names; index or -1.
int lookup(QString &s, const char *const *names, int n)
{
    for (int i = 0; i < n; ++i) {
        const QString name = QString::fromLatin1(names[i]);
        if (s.left(name.size()).compare(name, Qt::CaseInsensitive) == 0) {
            s.remove(0, name.size());
            return i;
        }
    }
    return -1;
}

// Go's skip: a space in the layout matches one or more spaces.
bool skip(QString &s, QString prefix)
{
    while (!prefix.isEmpty()) {
        if (prefix.at(0) == QLatin1Char(' ')) {
            if (!s.isEmpty() && s.at(0) != QLatin1Char(' '))
                return false;
            while (!prefix.isEmpty() && prefix.at(0) == QLatin1Char(' '))
                prefix.remove(0, 1);
            while (!s.isEmpty() && s.at(0) == QLatin1Char(' '))
                s.remove(0, 1);
            continue;
        }
        if (s.isEmpty() || s.at(0) != prefix.at(0))
            return false;
        prefix.remove(0, 1);
        s.remove(0, 1);
    }
    return true;
}

// Go's parseTimeZone for an abbreviation; its length (0: none), *offset for "GMT+h".
int timeZoneLength(const QString &s, int *offset)
{
    *offset = 0;
    if (s.size() < 3)
        return 0;
    if (s.startsWith(QLatin1String("ChST")) || s.startsWith(QLatin1String("MeST")))
        return 4;
    if (s.startsWith(QLatin1String("GMT"))) {
        const QString rest = s.mid(3);
        if (rest.isEmpty() || (rest.at(0) != QLatin1Char('+') && rest.at(0) != QLatin1Char('-')))
            return 3;
        int n = 1, hours = 0;
        while (isDigit(rest, n))
            hours = hours * 10 + rest.at(n++).digitValue();
        if (n == 1 || hours > 23)
            return 3;
        *offset = (rest.at(0) == QLatin1Char('-') ? -hours : hours) * 3600;
        return 3 + n;
    }
    int upper = 0;
    while (upper < 6 && upper < s.size() && s.at(upper) >= QLatin1Char('A') && s.at(upper) <= QLatin1Char('Z'))
        ++upper;
    if (upper == 3)
        return 3;
    if (upper == 4 && (s.at(3) == QLatin1Char('T') || s.startsWith(QLatin1String("WITA"))))
        return 4;
    if (upper == 5 && s.at(4) == QLatin1Char('T'))
        return 5;
    return 0;
}

} // namespace

namespace Rfc1123Time {

QDateTime parse(const QString &original, QString *error)
{
    static const char *const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    struct Chunk {
        const char *prefix;
        const char *std;
    };
    static const Chunk chunks[] = {{"", "Mon"}, {", ", "02"}, {" ", "Jan"}, {" ", "2006"},
                                   {" ", "15"}, {":", "04"}, {":", "05"}, {" ", "MST"}};
    const auto fail = [&](const QString &layoutElem, const QString &valueElem, const QString &message = QString()) {
        *error = message.isEmpty()
            ? QStringLiteral("parsing time %1 as %2: cannot parse %3 as %4")
                  .arg(quote(original), quote(QString::fromLatin1(kLayout)), quote(valueElem), quote(layoutElem))
            : QStringLiteral("parsing time %1%2").arg(quote(original), message);
        return QDateTime();
    };
    QString s = original;
    int day = 0, month = 0, year = 0, hour = 0, minute = 0, second = 0, offset = 0;
    qint64 msec = 0;
    for (const Chunk &c : chunks) {
        const QString prefix = QString::fromLatin1(c.prefix), std = QString::fromLatin1(c.std);
        if (!skip(s, prefix))
            return fail(prefix, s);
        const QString hold = s;
        bool ok = true;
        QString range;
        if (std == QLatin1String("Mon")) {
            ok = lookup(s, days, 7) >= 0;
        } else if (std == QLatin1String("02")) {
            ok = getnum(s, true, &day);
        } else if (std == QLatin1String("Jan")) {
            month = lookup(s, months, 12) + 1;
            ok = month > 0;
        } else if (std == QLatin1String("2006")) {
            ok = s.size() >= 4 && isDigit(s, 0) && isDigit(s, 1) && isDigit(s, 2) && isDigit(s, 3);
            if (ok) {
                year = s.left(4).toInt();
                s.remove(0, 4);
            }
        } else if (std == QLatin1String("15")) {
            ok = getnum(s, false, &hour);
            range = ok && hour >= 24 ? QStringLiteral("hour") : QString();
        } else if (std == QLatin1String("04")) {
            ok = getnum(s, true, &minute);
            range = ok && minute >= 60 ? QStringLiteral("minute") : QString();
        } else if (std == QLatin1String("05")) {
            ok = getnum(s, true, &second);
            range = ok && second >= 60 ? QStringLiteral("second") : QString();
            // Go accepts a fraction after the seconds even when the layout has none.
            if (ok && range.isEmpty() && s.size() >= 2 && (s.at(0) == QLatin1Char('.') || s.at(0) == QLatin1Char(','))
                && isDigit(s, 1)) {
                int n = 2;
                while (isDigit(s, n))
                    ++n;
                msec = qint64(QStringLiteral("0.%1").arg(s.mid(1, n - 1)).toDouble() * 1000);
                s.remove(0, n);
            }
        } else {
            if (s.startsWith(QLatin1String("UTC"))) {
                s.remove(0, 3);
            } else {
                const int n = timeZoneLength(s, &offset);
                ok = n > 0;
                s.remove(0, n);
            }
        }
        if (!range.isEmpty())
            return fail(std, s, QStringLiteral(": %1 out of range").arg(range));
        if (!ok)
            return fail(std, hold);
    }
    if (!s.isEmpty())
        return fail(QString(), s, QStringLiteral(": extra text: %1").arg(quote(s)));
    const QDate date(year, month, 1);
    if (day < 1 || day > date.daysInMonth())
        return fail(QString(), s, QStringLiteral(": day out of range"));
    QDateTime t(QDate(year, month, day), QTime(hour, minute, second), Qt::UTC);
    return t.addMSecs(msec - qint64(offset) * 1000);
}

} // namespace Rfc1123Time

} // namespace throttle
