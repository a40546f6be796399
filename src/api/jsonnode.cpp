#include "api/jsonnode.h"

namespace throttle {

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

} // namespace throttle
