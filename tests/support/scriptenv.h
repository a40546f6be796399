#pragma once
// ScriptEnv: a fixture script loaded as a run loads it (transpiled into a temporary cache), with
// its own metrics engine and log, for the suites that run JavaScript in a real VU runtime.

#include "core/metrics/metricsengine.h"
#include "core/script/scriptloader.h"
#include "core/script/vuruntime.h"
#include "support/testlog.h"

#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QTemporaryDir>
#include <functional>
#include <memory>

namespace throttle {

struct ScriptEnv {
    MetricsEngine metrics;
    TestLog log;
    ScriptContext ctx;
    QTemporaryDir cache;
    LoadResult loaded;

    // tests/fixtures/scripts/<script> (or an absolute path), with __ENV = env; configure may set
    // more of the context before the script loads.
    static std::unique_ptr<ScriptEnv> load(const QString &script, const QMap<QString, QString> &env = {},
                                           const std::function<void(ScriptContext &)> &configure = {})
    {
        auto e = std::make_unique<ScriptEnv>();
        e->ctx.entryPath = QDir::isAbsolutePath(script) ? script : fixture(script);
        e->ctx.metrics = &e->metrics;
        e->ctx.log = &e->log;
        e->ctx.env = env;
        if (configure)
            configure(e->ctx);
        e->loaded = ScriptLoader::load(e->ctx, e->cache.path());
        return e;
    }

    // Inits one pseudo VU, calls the default function once, collects the metrics and returns the
    // object the function returned. Failures are printed (the caller's comparisons then fail).
    QJsonObject runDefault()
    {
        if (!loaded.ok)
            qWarning("%s", qPrintable(loaded.error));
        VuRuntime rt(ctx, 1, RuntimeKind::Pseudo);
        QString error;
        if (!rt.init(&error))
            qWarning("%s", qPrintable(error));
        const CallResult r = rt.callExport(QStringLiteral("default"), QByteArray(), QString());
        if (!r.ok)
            qWarning("%s", qPrintable(r.error));
        metrics.collect();
        return QJsonDocument::fromJson(r.json).object();
    }
};

} // namespace throttle
