#include "core/metrics/tagcache.h"

#include "core/metrics/metricsengine.h"

namespace throttle {

TagCache::TagCache(MetricsEngine &engine) : m_engine(engine) {}

TagSetId TagCache::intern(const TagList &sortedTags)
{
    if (sortedTags.isEmpty())
        return 0;
    const QString key = MetricsEngine::tagKey(sortedTags);
    const auto found = m_ids.constFind(key);
    if (found != m_ids.cend())
        return found.value();
    const TagSetId id = m_engine.intern(sortedTags);
    m_ids.insert(key, id);
    return id;
}

} // namespace throttle
