#pragma once
// DemoWorker: one worker of the demo server. Owns the connections handed to it (as QObject
// children) and serves them from its own thread's event loop. Lives on that worker thread;
// DemoTarget creates it, moves it there and deletes it there.

#include <QObject>

namespace throttle {

class DemoCounters;
class DemoRouter;

class DemoWorker : public QObject {
    Q_OBJECT
public:
    DemoWorker(DemoRouter *router, DemoCounters *counters);
    // Called on the worker thread with a freshly accepted socket: queued by name from the accept
    // thread, so the descriptor travels inside Qt's event (a functor there would be data that
    // ThreadSanitizer sees cross threads without the hand-over, installer/tsan.sh).
    Q_INVOKABLE void adopt(qlonglong descriptor);

private:
    DemoRouter *m_router;
    DemoCounters *m_counters;
};

} // namespace throttle
