#include "ui/consolefilter.h"

namespace throttle {

ConsoleFilter::ConsoleFilter(QObject *parent) : QSortFilterProxyModel(parent)
{
    for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(this, signal, this, &ConsoleFilter::countChanged);
    connect(this, &QAbstractItemModel::modelReset, this, &ConsoleFilter::countChanged);
}

void ConsoleFilter::setSource(ConsoleModel *source)
{
    if (source == m_source)
        return;
    m_source = source;
    setSourceModel(source);
    emit sourceChanged();
    emit countChanged();
}

void ConsoleFilter::setMinLevel(int level)
{
    if (level == m_minLevel)
        return;
    m_minLevel = level;
    invalidateRowsFilter();
    emit filterChanged();
    emit countChanged();
}

void ConsoleFilter::setText(const QString &text)
{
    if (text == m_text)
        return;
    m_text = text;
    invalidateRowsFilter();
    emit filterChanged();
    emit countChanged();
}

bool ConsoleFilter::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QModelIndex i = sourceModel()->index(sourceRow, 0, sourceParent);
    if (i.data(ConsoleModel::LevelRole).toInt() < m_minLevel)
        return false;
    if (m_text.isEmpty())
        return true;
    return i.data(ConsoleModel::MessageRole).toString().contains(m_text, Qt::CaseInsensitive)
           || i.data(ConsoleModel::FieldsRole).toString().contains(m_text, Qt::CaseInsensitive);
}

} // namespace throttle
