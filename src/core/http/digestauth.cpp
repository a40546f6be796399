#include "core/http/digestauth.h"

#include <QCryptographicHash>
#include <QHash>
#include <QRandomGenerator>

namespace throttle {

namespace {

// `Digest realm="a, b", nonce=xyz, qop="auth,auth-int"` -> {realm: "a, b", nonce: xyz, ...}
QHash<QByteArray, QByteArray> parseChallenge(const QByteArray &header)
{
    QHash<QByteArray, QByteArray> out;
    qsizetype i = header.indexOf(' ');
    if (i < 0)
        return out;
    const qsizetype n = header.size();
    while (i < n) {
        while (i < n && (header.at(i) == ' ' || header.at(i) == ','))
            ++i;
        const qsizetype eq = header.indexOf('=', i);
        if (eq < 0)
            break;
        const QByteArray key = header.mid(i, eq - i).trimmed().toLower();
        i = eq + 1;
        QByteArray value;
        if (i < n && header.at(i) == '"') {
            ++i;
            while (i < n && header.at(i) != '"') {
                if (header.at(i) == '\\' && i + 1 < n)
                    ++i;
                value.append(header.at(i++));
            }
            ++i;
        } else {
            const qsizetype comma = header.indexOf(',', i);
            const qsizetype end = comma < 0 ? n : comma;
            value = header.mid(i, end - i).trimmed();
            i = end;
        }
        out.insert(key, value);
    }
    return out;
}

} // namespace

QByteArray DigestAuth::authorization(const QByteArray &challenge, const QByteArray &method, const QByteArray &uri,
                                     const QByteArray &user, const QByteArray &password, const QByteArray &cnonceIn)
{
    if (!challenge.trimmed().toLower().startsWith("digest"))
        return {};
    const QHash<QByteArray, QByteArray> c = parseChallenge(challenge.trimmed());
    const QByteArray realm = c.value("realm");
    const QByteArray nonce = c.value("nonce");
    if (nonce.isEmpty())
        return {};
    QByteArray algorithm = c.value("algorithm", "MD5");
    const QByteArray algo = algorithm.toUpper();
    QCryptographicHash::Algorithm h;
    if (algo == "MD5" || algo == "MD5-SESS")
        h = QCryptographicHash::Md5;
    else if (algo == "SHA-256" || algo == "SHA-256-SESS")
        h = QCryptographicHash::Sha256;
    else
        return {};
    const auto H = [h](const QByteArray &s) { return QCryptographicHash::hash(s, h).toHex(); };

    // qop "auth" when offered; a server that offers only auth-int gets none (k6's client does the same).
    const QList<QByteArray> qops = c.value("qop").split(',');
    bool auth = false;
    for (const QByteArray &q : qops)
        auth = auth || q.trimmed() == "auth";
    const QByteArray cnonce = cnonceIn.isEmpty()
        ? QByteArray::number(QRandomGenerator::global()->generate64(), 16).rightJustified(16, '0')
        : cnonceIn;
    const QByteArray nc = "00000001";
    QByteArray ha1 = H(user + ':' + realm + ':' + password);
    if (algo.endsWith("-SESS"))
        ha1 = H(ha1 + ':' + nonce + ':' + cnonce);
    const QByteArray ha2 = H(method + ':' + uri);
    const QByteArray response = auth ? H(ha1 + ':' + nonce + ':' + nc + ':' + cnonce + ":auth:" + ha2)
                                     : H(ha1 + ':' + nonce + ':' + ha2);
    QByteArray out = "Digest username=\"" + user + "\", realm=\"" + realm + "\", nonce=\"" + nonce + "\", uri=\"" +
                     uri + "\", algorithm=" + algorithm + ", response=\"" + response + '"';
    if (c.contains("opaque"))
        out += ", opaque=\"" + c.value("opaque") + '"';
    if (auth)
        out += ", qop=auth, nc=" + nc + ", cnonce=\"" + cnonce + '"';
    return out;
}

} // namespace throttle
