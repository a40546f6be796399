#include "core/output/jsonoutput.h"

#include "core/metrics/metricsengine.h"
#include "core/output/jsonwriter.h"
#include "core/output/linewriter.h"

#include <QJsonArray>
#include <charconv>
#include <cmath>
#include <cstdlib>

namespace throttle {

namespace {

// Proleptic Gregorian date of a day count since 1970-01-01 (the usual era-based conversion).
void civilFromDays(qint64 z, qint64 *year, int *month, int *day)
{
    z += 719468;
    const qint64 era = (z >= 0 ? z : z - 146096) / 146097;
    const qint64 doe = z - era * 146097;
    const qint64 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const qint64 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const qint64 mp = (5 * doy + 2) / 153;
    *day = int(doy - (153 * mp + 2) / 5 + 1);
    *month = int(mp < 10 ? mp + 3 : mp - 9);
    *year = yoe + era * 400 + (*month <= 2 ? 1 : 0);
}

} // namespace

std::unique_ptr<JsonOutput> JsonOutput::open(const QString &fileName, QTextStream *stdoutStream,
                                             QString *error)
{
    QString why;
    auto stream = OutputStream::open(fileName, stdoutStream, &why);
    if (!stream) {
        *error = QStringLiteral("could not create the 'json' output: %1").arg(why);
        return nullptr;
    }
    std::unique_ptr<JsonOutput> out(new JsonOutput);
    out->m_stream = std::move(stream);
    out->m_fileName = fileName;
    return out;
}

void JsonOutput::setThresholds(const QJsonObject &thresholds)
{
    m_thresholds.clear();
    for (auto it = thresholds.begin(); it != thresholds.end(); ++it) {
        QList<QByteArray> entries;
        const QJsonArray list = it.value().isArray() ? it.value().toArray() : QJsonArray{it.value()};
        for (const QJsonValue &v : list) {
            const QJsonObject o = v.toObject();
            QByteArray entry;
            if (!v.isObject() || !o.value(QStringLiteral("abortOnFail")).toBool()) {
                JsonWriter::escapeJson(&entry, v.isObject() ? o.value(QStringLiteral("threshold")).toString() : v.toString());
            } else {
                entry = "{\"threshold\":";
                JsonWriter::escapeJson(&entry, o.value(QStringLiteral("threshold")).toString());
                entry += ",\"abortOnFail\":true";
                const QJsonValue delay = o.value(QStringLiteral("delayAbortEval"));
                if (delay.isString()) {
                    entry += ",\"delayAbortEval\":";
                    JsonWriter::escapeJson(&entry, delay.toString());
                }
                entry += '}';
            }
            entries << entry;
        }
        m_thresholds.insert(it.key(), entries);
    }
}

QString JsonOutput::description() const
{
    if (m_stream->isStdout())
        return QStringLiteral("json(stdout)");
    return QStringLiteral("json (%1)").arg(m_fileName);
}

void JsonOutput::appendGoFloat(QByteArray *out, double value)
{
    LineWriter w(*out, kMaxFloatBytes);
    appendGoFloat(w, value);
}

void JsonOutput::appendGoFloat(LineWriter &out, double value)
{
    if (!std::isfinite(value)) {
        out.append('0');
        return;
    }
    if (value == 0.0) {
        if (std::signbit(value))
            out.append('-');
        out.append('0');
        return;
    }
    char buf[64];
    const auto res = std::to_chars(buf, buf + sizeof buf, std::fabs(value), std::chars_format::scientific);
    const std::string_view text(buf, size_t(res.ptr - buf));   // "d.ddde+XX"
    const size_t ePos = text.find('e');
    char digitBuf[32];   // the significant digits without the '.'
    size_t digitCount = 0;
    for (size_t i = 0; i < ePos; ++i)
        if (text[i] != '.')
            digitBuf[digitCount++] = text[i];
    const char *digits = digitBuf;
    // buf is not NUL-terminated: parse the exponent within the view ("+06", "-05").
    int exp = 0;
    const char *expBegin = text.data() + ePos + 1;
    if (*expBegin == '+')
        ++expBegin;
    std::from_chars(expBegin, text.data() + text.size(), exp);
    if (value < 0)
        out.append('-');
    const int nd = int(digitCount);
    if (exp < -4 || exp >= 6) {   // shortest 'g' switches to %e at exponent 6 (eprec = 6)
        out.append(digits[0]);
        if (nd > 1) {
            out.append('.');
            out.append(digits + 1, nd - 1);
        }
        out.literal(exp < 0 ? "e-" : "e+");
        out.digits(quint64(std::abs(exp)), 2);
        return;
    }
    const int dp = exp + 1;   // digits before the decimal point
    if (dp <= 0) {
        out.literal("0.");
        for (int i = 0; i < -dp; ++i)
            out.append('0');
        out.append(digits, nd);
    } else if (dp >= nd) {
        out.append(digits, nd);
        for (int i = 0; i < dp - nd; ++i)
            out.append('0');
    } else {
        out.append(digits, dp);
        out.append('.');
        out.append(digits + dp, nd - dp);
    }
}

void JsonOutput::appendTime(LineWriter &out, qint64 unixNs)
{
    // Samples of one collect() share few seconds: format "YYYY-MM-DDTHH:MM:SS" once per second.
    qint64 second = unixNs / 1000000000;
    qint64 nanos = unixNs % 1000000000;
    if (nanos < 0) {
        nanos += 1000000000;
        --second;
    }
    if (second != m_cachedSecond || m_cachedPrefix.isEmpty()) {
        m_cachedPrefix.clear();
        appendRfc3339Nano(&m_cachedPrefix, second * 1000000000, false);
        m_cachedPrefix.chop(1);   // the 'Z'
        m_cachedSecond = second;
    }
    out.append(m_cachedPrefix);
    appendFraction(out, nanos);
    out.append('Z');
}

// ".123" for 123000000 ns: Go's RFC3339Nano fraction, trailing zeros dropped; nothing for 0.
void JsonOutput::appendFraction(LineWriter &out, qint64 nanos)
{
    if (nanos <= 0)
        return;
    int width = 9;
    while (nanos % 10 == 0) {
        nanos /= 10;
        --width;
    }
    out.append('.');
    out.digits(quint64(nanos), width);
}

void JsonOutput::appendRfc3339Nano(QByteArray *out, qint64 unixNs, bool fraction)
{
    LineWriter w(*out, kMaxTimeBytes);
    appendRfc3339Nano(w, unixNs, fraction);
}

void JsonOutput::appendRfc3339Nano(LineWriter &w, qint64 unixNs, bool fraction)
{
    qint64 secs = unixNs / 1000000000;
    qint64 nanos = unixNs % 1000000000;
    if (nanos < 0) {
        nanos += 1000000000;
        --secs;
    }
    qint64 days = secs / 86400;
    qint64 rem = secs % 86400;
    if (rem < 0) {
        rem += 86400;
        --days;
    }
    qint64 year;
    int month, day;
    civilFromDays(days, &year, &month, &day);
    if (year < 0) {
        w.append('-');
        year = -year;
    }
    w.digits(quint64(year), 4);
    w.append('-');
    w.digits(quint64(month), 2);
    w.append('-');
    w.digits(quint64(day), 2);
    w.append('T');
    w.digits(quint64(rem / 3600), 2);
    w.append(':');
    w.digits(quint64(rem / 60 % 60), 2);
    w.append(':');
    w.digits(quint64(rem % 60), 2);
    if (fraction)
        appendFraction(w, nanos);
    w.append('Z');
}

void JsonOutput::writeMetricLine(MetricId id, const MetricsEngine &engine)
{
    const QString name = engine.name(id);
    QByteArray &out = m_stream->buffer();
    out += "{\"type\":\"Metric\",\"data\":{\"name\":";
    JsonWriter::escapeJson(&out, name, true);
    out += ",\"type\":\"" + metricTypeName(engine.type(id)).toLatin1() + "\",\"contains\":\"" +
           valueTypeName(engine.contains(id)).toLatin1() + "\",\"thresholds\":[";
    const QList<QByteArray> entries = m_thresholds.value(name);
    for (qsizetype i = 0; i < entries.size(); ++i) {
        if (i > 0)
            out += ',';
        out += entries[i];
    }
    out += "],\"submetrics\":";
    // The Metric line is rare (once per metric), so a snapshot is affordable here; it lists the
    // sub-metrics that have thresholds or samples (the engine exposes no other view of them).
    int subs = 0;
    for (const MetricSnapshot &m : engine.snapshot().metrics) {
        if (!m.isSubmetric() || m.id != id)
            continue;
        out += subs++ ? "," : "[";
        out += "{\"name\":";
        JsonWriter::escapeJson(&out, m.name, true);
        out += ",\"suffix\":";
        JsonWriter::escapeJson(&out, m.suffix, true);
        out += ",\"tags\":{";
        for (qsizetype i = 0; i < m.selector.size(); ++i) {
            if (i > 0)
                out += ',';
            JsonWriter::escapeJson(&out, m.selector[i].first, true);
            out += ':';
            JsonWriter::escapeJson(&out, m.selector[i].second, true);
        }
        out += "}}";
    }
    out += subs ? "]" : "null";
    out += "},\"metric\":";
    JsonWriter::escapeJson(&out, name, true);
    out += "}\n";

    QByteArray prefix = "{\"metric\":";
    JsonWriter::escapeJson(&prefix, name, true);
    prefix += ",\"type\":\"Point\",\"data\":{\"time\":\"";
    m_pointPrefix[id] = prefix;
}

const QByteArray &JsonOutput::tagsJson(TagSetId id, const MetricsEngine &engine)
{
    if (id >= m_tags.size())
        m_tags.resize(size_t(id) + 1);
    QByteArray &json = m_tags[id];
    if (json.isEmpty()) {
        json = ",\"tags\":{";
        const TagList tags = engine.tags(id);
        for (qsizetype i = 0; i < tags.size(); ++i) {
            if (i > 0)
                json += ',';
            JsonWriter::escapeJson(&json, tags[i].first, true);
            json += ':';
            JsonWriter::escapeJson(&json, tags[i].second, true);
        }
        json += "}}}\n";
    }
    return json;
}

void JsonOutput::consume(const std::vector<Sample> &batch, const MetricsEngine &engine)
{
    write(batch, engine, QByteArray());
}

void JsonOutput::consumeWithMetadata(const std::vector<Sample> &batch, const TagList &metadata,
                                     const MetricsEngine &engine)
{
    // Go marshals a map with its keys sorted; SampleMetadata is sorted by key already.
    QByteArray end = ",\"metadata\":{";
    for (qsizetype i = 0; i < metadata.size(); ++i) {
        if (i > 0)
            end += ',';
        JsonWriter::escapeJson(&end, metadata[i].first, true);
        end += ':';
        JsonWriter::escapeJson(&end, metadata[i].second, true);
    }
    end += "}}}\n";
    write(batch, engine, end);
}

void JsonOutput::write(const std::vector<Sample> &batch, const MetricsEngine &engine, const QByteArray &metadataEnd)
{
    for (const Sample &s : batch) {
        if (!std::isfinite(s.value))
            continue;   // never aggregated either; Go's JSON encoder would reject it
        if (s.metric >= m_pointPrefix.size())
            m_pointPrefix.resize(size_t(s.metric) + 1);
        if (m_pointPrefix[s.metric].isEmpty())
            writeMetricLine(s.metric, engine);
        const QByteArray &prefix = m_pointPrefix[s.metric];
        const QByteArray &tags = tagsJson(s.tags, engine);
        {
            LineWriter out(m_stream->buffer(), prefix.size() + kMaxTimeBytes + 16 + kMaxFloatBytes + tags.size() +
                                                   metadataEnd.size());
            out.append(prefix);
            appendTime(out, s.timeNs);
            out.literal("\",\"value\":");
            appendGoFloat(out, s.value);
            if (metadataEnd.isEmpty()) {
                out.append(tags);
            } else {
                out.append(tags.constData(), tags.size() - 3);   // without the closing "}}\n"
                out.append(metadataEnd);
            }
        }
        m_stream->written();
    }
    m_stream->tick();
}

bool JsonOutput::close(QString *error)
{
    return m_stream->close(error);
}

} // namespace throttle
