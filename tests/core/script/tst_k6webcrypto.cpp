// The global WebCrypto `crypto` in a real VU (tests/fixtures/scripts/webcrypto.js): digests against
// FIPS 180-4's examples, HMAC against RFC 4231's test cases, keys, random values and k6's error
// texts. The same script was run through k6 v1.3.0, which printed these very values.
#include "support/scriptenv.h"

#include <QtTest>

using namespace throttle;

class TstK6WebCrypto : public QObject {
    Q_OBJECT

    QJsonObject m_out;

private slots:
    void initTestCase()
    {
        auto e = ScriptEnv::load(QStringLiteral("webcrypto.js"));
        QVERIFY2(e->loaded.ok, qPrintable(e->loaded.error));
        m_out = e->runDefault();
        QVERIFY(!m_out.isEmpty());
    }

    void matches_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("expected");
        const QList<QPair<const char *, const char *>> rows = {
            // FIPS 180-4 examples ("abc", the 448- and 896-bit messages), the empty message and
            // one million 'a' (the NIST long message)
            {"digest SHA-1 abc", "a9993e364706816aba3e25717850c26c9cd0d89d"},
            {"digest SHA-1 empty", "da39a3ee5e6b4b0d3255bfef95601890afd80709"},
            {"digest SHA-1 448", "84983e441c3bd26ebaae4aa1f95129e5e54670f1"},
            {"digest SHA-1 896", "a49b2446a02c645bf419f995b67091253a04a259"},
            {"digest SHA-256 abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
            {"digest SHA-256 empty", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
            {"digest SHA-256 448", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
            {"digest SHA-256 896", "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"},
            {"digest SHA-256 million", "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"},
            {"digest SHA-384 abc", "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7"},
            {"digest SHA-384 empty", "38b060a751ac96384cd9327eb1b1e36a21fdb71114be07434c0cc7bf63f6e1da274edebfe76f65fbd51ad2f14898b95b"},
            {"digest SHA-384 448", "3391fdddfc8dc7393707a65b1b4709397cf8b1d162af05abfe8f450de5f36bc6b0455a8520bc4e6f5fe95b1fe3c8452b"},
            {"digest SHA-384 896", "09330c33f71147e83d192fc782cd1b4753111b173b3b05d22fa08086e3b0f712fcc7c71a557e2db966c3e9fa91746039"},
            {"digest SHA-512 abc", "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"},
            {"digest SHA-512 empty", "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e"},
            {"digest SHA-512 448", "204a8fc6dda82f0a0ced7beb8e08a41657c16ef468b228a8279be331a703c33596fd15c13b1b07f9aa1d3bea57789ca031ad85c7a71dd70354ec631238ca3445"},
            {"digest SHA-512 896", "8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909"},
            // the view's window, "abc", as WebCrypto says (k6 v1.3.0 hashes the whole buffer here)
            {"digest view", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
            // RFC 4231, test cases 1-7 (case 5 specifies only the first 128 bits, checked below)
            {"hmac SHA-256 1", "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"},
            {"hmac SHA-256 2", "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"},
            {"hmac SHA-256 3", "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"},
            {"hmac SHA-256 4", "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"},
            {"hmac SHA-256 6", "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"},
            {"hmac SHA-256 7", "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"},
            {"hmac SHA-384 1", "afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59cfaea9ea9076ede7f4af152e8b2fa9cb6"},
            {"hmac SHA-384 2", "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e8e2240ca5e69e2c78b3239ecfab21649"},
            {"hmac SHA-384 3", "88062608d3e6ad8a0aa2ace014c8a86f0aa635d947ac9febe83ef4e55966144b2a5ab39dc13814b94e3ab6e101a34f27"},
            {"hmac SHA-384 4", "3e8a69b7783c25851933ab6290af6ca77a9981480850009cc5577c6e1f573b4e6801dd23c4a7d679ccf8a386c674cffb"},
            {"hmac SHA-384 6", "4ece084485813e9088d2c63a041bc5b44f9ef1012a2b588f3cd11f05033ac4c60c2ef6ab4030fe8296248df163f44952"},
            {"hmac SHA-384 7", "6617178e941f020d351e2f254e8fd32c602420feb0b8fb9adccebb82461e99c5a678cc31e799176d3860e6110c46523e"},
            {"hmac SHA-512 1", "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cdedaa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854"},
            {"hmac SHA-512 2", "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737"},
            {"hmac SHA-512 3", "fa73b0089d56a284efb0f0756c890be9b1b5dbdd8ee81a3655f83e33b2279d39bf3e848279a722c806b485a47e67c807b946a337bee8942674278859e13292fb"},
            {"hmac SHA-512 4", "b0ba465637458c6990e5a8c5f61d4af7e576d97ff94b872de76f8050361ee3dba91ca5c11aa25eb4d679275cc5788063a5f19741120c4f2de2adebeb10a298dd"},
            {"hmac SHA-512 6", "80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f3526b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598"},
            {"hmac SHA-512 7", "e37b6a775dc87dbaa4dfa9f96e5e3ffddebd71f8867289865df5a32d20cdc944b6022cac3c4982b10d5eeb55c3e4de15134676fb6de0446065c97440fa8c6a58"},
            // RFC 4231 case 2 again, its key given as a JWK
            {"import jwk", "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"},
            {"verify", "true,false,false"},
            // k6 v1.3.0's CryptoKey, as JSON.stringify prints it
            {"key json", R"({"type":"secret","extractable":true,"algorithm":{"key_algorithm":{"algorithm":{"name":"HMAC"},)"
                         R"("name":"HMAC"},"algorithm":{"name":"HMAC"},"name":"HMAC","hash":{"algorithm":{"name":"SHA-256"},)"
                         R"("name":"SHA-256"},"length":24},"usages":["sign","verify"]})"},
            {"export raw", "fffe"},
            {"export jwk", "oct,HS1,__4,true,sign"},
            {"generate", "1024 128 secret sign,verify"},
            {"generate length", "16"},
            // k6 v1.3.0's rejections: String(e) | e.name | e.message
            {"error not extractable", "InvalidAccessError: the key is not extractable | InvalidAccessError | the key is not extractable"},
            {"error verify usage", "InvalidAccessError: key does not contain the 'verify' usage | InvalidAccessError | key does not contain the 'verify' usage"},
            {"error sign string", "OperationError: data is neither an ArrayBuffer, nor a TypedArray nor DataView | OperationError | data is neither an ArrayBuffer, nor a TypedArray nor DataView"},
            {"error sign alg", "InvalidAccessError: algorithm name does not match key algorithm name | InvalidAccessError | algorithm name does not match key algorithm name"},
            {"error sign not a key", "TypeError: field algorithm is null or undefined | TypeError | field algorithm is null or undefined"},
            {"error digest md5", R"(NotSupportedError: algorithm "MD5" doesn't support (in implementation) operation "digest" | NotSupportedError | algorithm "MD5" doesn't support (in implementation) operation "digest")"},
            {"error usage", "SyntaxError: invalid key usage: encrypt | SyntaxError | invalid key usage: encrypt"},
            {"error no hash", "SyntaxError: could not get hash from algorithm parameter | SyntaxError | could not get hash from algorithm parameter"},
            {"error bad hash", R"(NotSupportedError: algorithm "MD5" doesn't support (in implementation) operation "generateKey" | NotSupportedError | algorithm "MD5" doesn't support (in implementation) operation "generateKey")"},
            {"error empty key", "DataError: key length cannot be 0 | DataError | key length cannot be 0"},
            {"error no usages", "SyntaxError: usages cannot not be empty for a secret or private CryptoKey | SyntaxError | usages cannot not be empty for a secret or private CryptoKey"},
            {"error format", "NotSupportedError: unsupported key format pkcs8 | NotSupportedError | unsupported key format pkcs8"},
            {"error jwk kty", "DataError: invalid symmetric JWK: invalid key type: RSA | DataError | invalid symmetric JWK: invalid key type: RSA"},
            {"error jwk k", "DataError: invalid symmetric JWK: key (k) is required | DataError | invalid symmetric JWK: key (k) is required"},
            {"random same array", "true"},
            {"random not all zero", "true"},
            {"random 16 bit", "40000"},
            {"random max", "65536"},
            {"random window", "true"},
            {"random too big", "QuotaExceededError: typedArray parameter is too big; maximum length is 65536"},
            {"random float", "TypeMismatchError: typedArray parameter isn't a TypedArray instance"},
            {"random plain array", "TypeMismatchError: typedArray parameter isn't a TypedArray instance"},
            {"uuid v4", "true"},
            {"uuid distinct", "100"},
            {"crypto keys", "getRandomValues,randomUUID,subtle,CryptoKey"},
            {"subtle keys", "decrypt,deriveBits,deriveKey,digest,encrypt,exportKey,generateKey,importKey,sign,unwrapKey,verify,wrapKey"},
            {"digest is a promise", "[object Promise]"},
            {"initType", "function"},
        };
        for (const auto &r : rows)
            QTest::newRow(r.first) << QString::fromLatin1(r.first) << QString::fromUtf8(r.second);
    }
    void matches()
    {
        QFETCH(QString, key);
        QFETCH(QString, expected);
        QVERIFY2(m_out.contains(key), qPrintable(key));
        QCOMPARE(m_out.value(key).toVariant().toString(), expected);
    }

    // RFC 4231 test case 5 gives only the leftmost 128 bits of each output
    void truncatedCase()
    {
        QVERIFY(m_out.value("hmac SHA-256 5").toString().startsWith(QLatin1String("a3b6167473100ee06e0c796c2955552b")));
        QVERIFY(m_out.value("hmac SHA-384 5").toString().startsWith(QLatin1String("3abf34c3503b2a23a46efc619baef897")));
        QVERIFY(m_out.value("hmac SHA-512 5").toString().startsWith(QLatin1String("415fad6271580a531d4179bc891d87a6")));
    }

    // k6 v1.3 refuses the old module name with its own message (exit code 107)
    void experimentalImportRefused()
    {
        QTemporaryDir dir;
        QFile f(dir.filePath(QStringLiteral("old.js")));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("import { crypto } from 'k6/experimental/webcrypto';\nexport default function () {}\n");
        f.close();
        auto e = ScriptEnv::load(f.fileName());
        QVERIFY(!e->loaded.ok);
        QCOMPARE(e->loaded.exitCode, 107);
        QCOMPARE(e->loaded.error, QStringLiteral("k6/experimental/webcrypto has been graduated and it's now globally "
                                                 "available as defined by standard WebAPIs. You just need to remove the import."));
    }

    // The module loads on first use only; a script may replace the global.
    void lazyAndAssignable()
    {
        QTemporaryDir dir;
        QFile f(dir.filePath(QStringLiteral("assign.js")));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("globalThis.crypto = { mine: true };\n"
                "export default function () { return { mine: crypto.mine === true }; }\n");
        f.close();
        auto e = ScriptEnv::load(f.fileName());
        QCOMPARE(e->runDefault().value("mine").toBool(), true);
    }
};

QTEST_GUILESS_MAIN(TstK6WebCrypto)
#include "tst_k6webcrypto.moc"
