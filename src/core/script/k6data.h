#pragma once
// K6Data: the native side of k6/data, exposed to one VU's engine as the global `__throttleData`.
// Opens SharedArrays in the run's SharedArrayStore: makes an array's JSON text the first time any
// engine of the run asks, then gives every engine that text parsed. Lives on the VU's thread with
// its VuRuntime.

#include "core/script/sharedarraystore.h"

#include <QJSValue>
#include <QObject>

class QJSEngine;

namespace throttle {

class K6Data : public QObject {
    Q_OBJECT
public:
    // inInit: the VU's "still in the init context" flag, read on every call.
    K6Data(QJSEngine &engine, SharedArrayStore &store, const bool &inInit);

    // Returns {array} (parsed from the stored JSON), or {error} when produce() failed; throws
    // k6's argument errors. produce() runs only when no engine made `name` before; it returns
    // {ok, json} or {ok: false, error}.
    Q_INVOKABLE QJSValue sharedArrayOpen(const QString &name, bool fnIsFunction, const QJSValue &produce);

private:
    QJSEngine &m_engine;
    SharedArrayStore &m_store;
    const bool &m_inInit;
};

} // namespace throttle
