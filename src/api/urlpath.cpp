#include "api/urlpath.h"

#include <QStringList>

namespace throttle::urlpath {

QString decode(const QByteArray &rawPath)
{
    return QString::fromUtf8(QByteArray::fromPercentEncoding(rawPath));
}

QString clean(const QString &input)
{
    if (input.isEmpty())
        return QStringLiteral("/");
    const QString p = input.startsWith(QLatin1Char('/')) ? input : QLatin1Char('/') + input;
    QStringList out;
    for (const QString &seg : p.split(QLatin1Char('/'))) {
        if (seg.isEmpty() || seg == QLatin1String("."))
            continue;
        if (seg == QLatin1String("..")) {
            if (!out.isEmpty())
                out.removeLast();
            continue;
        }
        out << seg;
    }
    QString np = QLatin1Char('/') + out.join(QLatin1Char('/'));
    if (p.endsWith(QLatin1Char('/')) && np != QLatin1String("/"))
        np += QLatin1Char('/');
    return np;
}

QByteArray encode(const QString &path)
{
    return path.toUtf8().toPercentEncoding("/!$&'()*+,;=:@~");
}

} // namespace throttle::urlpath
