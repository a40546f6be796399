#pragma once
// ErrorReport: the one error the window shows, with the kind of operation that caused it, so a
// later success of the same kind clears it (a refused scale is forgotten once a scale succeeds, an
// API bind error once the server listens) instead of standing until dismissed. GUI thread only.
//
// | source  | set by                                  | cleared by                          |
// |---------|-----------------------------------------|-------------------------------------|
// | Script  | a file that cannot be read or prepared  | a script prepared, another open     |
// | Control | a refused pause/resume/scale/rate/stop  | the next control call that succeeds |
// | Api     | the REST API cannot listen              | the server listening, or turned off |
// | Attach  | attach refused (bad address, busy)      | an attached run answering           |
// | Run     | a run that ended with a failing code    | the next start                      |
// Any error: dismissed by the person (clearAll), or replaced by a newer one.

#include <QString>

namespace throttle {

class ErrorReport
{
public:
    enum class Source { None, Script, Control, Api, Attach, Run };

    // Each returns true when what the window shows changed.
    bool set(Source source, const QString &title, const QString &detail);
    bool clear(Source source);   // only an error of that source
    bool clearAll();

    QString title() const { return m_title; }
    QString detail() const { return m_detail; }
    Source source() const { return m_source; }
    bool isEmpty() const { return m_source == Source::None; }

private:
    Source m_source = Source::None;
    QString m_title;
    QString m_detail;
};

} // namespace throttle
