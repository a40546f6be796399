#pragma once
// DemoRouter: maps a parsed request to the demo server's answer (routes listed in
// demotarget.h). Stateless apart from the shared, thread-safe item store, so one instance
// serves every worker thread concurrently.

#include "demo/demomessages.h"

namespace throttle {

class DemoItemStore;

class DemoRouter {
public:
    explicit DemoRouter(DemoItemStore *store);

    DemoResponse handle(const DemoRequest &request) const;

private:
    DemoResponse handleGet(const DemoRequest &request) const;
    DemoResponse echo(const DemoRequest &request) const;
    DemoResponse delay(const DemoRequest &request) const;
    DemoResponse status(const QByteArray &arg) const;
    DemoResponse bytes(const QByteArray &arg) const;
    DemoResponse redirect(const QByteArray &arg) const;
    DemoResponse setCookies(const DemoRequest &request) const;
    DemoResponse showCookies(const DemoRequest &request) const;
    DemoResponse login(const DemoRequest &request) const;
    DemoResponse items(const DemoRequest &request) const;
    DemoResponse item(const DemoRequest &request, const QByteArray &idText) const;
    DemoResponse upload(const DemoRequest &request) const;

    DemoItemStore *m_store;
};

} // namespace throttle
