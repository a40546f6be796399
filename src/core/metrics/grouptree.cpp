#include "core/metrics/grouptree.h"

#include <QCryptographicHash>

namespace throttle {

namespace {
const QString kSeparator = QStringLiteral("::");
}

GroupTree::GroupTree()
{
    Group root;
    root.node.id = md5Id(QString());
    m_groups.push_back(root);
    m_groupByPath.insert(QString(), 0);
}

QString GroupTree::md5Id(const QString &path)
{
    return QString::fromLatin1(
        QCryptographicHash::hash(path.toUtf8(), QCryptographicHash::Md5).toHex());
}

int GroupTree::ensureGroup(const QString &path)
{
    const auto found = m_groupByPath.constFind(path);
    if (found != m_groupByPath.cend())
        return found.value();
    if (!path.startsWith(kSeparator))
        return -1;
    // k6 forbids "::" inside group names, so the last separator splits parent and name.
    const qsizetype cut = path.lastIndexOf(kSeparator);
    const int parent = ensureGroup(path.left(cut));
    if (parent < 0)
        return -1;
    Group g;
    g.node.name = path.mid(cut + kSeparator.size());
    g.node.path = path;
    g.node.id = md5Id(path);
    const int index = int(m_groups.size());
    m_groups.push_back(g);
    m_groups[size_t(parent)].children.push_back(index);
    m_groupByPath.insert(path, index);
    return index;
}

int GroupTree::ensureCheck(int group, const QString &name)
{
    const QString path = m_groups[size_t(group)].node.path + kSeparator + name;
    const auto found = m_checkByPath.constFind(path);
    if (found != m_checkByPath.cend())
        return found.value();
    CheckNode c;
    c.name = name;
    c.path = path;
    c.id = md5Id(path);
    const int index = int(m_checks.size());
    m_checks.push_back(c);
    m_groups[size_t(group)].checks.push_back(index);
    m_checkByPath.insert(path, index);
    return index;
}

void GroupTree::recordCheck(int check, bool passed)
{
    CheckNode &c = m_checks[size_t(check)];
    if (passed)
        ++c.passes;
    else
        ++c.fails;
}

GroupNode GroupTree::toNode() const
{
    return toNode(0);
}

GroupNode GroupTree::toNode(int group) const
{
    const Group &g = m_groups[size_t(group)];
    GroupNode node;
    node.name = g.node.name;
    node.path = g.node.path;
    node.id = g.node.id;
    for (int c : g.checks)
        node.checks.append(m_checks[size_t(c)]);
    for (int child : g.children)
        node.children.append(toNode(child));
    return node;
}

} // namespace throttle
