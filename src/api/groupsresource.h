#pragma once
// GroupsResource: GET /v1/groups and /v1/groups/<id> (control-api.md §5): the group tree in
// depth-first pre-order with md5 ids, checks (null when none) and relationships to children and
// parent. Runs on the server's thread. Stateless.

#include "api/apicontext.h"
#include "api/apiresponse.h"

namespace throttle {

class GroupsResource {
public:
    static ApiResponse list(const ApiContext &ctx);
    static ApiResponse one(const ApiContext &ctx, const QString &id);
    static QByteArray element(const GroupNode &group, const GroupNode *parent);

private:
    static void flatten(const GroupNode &group, const GroupNode *parent, QList<QByteArray> *out);
    static const GroupNode *find(const GroupNode &group, const QString &id, const GroupNode **parent);
};

} // namespace throttle
