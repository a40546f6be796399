#pragma once
// DemoLoginForm: the demo target's HTML sign-in page (GET /login) and its CSRF tokens. A token is
// a random nonce plus a MAC of it under a per-process key, so POST /login can check one without
// keeping state. Thread-safe: the key is made once, everything else is pure.

#include <QByteArray>

namespace throttle {

class DemoLoginForm {
public:
    static QByteArray page();                              // the form, with a fresh token
    static bool tokenValid(const QByteArray &token);
    static QByteArray newToken();
};

} // namespace throttle
