#include "core/metrics/threshold.h"

namespace throttle {

namespace {
// Matched in this order, so "<=" wins over "<" and "===" over "==" (script-api.md §10.1).
const char *const kOperators[] = {"<=", "<", ">=", ">", "===", "==", "!="};
}

QStringList Threshold::methodsFor(MetricType type)
{
    switch (type) {
    case MetricType::Counter: return {"count", "rate"};
    case MetricType::Gauge: return {"value"};
    case MetricType::Rate: return {"rate"};
    case MetricType::Trend: return {"avg", "min", "med", "max", "p(N)"};
    }
    return {};
}

std::optional<Threshold> Threshold::parse(const QString &expression, QString *error)
{
    Threshold t;
    t.m_source = expression;
    QString left, right;
    for (const char *op : kOperators) {
        const qsizetype at = expression.indexOf(QLatin1String(op));
        if (at >= 0) {
            t.m_operator = QLatin1String(op);
            left = expression.left(at).trimmed();
            right = expression.mid(at + qsizetype(qstrlen(op))).trimmed();
            break;
        }
    }
    auto fail = [&](const QString &reason) {
        if (error)
            *error = reason;
        return std::nullopt;
    };
    if (t.m_operator.isEmpty())
        return fail(QStringLiteral("failed parsing threshold expression \"%1\"; reason: malformed "
                                   "threshold expression").arg(expression));
    static const QStringList plain = {"count", "rate", "value", "avg", "min", "med", "max"};
    if (plain.contains(left)) {
        t.m_method = left;
    } else if (left.startsWith(QLatin1String("p(")) && left.endsWith(QLatin1Char(')'))) {
        bool ok = false;
        t.m_percentile = left.mid(2, left.size() - 3).toDouble(&ok);
        if (!ok || t.m_percentile < 0 || t.m_percentile > 100)
            return fail(QStringLiteral("failed parsing threshold expression's \"%1\" left hand side; "
                                       "reason: malformed percentile value").arg(expression));
        t.m_method = QStringLiteral("p");
    } else {
        return fail(QStringLiteral("failed parsing threshold expression's \"%1\" left hand side; "
                                   "reason: failed parsing method from expression").arg(expression));
    }
    bool ok = false;
    t.m_value = right.toDouble(&ok);
    if (!ok)
        return fail(QStringLiteral("failed parsing threshold expresion's \"%1\" right hand side; "
                                   "reason: strconv.ParseFloat: parsing \"%2\": invalid syntax")
                        .arg(expression, right));
    return t;
}

QString Threshold::stat() const
{
    if (m_method != QLatin1String("p"))
        return m_method;
    return QStringLiteral("p(%1)").arg(m_percentile);
}

bool Threshold::supports(MetricType type) const
{
    const QStringList methods = methodsFor(type);
    return methods.contains(m_method) || (m_method == QLatin1String("p") && methods.contains("p(N)"));
}

bool Threshold::passes(double v) const
{
    if (m_operator == QLatin1String("<="))
        return v <= m_value;
    if (m_operator == QLatin1String("<"))
        return v < m_value;
    if (m_operator == QLatin1String(">="))
        return v >= m_value;
    if (m_operator == QLatin1String(">"))
        return v > m_value;
    if (m_operator == QLatin1String("!="))
        return v != m_value;
    return v == m_value;   // "==" and "===" are the same in k6
}

} // namespace throttle
