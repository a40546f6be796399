#pragma once
// SteeringSource: who is steering the run on this thread right now — the desktop app's controls,
// a REST client, or the CLI's control commands (REST clients too, told apart by their
// User-Agent). The caller of RunControl opens a Scope around its call; LocalRun reads current()
// when it records the change (SteeringAction). Thread-local: a Scope covers exactly the calls
// made on its thread while it lives, so concurrent callers never see each other's source.

#include <QString>

namespace throttle {

class SteeringSource {
public:
    enum class Source { Other, Desktop, Rest, Cli };

    class Scope {
    public:
        explicit Scope(Source s);
        ~Scope();
        Scope(const Scope &) = delete;
        Scope &operator=(const Scope &) = delete;

    private:
        Source m_previous;
    };

    static Source current();
    static QString name(Source s);   // "other", "desktop", "rest", "cli"
    static Source fromName(const QString &name);
};

}   // namespace throttle
