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
    auto items = m_store.getOrCreate(name, [&](QStringList *out) {
        const QJSValue r = QJSValue(produce).call();
        if (!r.property(QStringLiteral("ok")).toBool()) {
            failure = r.property(QStringLiteral("error"));
            return false;
        }
        // JSON.stringify escapes every control character, so '\n' only separates elements
        const int length = r.property(QStringLiteral("length")).toInt();
        if (length > 0)
            *out = r.property(QStringLiteral("text")).toString().split(QLatin1Char('\n'));
        return true;
    });
    QJSValue result = m_engine.newObject();
    if (!items) {
        result.setProperty(QStringLiteral("error"), failure);
        return result;
    }
    result.setProperty(QStringLiteral("id"), int(m_opened.size()));
    result.setProperty(QStringLiteral("length"), int(items->size()));
    m_opened.push_back(std::move(items));
    return result;
}

QString K6Data::sharedArrayItem(int id, int index) const
{
    if (id < 0 || size_t(id) >= m_opened.size())
        return QString();
    const QStringList &items = *m_opened[size_t(id)];
    return index >= 0 && index < items.size() ? items.at(index) : QString();
}

} // namespace throttle
