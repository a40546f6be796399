#pragma once
// ScriptHighlighter: QML-side handle that attaches a JsHighlighter to a TextArea's
// textDocument (`ScriptHighlighter { document: area.textDocument }`). GUI thread.

#include <QObject>
#include <QPointer>
#include <QQuickTextDocument>
#include <QtQml/qqmlregistration.h>

namespace throttle {

class JsHighlighter;

class ScriptHighlighter : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QQuickTextDocument *document READ document WRITE setDocument NOTIFY documentChanged)
    Q_PROPERTY(bool active READ active NOTIFY documentChanged)
public:
    using QObject::QObject;

    QQuickTextDocument *document() const { return m_document; }
    void setDocument(QQuickTextDocument *document);
    bool active() const { return !m_highlighter.isNull(); }

signals:
    void documentChanged();

private:
    QPointer<QQuickTextDocument> m_document;
    QPointer<JsHighlighter> m_highlighter;
};

} // namespace throttle
