#include "ui/scripthighlighter.h"

#include "ui/jshighlighter.h"

#include <QTextDocument>

namespace throttle {

void ScriptHighlighter::setDocument(QQuickTextDocument *document)
{
    if (m_document == document)
        return;
    delete m_highlighter.data();
    m_document = document;
    if (document && document->textDocument()) {
        m_highlighter = new JsHighlighter(document->textDocument());   // owned by the document
        m_highlighter->setTypeScript(m_typeScript);
    }
    emit documentChanged();
}

void ScriptHighlighter::setTypeScript(bool on)
{
    if (on == m_typeScript)
        return;
    m_typeScript = on;
    if (m_highlighter)
        m_highlighter->setTypeScript(on);
    emit typeScriptChanged();
}

} // namespace throttle
