#include "ui/errorreport.h"

namespace throttle {

bool ErrorReport::set(Source source, const QString &title, const QString &detail)
{
    if (source == m_source && title == m_title && detail == m_detail)
        return false;
    m_source = source;
    m_title = title;
    m_detail = detail;
    return true;
}

bool ErrorReport::clear(Source source)
{
    return source == m_source && clearAll();
}

bool ErrorReport::clearAll()
{
    if (m_source == Source::None)
        return false;
    m_source = Source::None;
    m_title.clear();
    m_detail.clear();
    return true;
}

} // namespace throttle
