#include "core/output/summarytextv1.h"

#include "core/output/summarymetriclines.h"
#include "core/output/summarytext.h"

#include <QSet>
#include <algorithm>
#include <cmath>

namespace throttle {

namespace {

const QString kBreak = QStringLiteral("\n");   // k6's '\n' list items: a line break of their own
const QString kPass = QStringLiteral("✓");
const QString kFail = QStringLiteral("✗");

// k6 v1's sections, in the order its summary data lists them; "custom" is printed first.
const char *const kSections[] = {"http", "execution", "network", "browser", "webvitals",
                                 "grpc", "websocket", "custom"};

bool hasPrefix(const QString &name, std::initializer_list<const char *> prefixes)
{
    for (const char *p : prefixes)
        if (name.startsWith(QLatin1String(p)))
            return true;
    return false;
}

struct Section {
    QString name;
    QList<SummaryMetric> metrics;
};

// The metrics of one scope (root, group or scenario), sorted into k6's sections.
struct Block {
    std::optional<QList<SummaryMetric>> checkMetrics;   // checks_total, _succeeded, _failed
    QList<CheckNode> checks;
    QList<Section> sections;                            // non-empty ones, custom first
    QList<QPair<QString, Block>> groups;                // full mode: nested groups
};

class Renderer
{
public:
    explicit Renderer(const SummaryReport &r) : m_r(r), m_o(r.options) {}
    QString render();

private:
    Block block(const QList<SummaryMetric> &metrics, const QList<CheckNode> &checks,
                const QList<SummaryScope> &groups) const;
    Block scopeBlock(const SummaryScope &scope) const;
    QList<SummaryMetric> scopeMetrics(const SummaryScope &scope) const;
    QStringList thresholds() const;
    QStringList checks(const Block &b, const SummaryIndent &in) const;
    QStringList metrics(const Block &b, const SummaryIndent &in) const;
    QStringList content(const Block &b, const SummaryIndent &in) const;
    QString title(const QString &text, const SummaryIndent &in, const QString &prefix = QStringLiteral("█")) const;
    QString checkLine(const CheckNode &c, const SummaryIndent &in) const;
    void collectNames(const Block &b, QSet<QString> *names) const;

    const SummaryReport &m_r;
    SummaryOptions m_o;
    SummaryMetricLines::NameWidth m_nameWidth = SummaryMetricLines::NameWidth::Measure;
};

SummaryMetric checksMetric(const QString &name, MetricType type, QMap<QString, double> values)
{
    return SummaryMetric{name, type, ValueType::Default, std::move(values), std::nullopt};
}

// checks_total / checks_succeeded / checks_failed from the `checks` rate, as k6 v1 derives them.
QList<SummaryMetric> checkMetrics(const SummaryMetric &checks, double elapsedSec)
{
    const double passes = checks.values.value(QStringLiteral("passes"));
    const double total = passes + checks.values.value(QStringLiteral("fails"));
    const double rate = elapsedSec > 0 ? total / elapsedSec : 0.0;
    return {checksMetric(QStringLiteral("checks_total"), MetricType::Counter,
                         {{QStringLiteral("count"), total}, {QStringLiteral("rate"), rate}}),
            checksMetric(QStringLiteral("checks_succeeded"), MetricType::Rate, checks.values),
            checksMetric(QStringLiteral("checks_failed"), MetricType::Rate,
                         {{QStringLiteral("passes"), total - passes}, {QStringLiteral("fails"), passes},
                          {QStringLiteral("rate"), (total - passes) / total}})};
}

Block Renderer::block(const QList<SummaryMetric> &all, const QList<CheckNode> &checks,
                      const QList<SummaryScope> &groups) const
{
    Block b;
    QList<Section> sections;
    for (const char *s : kSections)
        sections.append(Section{QLatin1String(s), {}});
    for (const SummaryMetric &m : all) {
        if (m.name == QLatin1String("checks"))
            b.checkMetrics = checkMetrics(m, m_o.elapsedSec);
        const QString section = SummaryTextV1::sectionOf(m.name, m_o.mode);
        for (Section &s : sections)
            if (s.name == section)
                s.metrics.append(m);
    }
    if (b.checkMetrics)
        b.checks = checks;
    for (const Section &s : sections)
        if (!s.metrics.isEmpty())
            s.name == QLatin1String("custom") ? b.sections.prepend(s) : b.sections.append(s);
    for (const SummaryScope &g : groups)
        b.groups.append({g.name, scopeBlock(g)});
    return b;
}

QList<SummaryMetric> Renderer::scopeMetrics(const SummaryScope &scope) const
{
    QList<SummaryMetric> out;
    for (const MetricSnapshot &m : scope.metrics)
        out.append(SummaryMetric{m.name, m.type, m.contains, SummaryData::valuesOf(m, m_o), std::nullopt});
    return out;
}

Block Renderer::scopeBlock(const SummaryScope &scope) const
{
    return block(scopeMetrics(scope), scope.checks, scope.groups);
}

QString Renderer::title(const QString &text, const SummaryIndent &in, const QString &prefix) const
{
    return in.apply(prefix + QLatin1Char(' ') + SummaryMetricLines::bold(m_o.color, text) + QStringLiteral(" \n"));
}

QString Renderer::checkLine(const CheckNode &c, const SummaryIndent &in) const
{
    using L = SummaryMetricLines;
    if (c.fails == 0)
        return in.apply(L::decorate(m_o.color, kPass + QLatin1Char(' ') + c.name, "32"));
    const auto pct = quint64(std::floor(100.0 * double(c.passes) / double(c.passes + c.fails)));
    const QString results = QStringLiteral("↳  %1% — %2 %3 / %4 %5").arg(pct).arg(kPass).arg(c.passes).arg(kFail).arg(c.fails);
    return in.apply(L::decorate(m_o.color, kFail + QLatin1Char(' ') + c.name, "31")) + QLatin1Char('\n')
           + in.apply(L::decorate(m_o.color, results, "31"), in.base + 1);   // k6's doubled base
}

QStringList Renderer::checks(const Block &b, const SummaryIndent &outer) const
{
    if (!b.checkMetrics)
        return {};
    const SummaryIndent in = outer.deeper();
    QList<const SummaryMetric *> ms;
    for (const SummaryMetric &m : *b.checkMetrics)
        ms << &m;
    const SummaryMetricLines lines(ms, in, m_o);
    QStringList out;
    for (const SummaryMetric *m : ms)
        out << lines.line(*m);
    out << kBreak;
    for (const CheckNode &c : b.checks)
        out << checkLine(c, in);
    return out << kBreak;
}

QStringList Renderer::metrics(const Block &b, const SummaryIndent &outer) const
{
    const SummaryIndent in = outer.deeper();
    QList<const SummaryMetric *> all;
    for (const Section &s : b.sections)
        for (const SummaryMetric &m : s.metrics)
            all << &m;
    const SummaryMetricLines lines(all, in, m_o, m_nameWidth);
    QStringList out;
    for (const Section &s : b.sections) {
        out << in.apply(SummaryMetricLines::bold(m_o.color, s.name.toUpper()));
        QList<const SummaryMetric *> sorted;
        for (const SummaryMetric &m : s.metrics)
            sorted << &m;
        SummaryMetricLines::sortByName(&sorted);
        for (const SummaryMetric *m : sorted)
            out << lines.line(*m);
        out << kBreak;
    }
    return out;
}

QStringList Renderer::content(const Block &b, const SummaryIndent &in) const
{
    QStringList out = checks(b, in) + metrics(b, in);
    const SummaryIndent nested = in.deeper();
    for (const auto &[name, group] : b.groups)
        out << title(QStringLiteral("GROUP: ") + name, nested, QStringLiteral("↳")) << content(group, nested);
    return out;
}

QStringList Renderer::thresholds() const
{
    const SummaryIndent in{1};
    QList<const SummaryMetric *> ms;
    QList<SummaryMetric> owned;
    for (auto it = m_r.thresholdOrder.cbegin(); it != m_r.thresholdOrder.cend(); ++it) {
        SummaryMetric m{it.key(), MetricType::Counter, ValueType::Default, {}, std::nullopt};
        for (const SummaryMetric &d : m_r.data.metrics)
            if (d.name == it.key())
                m = d;
        const QMap<QString, double> extra = m_r.thresholdStats.value(it.key());
        for (auto e = extra.cbegin(); e != extra.cend(); ++e)
            m.values.insert(e.key(), e.value());
        owned.append(m);
    }
    for (const SummaryMetric &m : owned)
        ms << &m;
    SummaryMetricLines::sortByName(&ms);
    const SummaryMetricLines lines(ms, in, m_o);
    QStringList out;
    for (const SummaryMetric *m : ms) {
        const QString parent = m->name.left(m->name.indexOf(QLatin1Char('{')) < 0 ? m->name.size()
                                                                                 : m->name.indexOf(QLatin1Char('{')));
        const bool nested = parent.size() < m->name.size() && m_r.thresholdOrder.contains(parent);
        const SummaryIndent inner = nested ? in.deeper() : in;
        out << inner.apply(nested ? m->name.mid(parent.size()) : m->name);
        for (const auto &[source, ok] : m_r.thresholdOrder.value(m->name)) {
            using L = SummaryMetricLines;
            const QString status = ok ? L::decorate(m_o.color, kPass, "32") : L::decorate(m_o.color, kFail, "31");
            out << inner.apply(status + QLatin1Char(' ')
                               + L::decorate(m_o.color, QLatin1Char('\'') + source.trimmed() + QLatin1Char('\''), "37")
                               + QLatin1Char(' ') + lines.thresholdValue(*m, source));
        }
        out << kBreak;
    }
    return out;
}

void Renderer::collectNames(const Block &b, QSet<QString> *names) const
{
    for (const Section &s : b.sections)
        for (const SummaryMetric &m : s.metrics)
            names->insert(m.name);
    for (const auto &group : b.groups)
        collectNames(group.second, names);
}

QString Renderer::render()
{
    const bool full = m_o.mode == SummaryMode::Full;
    const Block total = block(m_r.data.metrics, m_r.scopes.checks, {});
    QList<QPair<QString, QStringList>> sections;
    if (!m_r.thresholdOrder.isEmpty())
        sections.append({QStringLiteral("THRESHOLDS"), thresholds()});
    QList<QPair<QString, Block>> extra;
    if (full) {
        for (const SummaryScope &g : m_r.scopes.root.groups)
            extra.append({QStringLiteral("GROUP: ") + g.name, scopeBlock(g)});
        QList<SummaryScope> scenarios = m_r.scopes.scenarios;
        std::stable_sort(scenarios.begin(), scenarios.end(), [](const SummaryScope &a, const SummaryScope &b) {
            return SummaryText::nameLess(a.name, b.name);
        });
        for (const SummaryScope &s : scenarios)
            extra.append({QStringLiteral("SCENARIO: ") + s.name, scopeBlock(s)});
    }
    // k6 measures one name width for the whole report, but its reduce() yields NaN for two or
    // more names (each block measures its own) and the name itself for exactly one (no dots).
    QSet<QString> names;
    collectNames(total, &names);
    for (const auto &e : extra)
        collectNames(e.second, &names);
    if (names.size() == 1)
        m_nameWidth = SummaryMetricLines::NameWidth::NoDots;
    const SummaryIndent top{0};
    sections.append({QStringLiteral("TOTAL RESULTS"), checks(total, top) + metrics(total, top)});
    for (const auto &e : extra)
        sections.append({e.first, content(e.second, top)});
    QString text;
    for (const auto &[name, lines] : sections) {
        for (const QString &item : QStringList{title(name, top)} + lines + QStringList{kBreak})
            text += item == kBreak ? kBreak : kBreak + item;
    }
    return text;
}

} // namespace

QString SummaryTextV1::sectionOf(const QString &name, SummaryMode mode)
{
    // k6 matches these by prefix, so a custom "checks_x" or "http_reqs_x" lands here too.
    if (hasPrefix(name, {"checks", "group_duration"}))
        return QString();
    if (mode == SummaryMode::Compact
        && hasPrefix(name, {"http_req_blocked", "http_req_connecting", "http_req_receiving",
                            "http_req_sending", "http_req_tls_handshaking", "http_req_waiting"}))
        return QString();
    if (hasPrefix(name, {"http_reqs", "http_req_failed", "http_req_duration", "http_req_blocked",
                         "http_req_connecting", "http_req_tls_handshaking", "http_req_sending",
                         "http_req_waiting", "http_req_receiving"}))
        return QStringLiteral("http");
    if (hasPrefix(name, {"vus", "vus_max", "iterations", "iteration_duration", "dropped_iterations"}))
        return QStringLiteral("execution");
    if (hasPrefix(name, {"data_sent", "data_received"}))
        return QStringLiteral("network");
    if (name.startsWith(QLatin1String("browser_web_vital_")))
        return QStringLiteral("webvitals");
    if (name.startsWith(QLatin1String("browser_")))
        return QStringLiteral("browser");
    if (name.startsWith(QLatin1String("grpc_")))
        return QStringLiteral("grpc");
    if (name.startsWith(QLatin1String("ws_")))
        return QStringLiteral("websocket");
    return QStringLiteral("custom");
}

QString SummaryTextV1::render(const SummaryReport &report)
{
    return Renderer(report).render();
}

} // namespace throttle
