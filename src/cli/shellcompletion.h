#pragma once
// Bash and zsh completion for `throttle` and `throttle-desktop`, rendered from CommandTable:
// subcommands, each command's flags, the values of flags with a fixed set (--summary-time-unit s|ms|us),
// file names for file flags and .js/.mjs/.cjs/.ts scripts for script arguments. throttle-docgen writes them at
// build time; the package installs them where bash-completion and zsh look. Pure functions.

#include <QString>

namespace throttle {

class ShellCompletion
{
public:
    static QString bashThrottle();   // /usr/share/bash-completion/completions/throttle
    static QString bashDesktop();    // .../completions/throttle-desktop
    static QString zsh();            // /usr/share/zsh/vendor-completions/_throttle (both programs)
};

} // namespace throttle
