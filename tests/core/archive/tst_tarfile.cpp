// TarFile and K6Archive: what Throttle writes reads back the same, GNU tar and k6's archives read,
// and a broken archive is an error with a message, never a crash or an out-of-bounds read.
#include "core/archive/k6archive.h"
#include "core/archive/tarfile.h"

#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

using namespace throttle;

namespace {

QByteArray fixture(const QString &name)
{
    QFile f(QStringLiteral(THROTTLE_FIXTURES "/archive/") + name);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// The first header's checksum made right again after a test changed the header.
QByteArray resummed(QByteArray tar)
{
    int sum = 0;
    for (int i = 0; i < 512; ++i)
        sum += (i >= 148 && i < 156) ? ' ' : static_cast<unsigned char>(tar[i]);
    tar.replace(148, 8, QByteArray::number(sum, 8).rightJustified(6, '0') + '\0' + ' ');
    return tar;
}

QByteArray oneFile(const QString &name, const QByteArray &data)
{
    return TarFile::write({{name, TarEntry::Type::File, data, {}, 0644, 0}});
}

} // namespace

class TstTarFile : public QObject {
    Q_OBJECT

private slots:
    void roundTrip_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QByteArray>("data");
        QTest::newRow("short") << "file/a.js" << QByteArray("export default function () {}\n");
        QTest::newRow("empty") << "file/empty.txt" << QByteArray();
        QTest::newRow("one block") << "file/b.bin" << QByteArray(512, 'x');
        QTest::newRow("ustar prefix") << "file/" + QString(120, 'd') + "/m.js" << QByteArray("m");
        QTest::newRow("pax path") << "file/" + QString(300, 'p') << QByteArray("long");
        QTest::newRow("utf-8 name") << QStringLiteral("file/données/ü.json") << QByteArray("{}");
    }
    void roundTrip()
    {
        QFETCH(QString, name);
        QFETCH(QByteArray, data);
        const QList<TarEntry> in{{QStringLiteral("file"), TarEntry::Type::Directory, {}, {}, 0755, 1700000000},
                                 {name, TarEntry::Type::File, data, {}, 0644, 1700000000},
                                 {QStringLiteral("link"), TarEntry::Type::HardLink, {}, name, 0, 0}};
        const QByteArray tar = TarFile::write(in);
        QCOMPARE(tar.size() % 512, 0);
        QList<TarEntry> out;
        QString error;
        QVERIFY2(TarFile::read(tar, &out, &error), qPrintable(error));
        QCOMPARE(out.size(), 3);
        QCOMPARE(out[1].name, name);
        QCOMPARE(out[1].data, data);
        QCOMPARE(out[1].mtime, 1700000000);
        QCOMPARE(out[0].type, TarEntry::Type::Directory);
        QCOMPARE(out[2].type, TarEntry::Type::HardLink);
        QCOMPARE(out[2].linkName, name);
        QVERIFY(TarFile::looksLikeTar(tar));
    }

    // GNU tar (the tool users have) reads what Throttle writes.
    void gnuTarReadsIt()
    {
        const QString tarTool = QStandardPaths::findExecutable(QStringLiteral("tar"));
        if (tarTool.isEmpty())
            QSKIP("no tar program");
        QTemporaryDir dir;
        const QString longName = "file/" + QString(130, 'n') + "/x.js";
        QFile f(dir.filePath(QStringLiteral("t.tar")));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(oneFile(longName, "abc"));
        f.close();
        QProcess p;
        p.start(tarTool, {QStringLiteral("tf"), f.fileName()});
        QVERIFY(p.waitForFinished());
        QCOMPARE(p.exitCode(), 0);
        QCOMPARE(QString::fromUtf8(p.readAllStandardOutput()).trimmed(), longName);
    }

    void readsK6Archive()
    {
        K6Archive a;
        QString error;
        QVERIFY2(K6Archive::fromTar(fixture(QStringLiteral("k6-made.tar")), &a, &error), qPrintable(error));
        QCOMPARE(a.type, QStringLiteral("js"));
        QCOMPARE(a.k6version, QStringLiteral("1.3.0"));
        QCOMPARE(a.env.value(QStringLiteral("MARKER")), QStringLiteral("from-archive"));
        QVERIFY(a.filename.endsWith(QLatin1String("/archive/archived.js")));
        QCOMPARE(a.data, fixture(QStringLiteral("archived.js")));
        QCOMPARE(a.files.value(a.filename), a.data);   // the hard link to `data`
        QCOMPARE(a.options.value(QLatin1String("tags")).toObject().value(QLatin1String("origin")).toString(), QStringLiteral("k6"));
        int opened = 0;
        for (auto it = a.files.cbegin(); it != a.files.cend(); ++it)
            opened += it.key().endsWith(QLatin1String("/data/users.json")) && it.value() == fixture(QStringLiteral("data/users.json"));
        QCOMPARE(opened, 1);
        // Nulls are k6's "unset": a run reads only what was given.
        const QJsonObject main = a.runOptions().value(QLatin1String("scenarios")).toObject().value(QLatin1String("main")).toObject();
        QVERIFY(!a.runOptions().contains(QLatin1String("vus")));
        QVERIFY(main.contains(QLatin1String("vus")));
        QVERIFY(!main.contains(QLatin1String("exec")));
    }

    void extractsUnderRoot()
    {
        K6Archive a;
        QString error, entry;
        QVERIFY(K6Archive::fromTar(fixture(QStringLiteral("k6-made.tar")), &a, &error));
        QTemporaryDir dir;
        QVERIFY2(a.extractTo(dir.path(), &entry, &error), qPrintable(error));
        QVERIFY(entry.startsWith(dir.path() + QLatin1Char('/')));
        QFile script(entry);
        QVERIFY(script.open(QIODevice::ReadOnly));
        QCOMPARE(script.readAll(), fixture(QStringLiteral("archived.js")));
        QVERIFY(QFile::exists(QFileInfo(entry).path() + QStringLiteral("/lib/paths.js")));
        QVERIFY(QFile::exists(QFileInfo(entry).path() + QStringLiteral("/data/users.json")));
    }

    void rejectsBrokenArchives_data()
    {
        QTest::addColumn<QByteArray>("tar");
        QTest::addColumn<QString>("message");
        const QByteArray good = fixture(QStringLiteral("k6-made.tar"));
        QByteArray badSum = good;
        badSum[0] = 'M';   // the name changes, the checksum does not
        QByteArray hugeSize = oneFile(QStringLiteral("metadata.json"), "{}");
        hugeSize.replace(124, 11, "77777777777");   // 8 GiB in a 1.5 KiB archive
        QByteArray badPax = oneFile(QStringLiteral("PaxHeaders/x"), "99 path=a\n");
        badPax[156] = 'x';
        QTest::newRow("empty") << QByteArray() << "unexpected end of the archive";
        QTest::newRow("truncated") << good.left(700) << "larger than the archive";
        QTest::newRow("no end blocks") << good.left(good.size() - 1024) << "unexpected end of the archive";
        QTest::newRow("bad checksum") << badSum << "checksum";
        QTest::newRow("size beyond the end") << resummed(hugeSize) << "larger than the archive";
        QTest::newRow("no metadata") << oneFile(QStringLiteral("data"), "x") << "no metadata.json";
        QTest::newRow("metadata not json") << oneFile(QStringLiteral("metadata.json"), "{") << "invalid metadata.json";
        QTest::newRow("not js") << oneFile(QStringLiteral("metadata.json"), "{\"type\":\"wasm\",\"filename\":\"file:///a.js\"}")
                                << "expected bundle type 'js', got 'wasm'";
        QTest::newRow("bad pax") << resummed(badPax) << "invalid PAX header";
    }
    void rejectsBrokenArchives()
    {
        QFETCH(QByteArray, tar);
        QFETCH(QString, message);
        K6Archive a;
        QString error;
        QVERIFY(!K6Archive::fromTar(tar, &a, &error));
        QVERIFY2(error.contains(message), qPrintable(error));
    }

    void refusesPathsLeavingTheRoot()
    {
        K6Archive a;
        a.filename = QStringLiteral("file:///t/a.js");
        a.files.insert(QStringLiteral("file:///t/../../etc/x"), "x");
        QTemporaryDir dir;
        QString entry, error;
        QVERIFY(!a.extractTo(dir.path(), &entry, &error));
        QVERIFY2(error.contains(QLatin1String("leaves the archive")), qPrintable(error));
        QVERIFY(!QFile::exists(dir.path() + QStringLiteral("/etc/x")));
    }
};

QTEST_GUILESS_MAIN(TstTarFile)
#include "tst_tarfile.moc"
