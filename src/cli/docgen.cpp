// throttle-docgen: writes the man pages and the shell completion, rendered from CommandTable, at
// build time (never installed). Usage: throttle-docgen <output dir> [<date YYYY-MM-DD>]
#include "cli/buildinfo.h"
#include "cli/manpage.h"
#include "cli/shellcompletion.h"

#include <QDir>
#include <QFile>
#include <QStringList>
#include <cstdio>

namespace {

bool write(const QString &path, const QString &text)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(text.toUtf8()) < 0) {
        std::fprintf(stderr, "throttle-docgen: cannot write %s: %s\n", qPrintable(path), qPrintable(f.errorString()));
        return false;
    }
    return true;
}

} // namespace

int main(int argc, char **argv)
{
    if (argc < 2) {
        std::fprintf(stderr, "usage: throttle-docgen <output dir> [<date YYYY-MM-DD>]\n");
        return 2;
    }
    const QDir out(QString::fromLocal8Bit(argv[1]));
    const QString date = argc > 2 ? QString::fromLatin1(argv[2]) : QString();
    const QString version = throttle::BuildInfo::version();
    if (!out.mkpath(QStringLiteral(".")))
        return 1;
    using throttle::ManPage;
    using throttle::ShellCompletion;
    const bool ok = write(out.filePath(QStringLiteral("throttle.1")), ManPage::throttle(date, version))
                    && write(out.filePath(QStringLiteral("throttle-desktop.1")), ManPage::desktop(date, version))
                    && write(out.filePath(QStringLiteral("throttle.bash")), ShellCompletion::bashThrottle())
                    && write(out.filePath(QStringLiteral("throttle-desktop.bash")), ShellCompletion::bashDesktop())
                    && write(out.filePath(QStringLiteral("_throttle")), ShellCompletion::zsh());
    return ok ? 0 : 1;
}
