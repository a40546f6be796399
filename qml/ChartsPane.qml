import QtQuick
import QtQuick.Layouts
import Throttle.Backend

// The four live charts: active VUs, requests/s, http_req_duration p50/p95/p99, failure rate.
GridLayout {
    id: root
    required property TimeSeriesModel series

    columns: 2
    rowSpacing: 4
    columnSpacing: 4

    LiveChart {
        objectName: "vusChart"
        Layout.fillWidth: true
        Layout.fillHeight: true
        title: qsTr("Active VUs")
        timeSeries: root.series
        columns: [TimeSeriesModel.Vus]
        names: [qsTr("VUs")]
        colors: ["#0969da"]
        yMax: root.series.vusMax
    }
    LiveChart {
        objectName: "rpsChart"
        Layout.fillWidth: true
        Layout.fillHeight: true
        title: qsTr("Requests per second")
        timeSeries: root.series
        columns: [TimeSeriesModel.RequestsPerSec]
        names: [qsTr("req/s")]
        colors: ["#1a7f37"]
        yMax: root.series.rpsMax
    }
    LiveChart {
        objectName: "latencyChart"
        Layout.fillWidth: true
        Layout.fillHeight: true
        title: qsTr("Response time (http_req_duration, ms)")
        timeSeries: root.series
        columns: [TimeSeriesModel.P50, TimeSeriesModel.P95, TimeSeriesModel.P99]
        names: ["p50", "p95", "p99"]
        colors: ["#0969da", "#b26b00", "#cf222e"]
        yMax: root.series.latencyMax
        yLabelFormat: "%.1f"
    }
    LiveChart {
        objectName: "failureChart"
        Layout.fillWidth: true
        Layout.fillHeight: true
        title: qsTr("Failed requests (%)")
        timeSeries: root.series
        columns: [TimeSeriesModel.FailureRate]
        names: [qsTr("failed %")]
        colors: ["#cf222e"]
        yMax: root.series.failureMax
        yLabelFormat: "%.1f"
    }
}
