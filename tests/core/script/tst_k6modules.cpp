// The k6/encoding, k6/crypto and k6/data modules, on fixture scripts run by real VU runtimes.
#include "core/metrics/metricsengine.h"
#include "core/script/k6codec.h"
#include "core/script/scriptloader.h"
#include "core/script/sha512t.h"
#include "core/script/vuruntime.h"
#include "support/scriptenv.h"

#include <QCryptographicHash>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>
#include <thread>

using namespace throttle;

class TstK6Modules : public QObject {
    Q_OBJECT

private:
    // Loads the script, inits one VU and returns the JSON object its default function returns.
    static QJsonObject runDefault(const QString &script) { return ScriptEnv::load(script)->runDefault(); }
    void expect_data(const QList<std::pair<const char *, QVariant>> &rows)
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QVariant>("expected");
        for (const auto &r : rows)
            QTest::newRow(r.first) << QString::fromLatin1(r.first) << r.second;
    }
    void compareKey(const QJsonObject &o)
    {
        QFETCH(QString, key);
        QFETCH(QVariant, expected);
        QVERIFY2(o.contains(key), qPrintable(key));
        QCOMPARE(o.value(key).toVariant(), expected);
    }

private slots:
    void initTestCase()
    {
        m_encoding = runDefault(QStringLiteral("mod_encoding.js"));
        m_crypto = runDefault(QStringLiteral("mod_crypto.js"));
        QVERIFY(!m_encoding.isEmpty());
        QVERIFY(!m_crypto.isEmpty());
    }

    void encoding_data()
    {
        expect_data({
            {"std", "aGVsbG8="}, {"rawstd", "aGVsbG8"}, {"url", "-__-"}, {"rawurl", "-__-"}, {"stdBin", "+//+"},
            {"utf8", "xbzDs8WCdw=="}, {"typed", "aGk="}, {"whole", "aGk="}, {"decodedIsBuffer", true},
            {"decodedBytes", "104,101,108,108,111"}, {"decodedString", "hello"},
            {"decodedUtf8", QString::fromUtf8("żółw")}, {"rawurlBack", "251,255,254"}, {"rawstdBack", "hello"},
            {"urlBack", "hi"}, {"badChar", "illegal base64 data at input byte 3"},
            {"missingPadding", "illegal base64 data at input byte 7"},
            {"paddingInRaw", "illegal base64 data at input byte 7"},
        });
    }
    void encoding() { compareKey(m_encoding); }

    void crypto_data()
    {
        expect_data({
            {"md4", "a448017aaf21d8525fc10ae87aa6729d"},
            {"md5", "5d41402abc4b2a76b9719d911017c592"},
            {"sha1", "aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d"},
            {"sha256", "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"},
            {"sha384", "59e1748777448c69de6b800d7a33bbfb9ff1b463e44354c3553bcdb9c666fa90125a3c79f90397bdf5f6a13de828684f"},
            {"sha512", "9b71d224bd62f3785d96d46ad3ea3d73319bfbc2890caadae2dff72519673ca72323c3d99ba5c11d7c7acc6e14b8c5da0c4663"
                       "475c2e5c3adef46f73bcdec043"},
            {"sha512_224", "fe8509ed1fb7dcefc27e6ac1a80eddbec4cb3d2c6fe565244374061c"},
            {"sha512_256", "e30d87cfa2a75db545eac4d61baf970366a8357c7f72fa95b52d0accb698f13a"},
            {"sha512_256_empty", "c672b8d1ef56ed28ab87c3622c5114069bdd3ad7b8f9737498d0c01ecef0967a"},
            {"sha512_224_long", "16f5c6a04ec0bd1e6656e42c95b78e61a8d4f074007cd818cc3a42f2"},
            {"md5Base64", "XUFAKrxLKna5cZ2REBfFkg=="},
            {"md5Base64url", "qvTGHdzF6KLavt4PO0gs2a6pQ00="},
            {"md5Base64rawurl", "qvTGHdzF6KLavt4PO0gs2a6pQ00"},
            {"binaryIsBuffer", true},
            {"binaryHex", "5d41402abc4b2a76b9719d911017c592"},
            {"hmacSha256", "9307b3b915efb5171ff14d8cb55fbcc798c6c0ef1456d66ded1a6aa723a58b7b"},
            {"hmacMd5", "04130747afca4d79e32e87cf2104f087"},
            {"hmacSha512_256", "6149bdedc72e1cb49de9d0e575ed42b04ca960d6064eb8d38aefcbc886864525"},
            {"hmacBufferKey", "9307b3b915efb5171ff14d8cb55fbcc798c6c0ef1456d66ded1a6aa723a58b7b"},
            {"hasher", "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"},
            {"hasherAgain", "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"},
            {"hmacHasher", "9307b3b915efb5171ff14d8cb55fbcc798c6c0ef1456d66ded1a6aa723a58b7b"},
            {"randomLength", 20}, {"randomIsBuffer", true}, {"hexEncode", "6869"},
            {"badEncoding", "invalid output encoding: nope"},
            {"noEncoding", "invalid output encoding: "},
            {"badAlgorithm", "invalid algorithm: sha3"},
            {"badHmacAlgorithm", "invalid algorithm: whirlpool"},
            {"ripemd160", "108f07b8382412612c048d07d13f814118445acd"},
            {"ripemd160_long", "2a5b424394c0fce2665d4e0b077e998d2d62160a"},
            {"hmacRipemd160", "43ab51f803a68a8b894cb32ee19e6854e9f4e468"},
            {"badDigestEncoding", "invalid output encoding: base32"},
            {"badInput", "invalid type int64, expected string, []byte or ArrayBuffer"},
            {"badRandomSize", "invalid size"},
        });
    }
    void crypto() { compareKey(m_crypto); }

    void sha512CoreMatchesQt()
    {
        // The SHA-512/t code run with SHA-512's own IV must agree with Qt's SHA-512, across block edges.
        for (int len : {0, 1, 111, 112, 127, 128, 129, 255, 1000}) {
            const QByteArray m(len, 'x');
            QCOMPARE(Sha512t::hash(512, m), QCryptographicHash::hash(m, QCryptographicHash::Sha512));
        }
    }

    void sharedArrayMadeOnceForAllVus()
    {
        auto e = ScriptEnv::load(QStringLiteral("mod_data.js"));
        QVERIFY2(e->loaded.ok, qPrintable(e->loaded.error));
        // the options pass ran the function; three VUs initialise at once on their own threads
        QJsonObject results[3];
        QString errors[3];
        std::vector<std::thread> threads;
        for (int i = 0; i < 3; ++i) {
            threads.emplace_back([&, i] {
                VuRuntime rt(e->ctx, i + 1, RuntimeKind::Vu);
                if (!rt.init(&errors[i]))
                    return;
                const CallResult r = rt.callExport(QStringLiteral("default"), QByteArray(), QString());
                if (!r.ok)
                    errors[i] = r.error;
                results[i] = QJsonDocument::fromJson(r.json).object();
            });
        }
        for (auto &t : threads)
            t.join();
        const QStringList lines = e->log.lines();
        QCOMPARE(lines.filter(QStringLiteral("SHARED_ARRAY_FN_CALLED")).size(), 1);
        QCOMPARE(lines.filter(QStringLiteral("SECOND_FN_CALLED")).size(), 0);
        for (int i = 0; i < 3; ++i) {
            QVERIFY2(errors[i].isEmpty(), qPrintable(errors[i]));
            const QJsonObject &o = results[i];
            QCOMPARE(o.value(QStringLiteral("vu")).toInt(), i + 1);
            QCOMPARE(o.value(QStringLiteral("length")).toInt(), 3);
            QCOMPARE(o.value(QStringLiteral("againLength")).toInt(), 3);
            QCOMPARE(o.value(QStringLiteral("isArray")).toBool(), true);
            QCOMPARE(o.value(QStringLiteral("name1")).toString(), QStringLiteral("bob"));
            QCOMPARE(o.value(QStringLiteral("sum")).toInt(), 6);
            QCOMPARE(o.value(QStringLiteral("mapped")).toString(), QStringLiteral("ann,bob,cy"));
            QCOMPARE(o.value(QStringLiteral("keys")).toString(), QStringLiteral("0,1,2"));
            QCOMPARE(o.value(QStringLiteral("json")).toString(),
                     QStringLiteral(R"([{"name":"ann","n":1,"tags":["a"]},{"name":"bob","n":2,"tags":[]},{"name":"cy","n":3,"tags":["c"]}])"));
            QCOMPARE(o.value(QStringLiteral("outOfRange")).toBool(), true);
            QCOMPARE(o.value(QStringLiteral("frozen")).toBool(), true);
            QVERIFY(o.value(QStringLiteral("assignElement")).toString() != QStringLiteral("no error"));
            QCOMPARE(o.value(QStringLiteral("stillOne")).toInt(), 1);
            QCOMPARE(o.value(QStringLiteral("push")).toString(), QStringLiteral("SharedArray is immutable"));
            QCOMPARE(o.value(QStringLiteral("setIndex")).toString(), QStringLiteral("SharedArray is immutable"));
            QCOMPARE(o.value(QStringLiteral("afterSet")).toInt(), 1);
            // a frozen array: the engine's own TypeError, not k6's text
            QVERIFY(o.value(QStringLiteral("setLength")).toString() != QStringLiteral("no error"));
            QCOMPARE(o.value(QStringLiteral("afterSetLength")).toInt(), 3);
            QCOMPARE(o.value(QStringLiteral("pop")).toString(), QStringLiteral("SharedArray is immutable"));
            QCOMPARE(o.value(QStringLiteral("sort")).toString(), QStringLiteral("SharedArray is immutable"));
            QCOMPARE(o.value(QStringLiteral("inVu")).toString(),
                     QStringLiteral("new SharedArray must be called in the init context"));
            QCOMPARE(o.value(QStringLiteral("setFar")).toString(), QStringLiteral("SharedArray is immutable"));
            QCOMPARE(o.value(QStringLiteral("afterSetFar")).toInt(), 3);
            QCOMPARE(o.value(QStringLiteral("freshEachRead")).toBool(), true);
            QCOMPARE(o.value(QStringLiteral("instanceOfArray")).toBool(), true);
            QCOMPARE(o.value(QStringLiteral("plainNotShared")).toBool(), true);
            QCOMPARE(o.value(QStringLiteral("constructorIsArray")).toBool(), true);
            QCOMPARE(o.value(QStringLiteral("spread")).toString(), QStringLiteral("1,2,3"));
            QCOMPARE(o.value(QStringLiteral("values")).toString(), QStringLiteral("ann,bob,cy"));
            QCOMPARE(o.value(QStringLiteral("entries")).toString(),
                     QStringLiteral(R"([["0",3],["1",1],["2",2],["3","x"],["4",null],["5",true]])"));
            QCOMPARE(o.value(QStringLiteral("plainKeys")).toString(), QStringLiteral("a,b"));
            QCOMPARE(o.value(QStringLiteral("primsJoin")).toString(), QStringLiteral("3|1|2|x||true"));
            QCOMPARE(o.value(QStringLiteral("primsString")).toString(), QStringLiteral("3,1,2,x,,true 3,1,2,x,,true"));
            QCOMPARE(o.value(QStringLiteral("primsIndexOf")).toString(), QStringLiteral("2,-1,true,-1,1"));
            QCOMPARE(o.value(QStringLiteral("primsConcat")).toString(),
                     QStringLiteral(R"([0,3,1,2,"x",null,true,9] [3,1,2,"x",null,true,"y"])"));
            QCOMPARE(o.value(QStringLiteral("primsSlice")).toString(), QStringLiteral("[1,2]"));
            QCOMPARE(o.value(QStringLiteral("primsFilter")).toString(), QStringLiteral("[3,1,2]"));
            QCOMPARE(o.value(QStringLiteral("primsFind")).toString(), QStringLiteral("x,4"));
            QCOMPARE(o.value(QStringLiteral("primsSomeEvery")).toString(), QStringLiteral("true,true"));
            QCOMPARE(o.value(QStringLiteral("primsReduce")).toInt(), 6);
            QCOMPARE(o.value(QStringLiteral("primsForEach")).toInt(), 6);
            QCOMPARE(o.value(QStringLiteral("primsIn")).toString(), QStringLiteral("true,false"));
            QCOMPARE(o.value(QStringLiteral("emptyLength")).toInt(), 0);
            QCOMPARE(o.value(QStringLiteral("emptyJson")).toString(), QStringLiteral("[]"));
            QCOMPARE(o.value(QStringLiteral("bigLength")).toInt(), 50000);
            QCOMPARE(o.value(QStringLiteral("bigLast")).toString(), QStringLiteral("user49999"));
            QCOMPARE(o.value(QStringLiteral("bigRandom")).toInt(), 12345);
            for (const char *m : {"reverse", "fill", "splice"})
                QCOMPARE(o.value(QLatin1String(m)).toString(), QStringLiteral("SharedArray is immutable"));
        }
    }

    void sharedArrayConstructorErrors_data()
    {
        expect_data({
            {"emptyName", "empty name provided to SharedArray's constructor"},
            {"noFunction", "a function is expected as the second argument of SharedArray's constructor"},
            {"notArray", "only arrays can be made into SharedArray"},
            {"throws", "boom"},
            {"retried", 7},   // a failed function stores nothing: the next constructor runs its own
        });
    }
    void sharedArrayConstructorErrors() { compareKey(runDefault(QStringLiteral("mod_data_errors.js"))); }

    void sharedArrayNotArrayFailsInit()
    {
        auto e = ScriptEnv::load(QStringLiteral("mod_data_notarray.js"));
        QVERIFY(!e->loaded.ok);
        QCOMPARE(e->loaded.exitCode, 107);
        QVERIFY2(e->loaded.error.contains(QStringLiteral("only arrays can be made into SharedArray")),
                 qPrintable(e->loaded.error));
    }

    void modulesAreProvided()
    {
        auto e = ScriptEnv::load(QStringLiteral("mod_crypto.js"));
        QVERIFY2(e->loaded.ok, qPrintable(e->loaded.error));
        QVERIFY(e->ctx.builtinModules.contains(QStringLiteral("k6/crypto")));
        for (const char *m : {"k6/encoding", "k6/crypto", "k6/data"})
            QVERIFY(VuRuntime::builtinModuleNames().contains(QLatin1String(m)));
    }

private:
    QJsonObject m_encoding;
    QJsonObject m_crypto;
};

QTEST_GUILESS_MAIN(TstK6Modules)
#include "tst_k6modules.moc"
