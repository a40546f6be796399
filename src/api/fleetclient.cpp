#include "api/fleetclient.h"

#include <QHostAddress>
#include <QHostInfo>

namespace throttle {

namespace {

// "host:port" -> host (brackets of an IPv6 literal removed) and ":port"; no port: port empty.
void split(const QString &entry, QString *host, QString *port)
{
    const qsizetype colon = entry.lastIndexOf(QLatin1Char(':'));
    const bool bracketed = entry.startsWith(QLatin1Char('['));
    if (colon < 0 || (bracketed && colon < entry.indexOf(QLatin1Char(']')))) {
        *host = entry;
        port->clear();
    } else {
        *host = entry.left(colon);
        *port = entry.mid(colon);
    }
    if (host->startsWith(QLatin1Char('[')) && host->endsWith(QLatin1Char(']')))
        *host = host->mid(1).chopped(1);
}

// A name's IPv4 addresses, sorted, each once; empty for literals, loopback names and failures.
QStringList runnerAddresses(const QString &host)
{
    if (host.isEmpty() || !QHostAddress(host).isNull() || host == QLatin1String("localhost") ||
        host.endsWith(QLatin1String(".localhost")))
        return {};
    QStringList out;
    for (const QHostAddress &a : QHostInfo::fromName(host).addresses())
        if (a.protocol() == QAbstractSocket::IPv4Protocol && !out.contains(a.toString()))
            out.append(a.toString());
    out.sort();
    return out;
}

} // namespace

QStringList FleetClient::resolve(const QString &spec)
{
    QStringList out;
    const auto add = [&out](const QString &a) {
        if (!out.contains(a))
            out.append(a);
    };
    for (const QString &raw : spec.split(QLatin1Char(','))) {
        const QString entry = raw.trimmed();
        if (entry.isEmpty())
            continue;
        QString host, port;
        split(entry, &host, &port);
        const QStringList many = runnerAddresses(host);
        if (many.size() < 2) {
            add(entry);
            continue;
        }
        for (const QString &a : many)
            add(a + port);
    }
    if (out.isEmpty())
        out.append(spec.trimmed());   // "" or ",": RestClient reports the missing host
    return out;
}

template <typename Call>
QList<RunnerReply> FleetClient::toEach(Call call) const
{
    QList<RunnerReply> out;
    for (const QString &a : m_addresses)
        out.append({a, {}});
    if (out.size() == 1) {
        out[0].reply = call(RestClient(m_addresses.first(), m_token));
        return out;
    }
    RunnerReply *cells = out.data();   // detached before the threads start; each writes its own slot
    callEachAtOnce(out.size(), [&](qsizetype i) { cells[i].reply = call(RestClient(m_addresses.at(i), m_token)); });
    return out;
}

QList<RunnerReply> FleetClient::get(const QString &path) const
{
    return toEach([path](const RestClient &c) { return c.get(path); });
}

QList<RunnerReply> FleetClient::patch(const QString &path, const QByteArray &body) const
{
    return toEach([path, body](const RestClient &c) { return c.patch(path, body); });
}

} // namespace throttle
