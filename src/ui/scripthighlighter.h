#pragma once
// ScriptHighlighter: QML-side handle that attaches a JsHighlighter to a TextArea's
// textDocument (`ScriptHighlighter { document: area.textDocument; typeScript: … }`). GUI thread.

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
    Q_PROPERTY(bool typeScript READ typeScript WRITE setTypeScript NOTIFY typeScriptChanged)
public:
    using QObject::QObject;

    QQuickTextDocument *document() const { return m_document; }
    void setDocument(QQuickTextDocument *document);
    bool active() const { return !m_highlighter.isNull(); }
    bool typeScript() const { return m_typeScript; }
    void setTypeScript(bool on);

signals:
    void documentChanged();
    void typeScriptChanged();

private:
    QPointer<QQuickTextDocument> m_document;
    QPointer<JsHighlighter> m_highlighter;
    bool m_typeScript = false;
};

} // namespace throttle
