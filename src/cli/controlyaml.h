#pragma once
// The YAML the control commands print (control-api.md §9.3), as k6's CLI prints it: the status
// block, Throttle's per-scenario lines, and the metrics list of `stats`. Stateless; any thread.

#include "api/statusdocument.h"

#include <QByteArray>
#include <QString>

namespace throttle {

QString formatYamlFloat(double value);   // Go's FormatFloat 'g' -1, .inf/.nan
QString yamlQuoted(const QString &s);    // "s", as Go's yaml quotes these strings
// k6's seven lines (status … tainted); indent prefixes each line.
QString statusYaml(const StatusAttributes &a, const QString &indent = {});
// The same with the paused value given as text (a fleet's "mixed").
QString statusYaml(const StatusAttributes &a, const QString &paused, const QString &indent);
// Throttle's per-scenario attributes, after k6's seven lines (`throttle status` only).
QString scenariosYaml(const QList<ScenarioStatus> &scenarios);
// A /v1/metrics body as `k6 stats` prints it ("[]" for none). False and *error for a body that is
// not such a document, or an invalid metric or value type (k6's "invalid metric type").
bool metricsYaml(const QByteArray &body, QString *yaml, QString *error);

} // namespace throttle
