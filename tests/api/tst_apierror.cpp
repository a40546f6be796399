// ApiError::statusOf: the one place where the core's error kinds become HTTP statuses (k6's, from
// control-api.md §2–§3), one row per kind, and the error document they give. The answers of real
// runs through the real server are checked byte for byte by tst_apistatus and tst_apiserver.
#include "api/apierror.h"

#include <QtTest>

using namespace throttle;

Q_DECLARE_METATYPE(ControlError)

class TstApiError : public QObject {
    Q_OBJECT
private slots:
    void statusOfEveryKind_data();
    void statusOfEveryKind();
};

void TstApiError::statusOfEveryKind_data()
{
    QTest::addColumn<ControlError>("error");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("document");
    QTest::newRow("invalid change")
        << ControlError::invalidChange(QStringLiteral("the test run has already finished")) << 400
        << QByteArray(R"({"errors":[{"status":"400","title":"Config update error","detail":"the test run has already finished"}]})");
    QTest::newRow("wrong state")
        << ControlError::wrongState(QStringLiteral("test execution wasn't paused")) << 500
        << QByteArray(R"({"errors":[{"status":"500","title":"Pause error","detail":"test execution wasn't paused"}]})");
    QTest::newRow("not configured")
        << ControlError::notConfigured(QStringLiteral("x")) << 500
        << QByteArray(R"({"errors":[{"status":"500","title":"Execution config error","detail":"x"}]})");
    QTest::newRow("script failed")
        << ControlError::scriptFailed(QStringLiteral("Error executing setup"), QStringLiteral("Error: boom")) << 500
        << QByteArray(R"({"errors":[{"status":"500","title":"Error executing setup","detail":"Error: boom"}]})");
    QTest::newRow("relayed keeps its status")
        << ControlError::remote(404, QStringLiteral("HTTP 404"), QStringLiteral("nope")) << 404
        << QByteArray(R"({"errors":[{"status":"404","title":"HTTP 404","detail":"nope"}]})");
}

void TstApiError::statusOfEveryKind()
{
    QFETCH(ControlError, error);
    QFETCH(int, status);
    QFETCH(QByteArray, document);
    QVERIFY(!error.ok());
    QCOMPARE(ApiError::statusOf(error), status);
    QCOMPARE(ApiError::fromControl(error).document(), document);
}

QTEST_GUILESS_MAIN(TstApiError)
#include "tst_apierror.moc"
