#include "api/groupsresource.h"

#include "api/apierror.h"
#include "api/apijson.h"
#include "core/output/jsonnumber.h"

namespace throttle {

namespace {

QByteArray groupRef(const QString &id)
{
    return "{\"type\":\"groups\",\"id\":" + jsonString(id) + '}';
}

QByteArray checksJson(const QList<CheckNode> &checks)
{
    if (checks.isEmpty())
        return "null";
    QByteArray out = "[";
    for (const CheckNode &c : checks) {
        out += (out.size() > 1 ? "," : "") + QByteArray("{\"id\":") + jsonString(c.id) + ",\"path\":" + jsonString(c.path) +
               ",\"name\":" + jsonString(c.name) + ",\"passes\":" + QByteArray::number(c.passes) +
               ",\"fails\":" + QByteArray::number(c.fails) + '}';
    }
    return out + ']';
}

} // namespace

QByteArray GroupsResource::element(const GroupNode &g, const GroupNode *parent)
{
    QByteArray children = "[";
    for (const GroupNode &c : g.children)
        children += (children.size() > 1 ? "," : "") + groupRef(c.id);
    children += ']';
    return "{\"type\":\"groups\",\"id\":" + jsonString(g.id) + ",\"attributes\":{\"path\":" + jsonString(g.path) +
           ",\"name\":" + jsonString(g.name) + ",\"checks\":" + checksJson(g.checks) +
           "},\"relationships\":{\"groups\":{\"data\":" + children + "},\"parent\":{\"data\":" +
           (parent ? groupRef(parent->id) : QByteArray("null")) + "}}}";
}

void GroupsResource::flatten(const GroupNode &g, const GroupNode *parent, QList<QByteArray> *out)
{
    out->append(element(g, parent));
    for (const GroupNode &c : g.children)
        flatten(c, &g, out);
}

const GroupNode *GroupsResource::find(const GroupNode &g, const QString &id, const GroupNode **parent)
{
    if (g.id == id)
        return &g;
    for (const GroupNode &c : g.children) {
        if (const GroupNode *hit = find(c, id, parent)) {
            if (hit == &c)
                *parent = &g;
            return hit;
        }
    }
    return nullptr;
}

ApiResponse GroupsResource::list(const ApiContext &ctx)
{
    const MetricsSnapshot snap = ctx.snapshot();
    QList<QByteArray> items;
    flatten(snap.rootGroup, nullptr, &items);
    return ApiResponse::ok("{\"data\":[" + items.join(',') + "]}", mime::kTextUtf8);
}

ApiResponse GroupsResource::one(const ApiContext &ctx, const QString &id)
{
    const MetricsSnapshot snap = ctx.snapshot();
    const GroupNode *parent = nullptr;
    if (const GroupNode *g = id.isEmpty() ? nullptr : find(snap.rootGroup, id, &parent))
        return ApiResponse::ok("{\"data\":" + element(*g, parent) + '}', mime::kTextUtf8);
    return ApiError{404, QStringLiteral("Not Found"), QStringLiteral("No group with that ID was found")}.response(mime::kTextUtf8);
}

} // namespace throttle
