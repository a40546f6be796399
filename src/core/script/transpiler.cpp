#include "core/script/transpiler.h"

#include "core/script/codeframe.h"
#include "core/script/esbuildexecutable.h"
#include "core/script/esbuildservice.h"
#include "core/script/tailcallguard.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QUrl>

namespace throttle {

// Debug lines (how long esbuild took) only when asked for: QT_LOGGING_RULES=throttle.transpile.debug=true.
Q_LOGGING_CATEGORY(lcTranspile, "throttle.transpile", QtInfoMsg)

namespace {

// Bumped whenever what Throttle stores or how it post-processes esbuild's output changes.
constexpr auto kFormat = "throttle-transpile/5";   // 5: records list require() specifiers

// Qt 6.4's engine parses ES2016 plus optional chaining and ?? (ARCHITECTURE.md §5).
const QStringList kCommonFlags{
    QStringLiteral("--format=esm"),
    QStringLiteral("--target=es2016"),
    QStringLiteral("--supported:optional-chain=true"),
    QStringLiteral("--supported:nullish-coalescing=true"),
    QStringLiteral("--charset=utf8"),
    QStringLiteral("--sourcemap=external"),
    QStringLiteral("--sources-content=false"),
    QStringLiteral("--log-level=silent"),
    QStringLiteral("--log-limit=0"),
};

// esbuild speaks of its target ("es2016"); the user needs to know it is the engine's limit.
QString userMessage(QString text)
{
    static const QRegularExpression unsupported(
        QStringLiteral(R"( to the configured target environment \("[^"]*"[^)]*\) is not supported yet)"));
    static const QRegularExpression unavailable(
        QStringLiteral(R"( (is|are) not available in the configured target environment \("[^"]*"[^)]*\))"));
    text.replace(unsupported, QStringLiteral(" is not supported by Throttle's JavaScript engine (Qt 6.4)"));
    text.replace(unavailable, QStringLiteral(" \\1 not supported by Throttle's JavaScript engine (Qt 6.4)"));
    return text;
}

// A JavaScript string literal (JSON's escaping is valid JavaScript).
QString jsonString(const QString &text)
{
    const QByteArray json = QJsonDocument(QJsonArray{text}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(json.mid(1, json.size() - 2));
}

TranspileError syntaxError(const Transpiler::Input &input, const QList<EsbuildService::Message> &errors)
{
    const EsbuildService::Message &m = errors.first();
    TranspileError e;
    e.kind = TranspileError::Kind::Syntax;
    e.file = m.file.isEmpty() ? input.path : m.file;
    e.line = m.line;
    // esbuild counts UTF-8 bytes; the frame and the message count characters.
    e.column = int(QString::fromUtf8(m.lineText.toUtf8().left(m.column)).size());
    e.message = userMessage(m.text);
    if (e.line > 0)
        e.message += QStringLiteral(" (%1:%2)").arg(e.line).arg(e.column);
    if (errors.size() > 1)
        e.message += QStringLiteral(" (and %1 more errors)").arg(errors.size() - 1);
    if (e.line > 0)
        e.codeFrame = CodeFrame::render(QString::fromUtf8(input.source), e.line, e.column);
    return e;
}

} // namespace

Transpiler::Transpiler(QString cacheDir, const std::atomic<bool> *cancel)
    : m_cacheDir(std::move(cacheDir)), m_cancel(cancel)
{
}

Transpiler::~Transpiler() = default;

bool Transpiler::isTypeScript(const QString &path)
{
    return path.endsWith(QLatin1String(".ts")) || path.endsWith(QLatin1String(".mts"))
        || path.endsWith(QLatin1String(".cts"));
}

QStringList Transpiler::flags(const QString &path, bool usesImportMeta)
{
    QStringList f = kCommonFlags;
    f << (isTypeScript(path) ? QStringLiteral("--loader=ts") : QStringLiteral("--loader=js"));
    f << QStringLiteral("--sourcefile=") + path;
    if (usesImportMeta) {
        // k6's import.meta: resolve() relative to this module (bootstrap.js builds the object).
        f << QStringLiteral("--define:import.meta=__throttleImportMeta");
        f << QStringLiteral("--banner=var __throttleImportMeta = __throttleModuleMeta(%1);")
                 .arg(jsonString(path.contains(QLatin1String("://")) ? path   // a remote module
                                                                      : QUrl::fromLocalFile(path).toString()));
    }
    return f;
}

bool Transpiler::load(QString *errorMessage)
{
    if (!m_executable && m_loadError.isEmpty()) {
        QString why;
        if (auto found = EsbuildExecutable::find(m_cacheDir, &why))
            m_executable = std::make_unique<EsbuildExecutable>(std::move(*found));
        else
            m_loadError = why;
    }
    if (!m_executable && errorMessage)
        *errorMessage = m_loadError;
    return m_executable != nullptr;
}

bool Transpiler::isStarted() const
{
    return m_service && m_service->started();
}

QString Transpiler::cacheSalt()
{
    if (!load())
        return QString();
    QCryptographicHash h(QCryptographicHash::Sha256);
    h.addData(kCommonFlags.join(QLatin1Char('\n')).toUtf8());
    h.addData(flags(QStringLiteral("/x.ts"), true).join(QLatin1Char('\n')).toUtf8());
    return QStringLiteral("%1 esbuild/%2 flags/%3")
        .arg(QLatin1String(kFormat), m_executable->version, QString::fromLatin1(h.result().toHex().left(16)));
}

bool Transpiler::transpile(const QList<Input> &inputs, QList<Output> *outputs, TranspileError *error)
{
    outputs->clear();
    QString why;
    if (!load(&why)) {
        *error = TranspileError{TranspileError::Kind::Internal, QString(), 0, 0, why, QString()};
        return false;
    }
    if (!m_service)
        m_service = std::make_unique<EsbuildService>(*m_executable, m_cancel);
    QList<EsbuildService::Request> requests;
    requests.reserve(inputs.size());
    for (const Input &in : inputs)
        requests.append({flags(in.path, in.source.contains("import.meta")), in.source});
    QList<EsbuildService::Response> responses;
    if (!m_service->transform(requests, &responses, &why)) {
        const bool cancelled = m_cancel && m_cancel->load();
        *error = TranspileError{cancelled ? TranspileError::Kind::Cancelled : TranspileError::Kind::Internal,
                                QString(), 0, 0, cancelled ? QStringLiteral("cancelled") : why, QString()};
        return false;
    }
    for (qsizetype i = 0; i < inputs.size(); ++i) {
        if (!responses[i].errors.isEmpty()) {
            *error = syntaxError(inputs[i], responses[i].errors);
            return false;
        }
        // Qt 6.4 loses generators returned by tail calls: move calls out of tail position.
        outputs->append({TailCallGuard::apply(responses[i].code), responses[i].map});
    }
    return true;
}

bool Transpiler::transpile(const QString &source, const QString &fileName, QString *code, TranspileError *error,
                           QByteArray *map)
{
    QList<Output> out;
    TranspileError e;
    if (!transpile({{fileName, source.toUtf8()}}, &out, &e)) {
        if (error)
            *error = e;
        return false;
    }
    if (code)
        *code = QString::fromUtf8(out.first().code);
    if (map)
        *map = out.first().map;
    return true;
}

} // namespace throttle
