#include "core/script/esbuildservice.h"

#include "core/script/esbuildpacket.h"

#include <QHash>
#include <QProcess>

namespace throttle {

namespace {

constexpr int kPollMs = 50;          // how often a wait looks at `cancel`
constexpr int kStartTimeoutMs = 10000;

EsbuildService::Message toMessage(const QVariant &v)
{
    const QVariantMap m = v.toMap();
    EsbuildService::Message out;
    out.text = m.value(QStringLiteral("text")).toString();
    const QVariantMap loc = m.value(QStringLiteral("location")).toMap();
    out.file = loc.value(QStringLiteral("file")).toString();
    out.line = loc.value(QStringLiteral("line")).toInt();
    out.column = loc.value(QStringLiteral("column")).toInt();
    out.lineText = loc.value(QStringLiteral("lineText")).toString();
    return out;
}

QByteArray bytesOf(const QVariant &v)
{
    return v.typeId() == QMetaType::QByteArray ? v.toByteArray() : v.toString().toUtf8();
}

} // namespace

EsbuildService::EsbuildService(EsbuildExecutable executable, const std::atomic<bool> *cancel)
    : m_executable(std::move(executable)), m_cancel(cancel)
{
}

EsbuildService::~EsbuildService()
{
    stop();
}

void EsbuildService::stop()
{
    if (!m_process)
        return;
    // Closing its stdin is how the service learns that its host is done.
    m_process->closeWriteChannel();
    if (!m_process->waitForFinished(1000)) {
        m_process->kill();
        m_process->waitForFinished(1000);
    }
    m_process.reset();
}

QString EsbuildService::failure(const QString &what) const
{
    QString text = QStringLiteral("esbuild (%1): %2").arg(m_executable.path, what);
    if (m_process) {
        const QString err = QString::fromUtf8(m_process->readAllStandardError()).trimmed();
        if (!err.isEmpty())
            text += QStringLiteral(": ") + err.left(2000);
    }
    return text;
}

bool EsbuildService::start(QString *error)
{
    m_process = std::make_unique<QProcess>();
    m_process->setProcessChannelMode(QProcess::SeparateChannels);
    m_process->start(m_executable.path, {QStringLiteral("--service=") + m_executable.version});
    if (!m_process->waitForStarted(kStartTimeoutMs)) {
        *error = failure(QStringLiteral("cannot start: ") + m_process->errorString());
        m_process.reset();
        return false;
    }
    QString version;
    while (EsbuildPacket::takeVersion(&m_buffer, &version) == EsbuildPacket::Take::NeedMore) {
        if (!readMore(error))
            return false;
    }
    if (version != m_executable.version) {
        *error = failure(QStringLiteral("the service answered version \"%1\", expected \"%2\"").arg(version, m_executable.version));
        stop();
        return false;
    }
    return true;
}

bool EsbuildService::readMore(QString *error)
{
    for (;;) {
        if (cancelled()) {
            *error = QStringLiteral("cancelled");
            m_process->kill();
            m_process->waitForFinished(1000);
            m_process.reset();
            return false;
        }
        if (m_process->bytesToWrite() > 0)
            m_process->waitForBytesWritten(kPollMs);   // also reads what arrived meanwhile
        if (m_process->bytesAvailable() > 0 || m_process->waitForReadyRead(kPollMs)) {
            m_buffer += m_process->readAllStandardOutput();
            return true;
        }
        if (m_process->state() != QProcess::Running) {
            *error = failure(QStringLiteral("the process ended unexpectedly (exit code %1)").arg(m_process->exitCode()));
            m_process.reset();
            return false;
        }
    }
}

void EsbuildService::answer(const EsbuildPacket &request)
{
    EsbuildPacket reply;
    reply.id = request.id;
    reply.isRequest = false;
    reply.value = QVariantMap();
    m_process->write(reply.encode());
}

bool EsbuildService::transform(const QList<Request> &requests, QList<Response> *responses, QString *error)
{
    responses->clear();
    if (requests.isEmpty())
        return true;
    if (!m_process && !start(error))
        return false;
    QHash<quint32, qsizetype> pending;   // request id -> index in requests
    for (qsizetype i = 0; i < requests.size(); ++i) {
        EsbuildPacket p;
        p.id = m_nextId++;
        p.isRequest = true;
        p.value = QVariantMap{{QStringLiteral("command"), QStringLiteral("transform")},
                              {QStringLiteral("flags"), requests[i].flags},
                              {QStringLiteral("inputFS"), false},
                              {QStringLiteral("input"), requests[i].input}};
        pending.insert(p.id, i);
        m_process->write(p.encode());
    }
    responses->resize(requests.size());
    while (!pending.isEmpty()) {
        EsbuildPacket p;
        const EsbuildPacket::Take t = EsbuildPacket::take(&m_buffer, &p);
        if (t == EsbuildPacket::Take::Invalid) {
            *error = failure(QStringLiteral("malformed answer from the service"));
            stop();
            return false;
        }
        if (t == EsbuildPacket::Take::NeedMore) {
            if (!readMore(error))
                return false;
            continue;
        }
        if (p.isRequest) {
            answer(p);
            continue;
        }
        const auto it = pending.constFind(p.id);
        if (it == pending.cend())
            continue;
        const QVariantMap m = p.value.toMap();
        if (m.contains(QStringLiteral("error"))) {   // the service could not even run the request
            *error = failure(m.value(QStringLiteral("error")).toString());
            return false;
        }
        Response &r = (*responses)[*it];
        r.code = bytesOf(m.value(QStringLiteral("code")));
        r.map = bytesOf(m.value(QStringLiteral("map")));
        for (const QVariant &e : m.value(QStringLiteral("errors")).toList())
            r.errors.append(toMessage(e));
        pending.erase(it);
    }
    return true;
}

} // namespace throttle
