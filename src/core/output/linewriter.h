#pragma once
// LineWriter: appends one output line to a QByteArray through a raw pointer. Room for the whole
// line is made at once (QByteArray::resize grows without initialising in Qt 6) and the size is
// trimmed when the writer goes. QByteArray::append() per piece goes through QByteArray::insert,
// ~200 instructions a call: at 9 samples per request and two outputs that was most of the cost of
// writing a sample (bench/README.md, "Outputs cost").
//
// The caller promises maxBytes: the most the line can take. Use on one thread, one writer at a
// time per array.

#include <QByteArray>
#include <QtGlobal>

#include <cstring>

namespace throttle {

class LineWriter
{
public:
    LineWriter(QByteArray &out, qsizetype maxBytes)
        : m_out(out)
    {
        const qsizetype begin = out.size();
        out.resize(begin + maxBytes);
        m_p = out.data() + begin;
    }
    ~LineWriter() { m_out.resize(qsizetype(m_p - m_out.constData())); }
    LineWriter(const LineWriter &) = delete;
    LineWriter &operator=(const LineWriter &) = delete;

    void append(const char *s, qsizetype n)
    {
        std::memcpy(m_p, s, size_t(n));
        m_p += n;
    }
    void append(const QByteArray &b) { append(b.constData(), b.size()); }
    void append(char c) { *m_p++ = c; }
    template <size_t N>
    void literal(const char (&text)[N]) { append(text, qsizetype(N - 1)); }

    // Decimal digits of a non-negative value, zero-padded to at least minWidth.
    void digits(quint64 value, int minWidth = 1)
    {
        char buf[24];
        int n = 0;
        do {
            buf[n++] = char('0' + value % 10);
            value /= 10;
        } while (value > 0 || n < minWidth);
        while (n > 0)
            *m_p++ = buf[--n];
    }
    void integer(qint64 value)
    {
        if (value < 0) {
            *m_p++ = '-';
            digits(quint64(0) - quint64(value));
        } else {
            digits(quint64(value));
        }
    }

private:
    QByteArray &m_out;
    char *m_p = nullptr;
};

} // namespace throttle
