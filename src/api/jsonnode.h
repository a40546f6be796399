#pragma once
// JsonNode: one parsed JSON value as Go's encoding/json sees it — numbers keep their literal text
// (so int64 values and Go's "number 1.5" messages stay exact), object members keep document order
// and duplicates. A plain value built by GoJsonParser; any thread.

#include <QByteArray>
#include <QString>
#include <utility>
#include <vector>

namespace throttle {

struct JsonNode {
    enum class Kind { Null, Bool, Number, String, Array, Object };

    Kind kind = Kind::Null;
    bool boolean = false;
    QByteArray text;                                      // Number: literal; String: decoded UTF-8
    std::vector<JsonNode> items;                          // Array
    std::vector<std::pair<QByteArray, JsonNode>> members; // Object, in document order

    // Out of line: the members hold JsonNodes, which must be complete where these are made
    // (clang insists; see jsonnode.cpp).
    JsonNode();
    ~JsonNode();
    JsonNode(const JsonNode &);
    JsonNode(JsonNode &&) noexcept;
    JsonNode &operator=(const JsonNode &);
    JsonNode &operator=(JsonNode &&) noexcept;

    bool isNull() const { return kind == Kind::Null; }
    // The kind as Go's UnmarshalTypeError names it: "object", "array", "string", "number", "bool".
    QString goKind() const;
    // Members whose key matches `key` case-insensitively (Go's field matching), in document order.
    std::vector<const JsonNode *> membersNamed(const QByteArray &key) const;
    // The last such member (Go: the last occurrence wins), or nullptr.
    const JsonNode *member(const QByteArray &key) const;
    // Nesting depth: 0 for a scalar, 1 for [] or {}, 2 for [[]]... (iterative: any depth).
    int depth() const;
};

} // namespace throttle
