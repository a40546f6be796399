#pragma once
// The man pages throttle(1) and throttle-desktop(1), rendered (roff, man macros) from
// CommandTable, so they list exactly the commands and flags the parsers accept. throttle-docgen
// writes them at build time; the package installs them. Pure functions; any thread.

#include <QString>

namespace throttle {

class ManPage
{
public:
    // date: "2026-12-01" (the commit date; may be empty), version: BuildInfo::version().
    static QString throttle(const QString &date, const QString &version);
    static QString desktop(const QString &date, const QString &version);

    // Text for roff: backslashes and hyphens escaped, no line starting with a control character.
    static QString escape(const QString &text);
};

} // namespace throttle
