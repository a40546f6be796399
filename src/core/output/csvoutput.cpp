#include "core/output/csvoutput.h"

#include "core/metrics/metricsengine.h"
#include "core/output/jsonoutput.h"
#include "core/output/linewriter.h"

#include <charconv>
#include <cmath>

namespace throttle {

namespace {

// k6 v0.49's default system tags, sorted: the CSV's fixed tag columns.
const char *const kTagColumns[] = {
    "check", "error", "error_code", "expected_response", "group", "method", "name", "proto",
    "scenario", "service", "status", "subproto", "tls_version", "url",
};

bool parseTimeFormat(const QString &text, CsvOutput::TimeFormat *format)
{
    static const QPair<const char *, CsvOutput::TimeFormat> names[] = {
        {"unix", CsvOutput::TimeFormat::Unix},
        {"unix_milli", CsvOutput::TimeFormat::UnixMilli},
        {"unix_micro", CsvOutput::TimeFormat::UnixMicro},
        {"unix_nano", CsvOutput::TimeFormat::UnixNano},
        {"rfc3339", CsvOutput::TimeFormat::Rfc3339},
        {"rfc3339_nano", CsvOutput::TimeFormat::Rfc3339Nano},
    };
    for (const auto &n : names) {
        if (text == QLatin1String(n.first)) {
            *format = n.second;
            return true;
        }
    }
    return false;
}

qint64 floorDiv(qint64 a, qint64 b)
{
    const qint64 q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

} // namespace

std::unique_ptr<CsvOutput> CsvOutput::open(const QString &argument, QTextStream *stdoutStream,
                                           QString *error)
{
    std::unique_ptr<CsvOutput> out(new CsvOutput);
    out->m_fileName = QStringLiteral("file.csv");
    if (!argument.isEmpty() && !argument.contains(QLatin1Char('='))) {
        out->m_fileName = argument;
    } else if (!argument.isEmpty()) {
        for (const QString &pair : argument.split(QLatin1Char(','))) {
            const qsizetype eq = pair.indexOf(QLatin1Char('='));
            const QString key = pair.left(eq), value = pair.mid(eq + 1);
            if (eq < 0) {
                *error = QStringLiteral("couldn't parse \"%1\" as argument for csv output").arg(argument);
                return nullptr;
            }
            if (key == QLatin1String("fileName")) {
                out->m_fileName = value;
            } else if (key == QLatin1String("timeFormat")) {
                if (!parseTimeFormat(value, &out->m_timeFormat)) {
                    *error = QStringLiteral("unknown value \"%1\" as argument for csv timeFormat").arg(value);
                    return nullptr;
                }
            } else if (key != QLatin1String("saveInterval")) {
                *error = QStringLiteral("unknown key \"%1\" as argument for csv output").arg(key);
                return nullptr;
            }
        }
    }
    QString why;
    out->m_stream = OutputStream::open(out->m_fileName, stdoutStream, &why);
    if (!out->m_stream) {
        *error = QStringLiteral("could not create the 'csv' output: %1").arg(why);
        return nullptr;
    }
    out->m_stream->write(header());
    return out;
}

QByteArray CsvOutput::header()
{
    QByteArray h = "metric_name,timestamp,metric_value";
    for (const char *tag : kTagColumns)
        h += QByteArray(",") + tag;
    return h + ",extra_tags,metadata\n";
}

QString CsvOutput::description() const
{
    return QStringLiteral("csv (%1)").arg(m_fileName);
}

void CsvOutput::appendField(QByteArray *out, const QString &field)
{
    const QByteArray utf8 = field.toUtf8();
    bool quote = utf8 == "\\.";
    for (const char c : utf8)
        quote = quote || c == ',' || c == '"' || c == '\n' || c == '\r';
    quote = quote || (!field.isEmpty() && field.at(0).isSpace());
    if (!quote) {
        out->append(utf8);
        return;
    }
    out->append('"');
    for (const char c : utf8) {
        if (c == '"')
            out->append('"');
        out->append(c);
    }
    out->append('"');
}

const QByteArray &CsvOutput::tagColumns(TagSetId id, const MetricsEngine &engine)
{
    if (id >= m_columns.size())
        m_columns.resize(size_t(id) + 1);
    QByteArray &row = m_columns[id];
    if (!row.isEmpty())
        return row;
    const TagList tags = engine.tags(id);
    QStringList extra;
    for (const char *column : kTagColumns) {
        row += ',';
        for (const auto &tag : tags)
            if (tag.first == QLatin1String(column))
                appendField(&row, tag.second);
    }
    for (const auto &tag : tags) {
        bool fixed = false;
        for (const char *column : kTagColumns)
            fixed = fixed || tag.first == QLatin1String(column);
        if (!fixed)
            extra << tag.first + QLatin1Char('=') + tag.second;
    }
    row += ',';
    appendField(&row, extra.join(QLatin1Char('&')));
    row += ",\n";   // metadata: samples carry none
    return row;
}

void CsvOutput::appendTime(LineWriter &out, qint64 ns) const
{
    switch (m_timeFormat) {
    case TimeFormat::Unix: out.integer(floorDiv(ns, 1000000000)); break;
    case TimeFormat::UnixMilli: out.integer(floorDiv(ns, 1000000)); break;
    case TimeFormat::UnixMicro: out.integer(floorDiv(ns, 1000)); break;
    case TimeFormat::UnixNano: out.integer(ns); break;
    case TimeFormat::Rfc3339: JsonOutput::appendRfc3339Nano(out, ns, false); break;
    case TimeFormat::Rfc3339Nano: JsonOutput::appendRfc3339Nano(out, ns, true); break;
    }
}

void CsvOutput::consume(const std::vector<Sample> &batch, const MetricsEngine &engine)
{
    write(batch, engine, QByteArray());
}

void CsvOutput::consumeWithMetadata(const std::vector<Sample> &batch, const TagList &metadata,
                                    const MetricsEngine &engine)
{
    QStringList pairs;
    for (const auto &m : metadata)
        pairs << m.first + QLatin1Char('=') + m.second;
    QByteArray end;
    appendField(&end, pairs.join(QLatin1Char('&')));
    end += '\n';
    write(batch, engine, end);
}

void CsvOutput::write(const std::vector<Sample> &batch, const MetricsEngine &engine, const QByteArray &metadataEnd)
{
    for (const Sample &s : batch) {
        if (!std::isfinite(s.value))
            continue;
        if (s.metric >= m_names.size())
            m_names.resize(size_t(s.metric) + 1);
        QByteArray &name = m_names[s.metric];
        if (name.isEmpty()) {
            appendField(&name, engine.name(s.metric));
            name += ',';
        }
        const QByteArray &columns = tagColumns(s.tags, engine);
        {
            LineWriter out(m_stream->buffer(), name.size() + JsonOutput::kMaxTimeBytes + 1 + kMaxValueBytes +
                                                   columns.size() + metadataEnd.size());
            out.append(name);
            appendTime(out, s.timeNs);
            out.append(',');
            char buf[kMaxValueBytes];
            const auto res = std::to_chars(buf, buf + sizeof buf, s.value, std::chars_format::fixed, 6);
            out.append(buf, qsizetype(res.ptr - buf));   // Go's "%f"
            if (metadataEnd.isEmpty()) {
                out.append(columns);
            } else {
                out.append(columns.constData(), columns.size() - 1);   // without the "\n"
                out.append(metadataEnd);
            }
        }
        m_stream->written();
    }
    m_stream->tick();
}

bool CsvOutput::close(QString *error)
{
    return m_stream->close(error);
}

} // namespace throttle
