#pragma once
// CodeFrame: the few source lines around an error position with a caret under the column, in
// the layout Babel's code frames (and so Throttle's syntax errors) have always used:
//
//     1 | export default function () {
//   > 2 |   let x = ;
//       |           ^
//     3 | }
//
// Stateless; any thread.

#include <QString>

namespace throttle {

class CodeFrame {
public:
    // line 1-based, column 0-based (in characters); 2 lines before and 3 after, as Babel.
    static QString render(const QString &source, int line, int column);
};

} // namespace throttle
