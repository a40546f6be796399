#pragma once
// TagCache: one per VU, not thread-safe. Remembers which TagSetId each tag set got, so the VU's
// hot path (the same few sets over and over) never touches the engine's tag lock.

#include "core/metrics/metric.h"

#include <QHash>
#include <QString>

namespace throttle {

class MetricsEngine;

class TagCache
{
public:
    explicit TagCache(MetricsEngine &engine);
    TagSetId intern(const TagList &sortedTags);
    int size() const { return int(m_ids.size()); }

private:
    MetricsEngine &m_engine;
    QHash<QString, TagSetId> m_ids;
};

} // namespace throttle
