#include "demo/demologinform.h"

#include <QMessageAuthenticationCode>
#include <QRandomGenerator>

namespace throttle {

namespace {

const QByteArray &key()
{
    static const QByteArray k = [] {
        QByteArray b(32, Qt::Uninitialized);
        QRandomGenerator::system()->generate(reinterpret_cast<quint32 *>(b.data()),
                                             reinterpret_cast<quint32 *>(b.data() + b.size()));
        return b;
    }();
    return k;
}

QByteArray mac(const QByteArray &nonce)
{
    return QMessageAuthenticationCode::hash(nonce, key(), QCryptographicHash::Sha256).toHex().left(32);
}

} // namespace

QByteArray DemoLoginForm::newToken()
{
    const QByteArray nonce = QByteArray::number(QRandomGenerator::global()->generate64(), 16);
    return nonce + '.' + mac(nonce);
}

bool DemoLoginForm::tokenValid(const QByteArray &token)
{
    const qsizetype dot = token.indexOf('.');
    return dot > 0 && token.mid(dot + 1) == mac(token.left(dot));
}

QByteArray DemoLoginForm::page()
{
    return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Sign in - Throttle demo target"
           "</title></head>\n<body>\n<h1>Sign in</h1>\n"
           "<form id=\"login\" action=\"/login\" method=\"post\">\n"
           "  <input type=\"hidden\" name=\"csrf\" value=\"" + newToken() + "\">\n"
           "  <label>User <input name=\"user\" autocomplete=\"username\"></label>\n"
           "  <label>Password <input type=\"password\" name=\"password\"></label>\n"
           "  <button type=\"submit\">Sign in</button>\n"
           "</form>\n</body></html>\n";
}

} // namespace throttle
