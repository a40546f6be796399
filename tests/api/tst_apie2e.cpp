#include <QtTest>
class Stub_tst_apie2e : public QObject { Q_OBJECT private slots: void none() {} };
QTEST_GUILESS_MAIN(Stub_tst_apie2e)
#include "tst_apie2e.moc"
