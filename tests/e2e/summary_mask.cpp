// summary_mask: reads an end-of-test summary on stdin and writes it masked (summarymask.h) to
// stdout. tests/e2e/summary/compare.sh runs k6's and Throttle's summaries through it.
#include "summarymask.h"

#include <QFile>
#include <QTextStream>

int main()
{
    QFile in;
    QFile out;
    if (!in.open(stdin, QIODevice::ReadOnly) || !out.open(stdout, QIODevice::WriteOnly))
        return 1;
    out.write(summarymask::maskSummary(QString::fromUtf8(in.readAll())).toUtf8());
    return 0;
}
