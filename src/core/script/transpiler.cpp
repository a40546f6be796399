#include "core/script/transpiler.h"

#include "core/script/polyfills.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJSEngine>
#include <QUrl>

#include <mutex>

namespace throttle {

Q_LOGGING_CATEGORY(lcTranspile, "throttle.transpile")

namespace {

const QString kBabelResource = QStringLiteral(":/throttle/js/babel.min.js");
const QString kDriverResource = QStringLiteral(":/throttle/js/transpile.js");

// Babel logs deprecation notes through console; nothing of it is useful to a k6 user.
const QString kConsoleStub = QStringLiteral(
    "var console = (function () { function nop() {}"
    " return { log: nop, info: nop, warn: nop, error: nop, debug: nop, trace: nop }; })();");

// Compiling babel.min.js makes Qt's compiler emit a few hundred "Variable ... is used before
// its declaration" warnings (category qt.qml.compiler) that are pure noise. They are muted only
// on the thread that is loading Babel, only while it loads; other messages pass on unchanged.
thread_local bool t_muteQmlCompiler = false;
QtMessageHandler g_previousHandler = nullptr;

void filteringHandler(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (t_muteQmlCompiler && context.category && qstrcmp(context.category, "qt.qml.compiler") == 0)
        return;
    if (g_previousHandler)
        g_previousHandler(type, context, message);
    else
        qt_message_output(type, context, message);
}

class MuteQmlCompiler {
public:
    MuteQmlCompiler()
    {
        static std::once_flag once;
        std::call_once(once, [] { g_previousHandler = qInstallMessageHandler(filteringHandler); });
        t_muteQmlCompiler = true;
    }
    ~MuteQmlCompiler() { t_muteQmlCompiler = false; }
};

QString readResource(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return QString();
    return QString::fromUtf8(file.readAll());
}

QString fileUrl(const QString &file)
{
    return file.startsWith(QLatin1Char('/')) ? QUrl::fromLocalFile(file).toString() : file;
}

} // namespace

QString TranspileError::toString() const
{
    if (kind != Kind::Syntax)
        return message;
    QString text = QStringLiteral("SyntaxError: %1: %2").arg(fileUrl(file), message);
    if (!codeFrame.isEmpty())
        text += QLatin1Char('\n') + codeFrame;
    return text;
}

Transpiler::Transpiler() = default;
Transpiler::~Transpiler() = default;

QString Transpiler::versionSalt()
{
    // The driver script decides the plugin list, so its hash is part of the salt; Babel itself is
    // identified by its npm version (read by CMake) to avoid hashing 3 MB on every run.
    static const QString salt = [] {
        const QByteArray driver = readResource(kDriverResource).toUtf8();
        const QByteArray hash = QCryptographicHash::hash(driver, QCryptographicHash::Sha256).toHex();
        return QStringLiteral("throttle-transpile/1 babel/%1 driver/%2")
            .arg(QStringLiteral(THROTTLE_BABEL_VERSION), QString::fromLatin1(hash.left(16)));
    }();
    return salt;
}

bool Transpiler::evaluateResource(const QString &path, QString *errorMessage)
{
    const QString text = readResource(path);
    if (text.isEmpty()) {
        *errorMessage = QStringLiteral("missing resource %1").arg(path);
        return false;
    }
    const QJSValue result = m_engine->evaluate(text, QLatin1String("qrc") + path);
    if (result.isError()) {
        *errorMessage = QStringLiteral("%1: %2 (line %3)")
                            .arg(path, result.toString(), result.property("lineNumber").toString());
        return false;
    }
    return true;
}

bool Transpiler::load(QString *errorMessage)
{
    if (isLoaded())
        return true;
    QString why;
    m_engine = std::make_unique<QJSEngine>();
    // Babel 7 needs a few ES2019+ built-ins (Object.hasOwn...): our polyfills are enough, so the
    // 300 ms core-js bundle the first experiments used is not needed.
    bool ok = Polyfills::install(*m_engine);
    m_engine->evaluate(kConsoleStub);
    {
        MuteQmlCompiler mute;
        ok = ok && evaluateResource(kBabelResource, &why);
    }
    ok = ok && evaluateResource(kDriverResource, &why);
    if (ok)
        m_transform = m_engine->globalObject().property(QStringLiteral("__throttleTranspile"));
    if (!ok || !m_transform.isCallable()) {
        qCCritical(lcTranspile) << "cannot load Babel:" << why;
        if (errorMessage)
            *errorMessage = why.isEmpty() ? QStringLiteral("Babel driver not found") : why;
        m_engine.reset();
        m_transform = QJSValue();
        return false;
    }
    return true;
}

bool Transpiler::transpile(const QString &source, const QString &fileName, QString *code,
                           QStringList *importSpecifiers, TranspileError *error)
{
    TranspileError failure;
    failure.file = fileName;
    QString why;
    if (!load(&why)) {
        failure.kind = TranspileError::Kind::Internal;
        failure.message = QStringLiteral("cannot load the transpiler: %1").arg(why);
        if (error)
            *error = failure;
        return false;
    }
    const QJSValue result = m_transform.call({source, fileName});
    if (result.isError() || !result.property(QStringLiteral("ok")).toBool()) {
        const bool internal = result.isError();
        failure.kind = internal ? TranspileError::Kind::Internal : TranspileError::Kind::Syntax;
        if (internal) {
            failure.message = result.toString();
        } else {
            failure.message = result.property(QStringLiteral("message")).toString();
            failure.line = result.property(QStringLiteral("line")).toInt();
            failure.column = result.property(QStringLiteral("column")).toInt();
            failure.codeFrame = result.property(QStringLiteral("codeFrame")).toString();
        }
        if (error)
            *error = failure;
        return false;
    }
    if (code)
        *code = result.property(QStringLiteral("code")).toString();
    if (importSpecifiers)
        *importSpecifiers = result.property(QStringLiteral("imports")).toVariant().toStringList();
    return true;
}

} // namespace throttle
