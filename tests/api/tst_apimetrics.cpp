#include <QtTest>
class Stub_tst_apimetrics : public QObject { Q_OBJECT private slots: void none() {} };
QTEST_GUILESS_MAIN(Stub_tst_apimetrics)
#include "tst_apimetrics.moc"
