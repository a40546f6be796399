#pragma once
// GroupNode / CheckNode: one group of the group/check tree as a snapshot sees it (script-api.md
// §1.5, control-api.md §5). Plain values, built by GroupTree on the engine's collecting thread.

#include <QList>
#include <QString>

namespace throttle {

struct CheckNode {
    QString name;
    QString path;    // "<group path>::<name>"
    QString id;      // lowercase hex MD5 of path
    quint64 passes = 0;
    quint64 fails = 0;
};

struct GroupNode {
    QString name;    // "" for the root
    QString path;    // "" for the root, "::g1", "::g1::inner"
    QString id;      // lowercase hex MD5 of path (root: d41d8cd98f00b204e9800998ecf8427e)
    QList<CheckNode> checks;     // first-seen order
    QList<GroupNode> children;   // first-seen order
};

} // namespace throttle
