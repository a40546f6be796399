#pragma once
// SourceMap: a parsed source map (version 3, as esbuild writes it): for a position in the
// generated file, the position in the original it came from. Only what lookups need is kept:
// per generated line, its segments (generated column, source, original line and column).
// Immutable after parse(); safe to share between threads.

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

namespace throttle {

class SourceMap {
public:
    struct Position {
        QString source;   // as listed in the map's "sources"
        int line = 0;     // 1-based
        int column = 0;   // 0-based
    };

    // nullopt when json is not a version 3 source map or its mappings are malformed.
    static std::optional<SourceMap> parse(const QByteArray &json);

    // The original position of generated line `line` (1-based). With column < 0 (stack traces
    // carry no column) it is the line's first mapped segment; otherwise the segment that covers
    // `column` (0-based). nullopt for lines that came from no source (esbuild's helpers).
    std::optional<Position> lookup(int line, int column = -1) const;

    const QStringList &sources() const { return m_sources; }

private:
    struct Segment {
        int generatedColumn;
        int source;
        int line;     // 0-based
        int column;
    };
    QStringList m_sources;
    std::vector<std::vector<Segment>> m_lines;   // index: generated line, 0-based
};

} // namespace throttle
