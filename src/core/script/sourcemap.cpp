#include "core/script/sourcemap.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace throttle {

namespace {

int base64Digit(char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '+')
        return 62;
    if (c == '/')
        return 63;
    return -1;
}

// One base64 VLQ number starting at *pos (advanced past it); false if malformed.
bool readVlq(const QByteArray &s, qsizetype *pos, int *value)
{
    qint64 result = 0;
    int shift = 0;
    for (;;) {
        if (*pos >= s.size() || shift > 31)
            return false;
        const int digit = base64Digit(s.at((*pos)++));
        if (digit < 0)
            return false;
        result |= qint64(digit & 31) << shift;
        shift += 5;
        if (!(digit & 32))
            break;
    }
    const qint64 magnitude = result >> 1;
    *value = int((result & 1) ? -magnitude : magnitude);
    return true;
}

} // namespace

std::optional<SourceMap> SourceMap::parse(const QByteArray &json)
{
    const QJsonObject o = QJsonDocument::fromJson(json).object();
    if (o.value(QLatin1String("version")).toInt() != 3)
        return std::nullopt;
    SourceMap map;
    for (const QJsonValue &v : o.value(QLatin1String("sources")).toArray())
        map.m_sources.append(v.toString());
    const QByteArray mappings = o.value(QLatin1String("mappings")).toString().toLatin1();
    // Every field but the generated column is relative to the previous segment in the file.
    int source = 0, line = 0, column = 0;
    map.m_lines.emplace_back();
    qsizetype pos = 0;
    int generatedColumn = 0;
    while (pos < mappings.size()) {
        const char c = mappings.at(pos);
        if (c == ';') {
            map.m_lines.emplace_back();
            generatedColumn = 0;
            ++pos;
            continue;
        }
        if (c == ',') {
            ++pos;
            continue;
        }
        int fields[5] = {0, 0, 0, 0, 0};
        int n = 0;
        while (pos < mappings.size() && mappings.at(pos) != ',' && mappings.at(pos) != ';') {
            if (n == 5 || !readVlq(mappings, &pos, &fields[n++]))
                return std::nullopt;
        }
        generatedColumn += fields[0];
        if (n < 4)
            continue;   // a segment that maps to no source
        source += fields[1];
        line += fields[2];
        column += fields[3];
        if (source < 0 || source >= map.m_sources.size() || line < 0 || column < 0)
            return std::nullopt;
        map.m_lines.back().push_back({generatedColumn, source, line, column});
    }
    return map;
}

std::optional<SourceMap::Position> SourceMap::lookup(int line, int column) const
{
    if (line < 1 || size_t(line) > m_lines.size())
        return std::nullopt;
    const std::vector<Segment> &segments = m_lines[size_t(line - 1)];
    if (segments.empty())
        return std::nullopt;
    const Segment *hit = &segments.front();
    if (column >= 0) {
        for (const Segment &s : segments) {
            if (s.generatedColumn > column)
                break;
            hit = &s;
        }
    }
    return Position{m_sources.at(hit->source), hit->line + 1, hit->column};
}

} // namespace throttle
