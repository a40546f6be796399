#include "cli/controlyaml.h"

#include "api/gojsonparser.h"
#include "core/script/duration.h"

#include <QLocale>
#include <QMap>
#include <QStringList>
#include <cmath>

namespace throttle {

namespace {

QString yamlTypeBlock(const char *key, const JsonNode *v, const QStringList &allowed, const char *invalid,
                      QString *failure)
{
    QString type = allowed.first();
    bool valid = false;
    if (v && !v->isNull()) {
        type = QString::fromUtf8(v->text);
        valid = v->kind == JsonNode::Kind::String && allowed.contains(type);
        if (!valid)
            *failure = QLatin1String(invalid);
    }
    return QStringLiteral("  %1:\n    type: %2\n    valid: %3\n").arg(QLatin1String(key), type, valid ? "true" : "false");
}

QString metricYaml(const JsonNode &m, QString *yaml)
{
    const JsonNode *id = m.member("id");
    const JsonNode *attrs = m.member("attributes");
    static const JsonNode none;
    const JsonNode &a = attrs ? *attrs : none;
    QString failure;
    QString out = QStringLiteral("- name: %1\n").arg(id ? QString::fromUtf8(id->text) : QString());
    out += yamlTypeBlock("type", a.member("type"), {"counter", "gauge", "trend", "rate"}, "invalid metric type", &failure);
    out += yamlTypeBlock("contains", a.member("contains"), {"default", "time", "data"}, "invalid value type", &failure);
    const JsonNode *tainted = a.member("tainted");
    out += QStringLiteral("  tainted: %1\n")
               .arg(yamlQuoted(tainted && tainted->kind == JsonNode::Kind::Bool ? (tainted->boolean ? "true" : "false") : ""));
    QMap<QByteArray, double> sample;   // QMap: sorted bytewise, like Go's yaml
    if (const JsonNode *s = a.member("sample"); s && s->kind == JsonNode::Kind::Object)
        for (const auto &[k, v] : s->members)
            sample.insert(k, v.text.toDouble());
    out += sample.isEmpty() ? QStringLiteral("  sample: {}\n") : QStringLiteral("  sample:\n");
    for (auto it = sample.cbegin(); it != sample.cend(); ++it)
        out += QStringLiteral("    %1: %2\n").arg(QString::fromUtf8(it.key()), formatYamlFloat(it.value()));
    *yaml = out;
    return failure;
}

} // namespace

QString yamlQuoted(const QString &s)
{
    return QLatin1Char('"') + s + QLatin1Char('"');
}

QString statusYaml(const StatusAttributes &a, const QString &indent)
{
    const QString paused = a.paused ? (*a.paused ? QStringLiteral("true") : QStringLiteral("false")) : QString();
    return statusYaml(a, paused, indent);
}

QString statusYaml(const StatusAttributes &a, const QString &paused, const QString &indent)
{
    const QString vus = a.vus ? QString::number(*a.vus) : QString();
    const QString vusMax = a.vusMax ? QString::number(*a.vusMax) : QString();
    const auto b = [](bool v) { return v ? QStringLiteral("true") : QStringLiteral("false"); };
    return QStringLiteral("%8status: %1\n%8paused: %2\n%8vus: %3\n%8vus-max: %4\n%8stopped: %5\n%8running: %6\n%8tainted: %7\n")
        .arg(a.status)
        .arg(yamlQuoted(paused), yamlQuoted(vus), yamlQuoted(vusMax), b(a.stopped), b(a.running), b(a.tainted), indent);
}

QString scenariosYaml(const QList<ScenarioStatus> &scenarios)
{
    if (scenarios.isEmpty())
        return {};
    QString out = QStringLiteral("scenarios:\n");
    for (const ScenarioStatus &sc : scenarios) {
        out += QStringLiteral("  - name: %1\n    executor: %2\n    capabilities: [%3]\n    mode: %4\n    vus: %5\n    vus-max: %6\n")
                   .arg(sc.name, sc.executor, sc.capabilities.join(QStringLiteral(", ")), sc.mode)
                   .arg(sc.vus).arg(sc.vusMax);
        if (sc.rate)
            out += QStringLiteral("    rate: %1\n    timeUnit: %2\n").arg(formatYamlFloat(*sc.rate), Duration::format(sc.timeUnitMs));
    }
    return out;
}

bool metricsYaml(const QByteArray &body, QString *yaml, QString *error)
{
    const std::optional<JsonNode> doc = GoJsonParser::parse(body, error);
    if (!doc)
        return false;
    const JsonNode *data = doc->kind == JsonNode::Kind::Object ? doc->member("data") : nullptr;
    if (!data || data->kind != JsonNode::Kind::Array || data->items.empty()) {
        *yaml = QStringLiteral("[]\n");
        return true;
    }
    QString out;
    for (const JsonNode &m : data->items) {
        QString one;
        if (QString failure = metricYaml(m, &one); !failure.isEmpty()) {
            *error = failure;
            return false;
        }
        out += one;
    }
    *yaml = out;
    return true;
}

QString formatYamlFloat(double v)
{
    if (std::isnan(v))
        return QStringLiteral(".nan");
    if (std::isinf(v))
        return v > 0 ? QStringLiteral(".inf") : QStringLiteral("-.inf");
    if (v == 0)
        return std::signbit(v) ? QStringLiteral("-0") : QStringLiteral("0");
    const QString e = QString::number(v, 'e', QLocale::FloatingPointShortest);   // "-1.234567e+06"
    const bool negative = e.startsWith(QLatin1Char('-'));
    const qsizetype ePos = e.indexOf(QLatin1Char('e'));
    QString digits = e.mid(negative ? 1 : 0, ePos - (negative ? 1 : 0)).remove(QLatin1Char('.'));
    const int exp = e.mid(ePos + 1).toInt();
    QString body;
    if (exp < -4 || exp >= 6) {   // Go's shortest %g switches at 1e-4 and 1e6 (eprec = 6)
        body = digits.left(1) + (digits.size() > 1 ? QLatin1Char('.') + digits.mid(1) : QString()) + QLatin1Char('e') +
               (exp < 0 ? QLatin1Char('-') : QLatin1Char('+')) + QStringLiteral("%1").arg(std::abs(exp), 2, 10, QLatin1Char('0'));
    } else if (exp < 0) {
        body = QStringLiteral("0.") + QString(-exp - 1, QLatin1Char('0')) + digits;
    } else {
        while (digits.size() < exp + 1)
            digits += QLatin1Char('0');
        body = digits.left(exp + 1) + (digits.size() > exp + 1 ? QLatin1Char('.') + digits.mid(exp + 1) : QString());
    }
    return (negative ? QStringLiteral("-") : QString()) + body;
}

} // namespace throttle
