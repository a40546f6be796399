#pragma once
// What this build is: the version (set in one place, CMake's project(VERSION)), the git commit it
// was built from (read at build time by cmake/WriteBuildInfo.cmake; empty when built from a
// tarball without .git) and the license. `throttle version`, `throttle-desktop --version`, the
// About box and the man pages show these. Constant data; any thread.

#include <QString>

namespace throttle {

class BuildInfo
{
public:
    static QString version();       // "0.1.0"
    static QString commit();        // `git describe --always --dirty`, e.g. "b0b539d2af8e"; empty outside a checkout
    static QString license();       // SPDX identifier, e.g. "MIT"
    static QString appId();         // the desktop entry's name without .desktop, the icon's name
    static QString qtVersion();     // the Qt the program runs on (qVersion())
    // "0.1.0 (commit b0b539d2af8e, Qt 6.4.2)"; without a commit "0.1.0 (Qt 6.4.2)".
    static QString versionLine();
};

} // namespace throttle
