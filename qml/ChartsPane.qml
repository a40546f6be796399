import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Throttle.Backend

// The live charts over one shared window of the run: active VUs; requests and iterations per
// second; response time p50/p90/p95/p99; failed requests; data received and sent. The x axis is
// wall-clock time since the start, with paused stretches shaded. Pick the last minute, the last
// five minutes or the whole run; drag across any chart to zoom all of them.
ColumnLayout {
    id: root
    required property TimeSeriesModel series
    readonly property alias window: chartWindow
    spacing: 4

    ChartWindow {
        id: chartWindow
        series: root.series
        span: 300
    }

    RowLayout {
        Layout.fillWidth: true
        Layout.leftMargin: 4
        spacing: 4
        Label {
            text: qsTr("Window")
            color: "#57606a"
        }
        ButtonGroup { id: spans }
        Repeater {
            model: [{label: qsTr("1 min"), span: 60}, {label: qsTr("5 min"), span: 300}, {label: qsTr("Whole run"), span: 0}]
            Button {
                required property var modelData
                objectName: "span" + modelData.span
                text: modelData.label
                checkable: true
                flat: true
                checked: !chartWindow.zoomed && chartWindow.span === modelData.span
                ButtonGroup.group: spans
                onClicked: chartWindow.span = modelData.span
            }
        }
        Button {
            objectName: "resetZoomButton"
            visible: chartWindow.zoomed
            text: qsTr("Reset zoom")
            onClicked: chartWindow.resetZoom()
        }
        Label {
            Layout.fillWidth: true
            horizontalAlignment: Text.AlignRight
            rightPadding: 4
            text: qsTr("time since start (wall clock; pauses shaded) · drag to zoom · double-click to reset")
            color: "#57606a"
            font.pixelSize: 10
            elide: Text.ElideLeft
        }
    }

    GridLayout {
        id: grid
        Layout.fillWidth: true
        Layout.fillHeight: true
        columns: root.width >= 1100 ? 3 : 2
        rowSpacing: 4
        columnSpacing: 4

        LiveChart {
            objectName: "vusChart"
            Layout.fillWidth: true
            Layout.fillHeight: true
            window: chartWindow
            title: qsTr("Active VUs")
            columns: [TimeSeriesModel.Vus]
            names: [qsTr("VUs")]
            colors: ["#0969da"]
            yFloor: 5
        }
        LiveChart {
            objectName: "rpsChart"
            Layout.fillWidth: true
            Layout.fillHeight: true
            window: chartWindow
            title: qsTr("Throughput")
            columns: [TimeSeriesModel.RequestsPerSec, TimeSeriesModel.IterationsPerSec]
            names: [qsTr("requests/s"), qsTr("iterations/s")]
            colors: ["#1a7f37", "#8250df"]
            unit: "/s"
            yFloor: 10
        }
        LiveChart {
            objectName: "latencyChart"
            Layout.fillWidth: true
            Layout.fillHeight: true
            window: chartWindow
            title: qsTr("Response time")
            columns: root.series.cumulativePercentiles
                     ? [TimeSeriesModel.P50, TimeSeriesModel.P90, TimeSeriesModel.P95]
                     : [TimeSeriesModel.P50, TimeSeriesModel.P90, TimeSeriesModel.P95, TimeSeriesModel.P99]
            names: root.series.cumulativePercentiles ? ["p50", "p90", "p95"] : ["p50", "p90", "p95", "p99"]
            colors: ["#0969da", "#1a7f37", "#bf8700", "#cf222e"]
            unit: "ms"
            note: root.series.cumulativePercentiles
                  ? qsTr("whole-run values: the k6 REST API has no per-second percentiles") : ""
        }
        LiveChart {
            objectName: "failureChart"
            Layout.fillWidth: true
            Layout.fillHeight: true
            window: chartWindow
            title: qsTr("Failed requests")
            columns: [TimeSeriesModel.FailureRate]
            names: [qsTr("failed")]
            colors: ["#cf222e"]
            unit: "%"
            yFloor: 5
            yCap: 100
        }
        LiveChart {
            objectName: "dataChart"
            Layout.fillWidth: true
            Layout.fillHeight: true
            Layout.columnSpan: grid.columns === 2 ? 2 : 1
            window: chartWindow
            title: qsTr("Data")
            columns: [TimeSeriesModel.ReceivedPerSec, TimeSeriesModel.SentPerSec]
            names: [qsTr("received"), qsTr("sent")]
            colors: ["#0969da", "#bf8700"]
            unit: "B/s"
            yFloor: 1000
        }
    }
}
