#include "core/http/responsehead.h"

#include "core/http/httpreasonphrase.h"

namespace throttle {

QString ResponseHead::goQuote(const QByteArray &bytes)
{
    QString out = QStringLiteral("\"");
    const QString text = QString::fromUtf8(bytes);
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        switch (u) {
        case '"': out += QStringLiteral("\\\""); break;
        case '\\': out += QStringLiteral("\\\\"); break;
        case '\n': out += QStringLiteral("\\n"); break;
        case '\r': out += QStringLiteral("\\r"); break;
        case '\t': out += QStringLiteral("\\t"); break;
        default:
            if (u < 0x20 || u == 0x7f)
                out += QStringLiteral("\\x%1").arg(uint(u), 2, 16, QLatin1Char('0'));
            else if (u == 0xfffd)
                out += QStringLiteral("\\ufffd");
            else
                out += c;
        }
    }
    return out + QLatin1Char('"');
}

std::optional<QString> ResponseHead::statusLineError(const QByteArray &line)
{
    const qsizetype sp = line.indexOf(' ');
    if (sp < 0)
        return QStringLiteral("malformed HTTP response %1").arg(goQuote(line));
    const QByteArray proto = line.left(sp);
    const QByteArray status = line.mid(sp + 1).trimmed();
    const qsizetype sp2 = status.indexOf(' ');
    const QByteArray code = sp2 < 0 ? status : status.left(sp2);
    bool digits = code.size() == 3;
    for (const char c : code)
        digits = digits && c >= '0' && c <= '9';
    if (!digits)
        return QStringLiteral("malformed HTTP status code %1").arg(goQuote(code));
    // Go's ParseHTTPVersion: "HTTP/<major>.<minor>" with small decimal numbers.
    bool version = proto.startsWith("HTTP/");
    const QByteArray nums = proto.mid(5);
    const qsizetype dot = nums.indexOf('.');
    if (version && dot > 0 && dot < nums.size() - 1) {
        for (const QByteArray &n : {nums.left(dot), nums.mid(dot + 1)}) {
            bool ok = n.size() <= 7;
            for (const char c : n)
                ok = ok && c >= '0' && c <= '9';
            version = version && ok;
        }
    } else {
        version = false;
    }
    if (!version)
        return QStringLiteral("malformed HTTP version %1").arg(goQuote(proto));
    return std::nullopt;
}

bool ResponseHead::parseStatusLine(const QByteArray &line, int *status, QByteArray *statusText)
{
    const qsizetype sp1 = line.indexOf(' ');
    if (sp1 < 0)
        return false;
    const qsizetype sp2 = line.indexOf(' ', sp1 + 1);
    const QByteArray code = sp2 < 0 ? line.mid(sp1 + 1) : line.mid(sp1 + 1, sp2 - sp1 - 1);
    bool ok = false;
    const int value = code.toInt(&ok);
    if (!ok || value < 0 || value > 999)
        return false;
    *status = value;
    const QByteArray reason = sp2 < 0 ? QByteArray() : line.mid(sp2 + 1).trimmed();
    *statusText = code + ' ' + (reason.isEmpty() ? QByteArray(HttpReasonPhrase::of(value)) : reason);
    if (statusText->endsWith(' '))
        statusText->chop(1);
    return true;
}

bool ResponseHead::parseHeaderLine(const QByteArray &line, QPair<QByteArray, QByteArray> *header)
{
    const qsizetype colon = line.indexOf(':');
    if (colon <= 0)
        return false;
    header->first = line.left(colon);
    header->second = line.mid(colon + 1).trimmed();
    return true;
}

} // namespace throttle
