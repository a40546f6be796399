#include "api/jsonnode.h"

#include <algorithm>

namespace throttle {

JsonNode::JsonNode() = default;
JsonNode::~JsonNode() = default;
JsonNode::JsonNode(const JsonNode &) = default;
JsonNode::JsonNode(JsonNode &&) noexcept = default;
JsonNode &JsonNode::operator=(const JsonNode &) = default;
JsonNode &JsonNode::operator=(JsonNode &&) noexcept = default;

QString JsonNode::goKind() const
{
    switch (kind) {
    case Kind::Object: return QStringLiteral("object");
    case Kind::Array: return QStringLiteral("array");
    case Kind::String: return QStringLiteral("string");
    case Kind::Number: return QStringLiteral("number");
    case Kind::Bool: return QStringLiteral("bool");
    case Kind::Null: break;
    }
    return QStringLiteral("null");
}

std::vector<const JsonNode *> JsonNode::membersNamed(const QByteArray &key) const
{
    std::vector<const JsonNode *> out;
    for (const auto &m : members)
        if (m.first.compare(key, Qt::CaseInsensitive) == 0)
            out.push_back(&m.second);
    return out;
}

const JsonNode *JsonNode::member(const QByteArray &key) const
{
    const auto all = membersNamed(key);
    return all.empty() ? nullptr : all.back();
}

int JsonNode::depth() const
{
    int deepest = 0;
    std::vector<std::pair<const JsonNode *, int>> todo{{this, 0}};
    while (!todo.empty()) {
        const auto [node, level] = todo.back();
        todo.pop_back();
        if (node->kind != Kind::Array && node->kind != Kind::Object)
            continue;
        deepest = std::max(deepest, level + 1);
        for (const JsonNode &item : node->items)
            todo.emplace_back(&item, level + 1);
        for (const auto &member : node->members)
            todo.emplace_back(&member.second, level + 1);
    }
    return deepest;
}

} // namespace throttle
