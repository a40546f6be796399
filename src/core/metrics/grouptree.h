#pragma once
// GroupTree: the group/check tree derived from samples' `group` and `check` tags, with counts
// per check. Groups and checks keep first-seen order; ids are MD5s of paths. Owned by the
// MetricsEngine and only touched under its aggregate lock (collecting thread, snapshots).

#include "core/metrics/groupnode.h"

#include <QHash>
#include <QString>
#include <vector>

namespace throttle {

class GroupTree
{
public:
    GroupTree();

    // The node for a group path ("" root, "::g1::inner"), created with its ancestors when new.
    // Returns -1 for a path that is not a group path (does not start with "::").
    int ensureGroup(const QString &path);
    // The check `name` inside group `group`, created when new.
    int ensureCheck(int group, const QString &name);
    void recordCheck(int check, bool passed);

    GroupNode toNode() const;   // the whole tree as values

    static QString md5Id(const QString &path);

private:
    struct Group {
        CheckNode node;          // name/path/id reused; passes/fails unused
        std::vector<int> checks;
        std::vector<int> children;
    };
    GroupNode toNode(int group) const;

    std::vector<Group> m_groups;      // [0] = root
    std::vector<CheckNode> m_checks;
    QHash<QString, int> m_groupByPath;
    QHash<QString, int> m_checkByPath;
};

} // namespace throttle
