#pragma once
// FleetClient: one REST call sent to every runner of a fleet at once (several `throttle run`
// processes, each one execution segment of one test, e.g. the k6-operator's runner pods) and the
// answers collected in the order of the addresses. Each runner's call runs on its own short-lived
// thread through RestClient (a blocking call with its own event loop), so a slow runner does not
// hold up the others; like k6's client there is no timeout. Blocking; any thread (the CLI's main
// thread).
//
// Addresses: "host:port[,host:port…]"; a host name that resolves to several IPv4 addresses (a
// headless Kubernetes Service: one A record per runner pod) stands for one runner per address.
// Loopback names (localhost, *.localhost) and literal addresses are taken as they are.

#include "api/restclient.h"

#include <QList>
#include <QStringList>
#include <QThread>
#include <memory>
#include <vector>

namespace throttle {

// Calls call(i) for every i in [0, n), each on its own short-lived thread, and returns when all
// have returned: one blocking call per runner, all at once (FleetClient, FleetRun).
template <typename Call>
void callEachAtOnce(qsizetype n, const Call &call)
{
    std::vector<std::unique_ptr<QThread>> threads;
    for (qsizetype i = 0; i < n; ++i) {
        threads.emplace_back(QThread::create([&call, i] { call(i); }));
        threads.back()->start();
    }
    for (const auto &t : threads)
        t->wait();
}

struct RunnerReply {
    QString address;
    RestReply reply;
};

class FleetClient {
public:
    FleetClient(QStringList addresses, QByteArray token) : m_addresses(std::move(addresses)), m_token(std::move(token)) {}

    // The runners an address list names, in its order, each once (DNS names expanded as above).
    static QStringList resolve(const QString &spec);

    const QStringList &addresses() const { return m_addresses; }
    QList<RunnerReply> get(const QString &path) const;
    QList<RunnerReply> patch(const QString &path, const QByteArray &body) const;

private:
    template <typename Call>
    QList<RunnerReply> toEach(Call call) const;

    QStringList m_addresses;
    QByteArray m_token;
};

} // namespace throttle
