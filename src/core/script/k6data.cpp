#include "core/script/k6data.h"

#include <QJSEngine>

namespace throttle {

K6Data::K6Data(QJSEngine &engine, SharedArrayStore &store, const bool &inInit)
    : m_engine(engine), m_store(store), m_inInit(inInit)
{
}

QJSValue K6Data::sharedArrayOpen(const QString &name, bool fnIsFunction, const QJSValue &produce)
{
    if (!m_inInit) {
        m_engine.throwError(QStringLiteral("new SharedArray must be called in the init context"));
        return QJSValue();
    }
    if (name.isEmpty()) {
        m_engine.throwError(QStringLiteral("empty name provided to SharedArray's constructor"));
        return QJSValue();
    }
    if (!fnIsFunction) {
        m_engine.throwError(QStringLiteral("a function is expected as the second argument of SharedArray's constructor"));
        return QJSValue();
    }
    QJSValue failure;
    const auto json = m_store.getOrCreate(name, [&](QByteArray *out) {
        const QJSValue r = QJSValue(produce).call();
        if (!r.property(QStringLiteral("ok")).toBool()) {
            failure = r.property(QStringLiteral("error"));
            return false;
        }
        *out = r.property(QStringLiteral("json")).toString().toUtf8();
        return true;
    });
    QJSValue result = m_engine.newObject();
    if (!json) {
        result.setProperty(QStringLiteral("error"), failure);
        return result;
    }
    const QJSValue parse = m_engine.globalObject().property(QStringLiteral("JSON")).property(QStringLiteral("parse"));
    result.setProperty(QStringLiteral("array"), parse.call({QString::fromUtf8(*json)}));
    return result;
}

} // namespace throttle
