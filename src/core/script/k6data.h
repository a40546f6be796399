#pragma once
// K6Data: the native side of k6/data, exposed to one VU's engine as the global `__throttleData`.
// Opens SharedArrays in the run's SharedArrayStore: makes an array's element texts the first time
// any engine of the run asks; every engine then holds only a handle on those shared texts and
// reads one element's JSON text per index access (k6/data.mjs parses it). Lives on the VU's
// thread with its VuRuntime.

#include "core/script/sharedarraystore.h"

#include <QJSValue>
#include <QObject>
#include <vector>

class QJSEngine;

namespace throttle {

class K6Data : public QObject {
    Q_OBJECT
public:
    // inInit: the VU's "still in the init context" flag, read on every call.
    K6Data(QJSEngine &engine, SharedArrayStore &store, const bool &inInit);

    // Returns {id, length} (id for sharedArrayItem), or {error} when produce() failed; throws
    // k6's argument errors. produce() runs only when no engine made `name` before; it returns
    // {ok, length, text} (the elements' JSON texts joined by '\n') or {ok: false, error}.
    Q_INVOKABLE QJSValue sharedArrayOpen(const QString &name, bool fnIsFunction, const QJSValue &produce);
    // Element `index` of array `id` as JSON text; the caller checks the bounds.
    Q_INVOKABLE QString sharedArrayItem(int id, int index) const;

private:
    QJSEngine &m_engine;
    SharedArrayStore &m_store;
    const bool &m_inInit;
    std::vector<SharedArrayStore::Items> m_opened;   // by id
};

} // namespace throttle
