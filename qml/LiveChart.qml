import QtQuick
import QtCharts
import Throttle.Backend

// One live chart over the run's seconds: up to three lines, each a column of the series model.
ChartView {
    id: root
    required property TimeSeriesModel timeSeries
    required property list<int> columns
    required property list<string> names
    required property list<color> colors
    required property real yMax
    property string yLabelFormat: "%.0f"

    antialiasing: true
    legend.visible: root.columns.length > 1
    legend.alignment: Qt.AlignBottom
    legend.font.pixelSize: 10
    titleFont.pixelSize: 12
    titleFont.bold: true
    margins.top: 2
    margins.bottom: 2
    margins.left: 2
    margins.right: 2
    backgroundRoundness: 4

    ValueAxis {
        id: axisX
        min: root.timeSeries.timeMin
        max: root.timeSeries.timeMax
        labelFormat: "%.0fs"
        labelsFont.pixelSize: 9
        tickCount: 5
    }
    ValueAxis {
        id: axisY
        min: 0
        max: root.yMax
        labelFormat: root.yLabelFormat
        labelsFont.pixelSize: 9
        tickCount: 6   // the model's maxima are 1, 2 or 5 × 10^n: whole-number steps
    }

    LineSeries {
        id: line0
        name: root.names.length > 0 ? root.names[0] : ""
        axisX: axisX
        axisY: axisY
        color: root.colors.length > 0 ? root.colors[0] : "#0969da"
        width: 2
        visible: root.columns.length > 0
        VXYModelMapper {
            model: root.columns.length > 0 ? root.timeSeries : null
            series: line0
            xColumn: 0
            yColumn: root.columns.length > 0 ? root.columns[0] : 0
        }
    }
    LineSeries {
        id: line1
        name: root.names.length > 1 ? root.names[1] : ""
        axisX: axisX
        axisY: axisY
        color: root.colors.length > 1 ? root.colors[1] : "#b26b00"
        width: 2
        visible: root.columns.length > 1
        VXYModelMapper {
            model: root.columns.length > 1 ? root.timeSeries : null
            series: line1
            xColumn: 0
            yColumn: root.columns.length > 1 ? root.columns[1] : 0
        }
    }
    LineSeries {
        id: line2
        name: root.names.length > 2 ? root.names[2] : ""
        axisX: axisX
        axisY: axisY
        color: root.colors.length > 2 ? root.colors[2] : "#cf222e"
        width: 2
        visible: root.columns.length > 2
        VXYModelMapper {
            model: root.columns.length > 2 ? root.timeSeries : null
            series: line2
            xColumn: 0
            yColumn: root.columns.length > 2 ? root.columns[2] : 0
        }
    }
}
