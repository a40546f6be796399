#include "core/script/outputimports.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QUrl>

namespace throttle {

namespace {

// A double-quoted string as esbuild prints it: group 1 is its body (escapes undone by decode()).
const QString kQuoted = QStringLiteral(R"re("((?:[^"\\\n]|\\.)*)")re");

QString decode(const QString &body)
{
    const QJsonDocument doc = QJsonDocument::fromJson(QStringLiteral("[\"%1\"]").arg(body).toUtf8());
    return doc.isArray() ? doc.array().at(0).toString() : body;
}

QString encode(const QString &text)
{
    const QByteArray json = QJsonDocument(QJsonArray{text}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(json.mid(2, json.size() - 4));
}

QString absoluteLocal(const QString &spec)
{
    if (spec.startsWith(QLatin1String("file://")))
        return QDir::cleanPath(QUrl(spec).toLocalFile());
    return spec.startsWith(QLatin1Char('/')) ? QDir::cleanPath(spec) : QString();
}

} // namespace

QString OutputImports::relativeSpecifier(const QString &fromDir, const QString &to)
{
    const QString rel = QDir(fromDir).relativeFilePath(to);
    return rel.startsWith(QLatin1String("../")) ? rel : QStringLiteral("./") + rel;
}

QByteArray OutputImports::process(const QByteArray &code, const QString &fileName, QStringList *specifiers,
                                  QStringList *required)
{
    if (required) {
        static const QRegularExpression call(QStringLiteral(R"re(\brequire\(\s*%1\s*\))re").arg(kQuoted));
        for (auto it = call.globalMatch(QString::fromUtf8(code)); it.hasNext();)
            required->append(decode(it.next().captured(1)));
    }
    // Statements start a line in esbuild's output; "} from" closes a wrapped clause list.
    static const QRegularExpression re(
        QStringLiteral(R"re(^(?:(?:(?:import|export)\b|\})[^\n]*?\bfrom\s*%1|import\s*%1)\s*;?[ \t]*$|\bimport\(\s*%1\s*\))re")
            .arg(kQuoted),
        QRegularExpression::MultilineOption);
    const QString text = QString::fromUtf8(code);
    const QString dir = QFileInfo(fileName).absolutePath();
    QString out;
    qsizetype last = 0;
    bool changed = false;
    for (auto it = re.globalMatch(text); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        int group = 1;
        while (group <= 3 && m.capturedStart(group) < 0)
            ++group;
        const QString spec = decode(m.captured(group));
        specifiers->append(spec);
        const QString abs = absoluteLocal(spec);
        if (abs.isEmpty())
            continue;
        out += QStringView(text).mid(last, m.capturedStart(group) - last);
        out += encode(relativeSpecifier(dir, abs));
        last = m.capturedEnd(group);
        changed = true;
    }
    if (!changed)
        return code;
    out += QStringView(text).mid(last);
    return out.toUtf8();
}

} // namespace throttle
