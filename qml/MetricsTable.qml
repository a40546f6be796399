import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Throttle.Backend

// The live metrics table, laid out like the end-of-test summary (✓/✗ for thresholds).
ListView {
    id: root
    required property MetricsTableModel metricsModel

    objectName: "metricsTable"
    clip: true
    model: root.metricsModel
    boundsBehavior: Flickable.StopAtBounds
    ScrollBar.vertical: ScrollBar {}

    delegate: Rectangle {
        id: row
        required property int index
        required property string displayName
        required property bool submetric
        required property string valueText
        required property string thresholdState
        width: ListView.view.width
        height: rowLayout.implicitHeight + 4
        color: index % 2 ? "#f6f8fa" : "transparent"
        RowLayout {
            id: rowLayout
            anchors.fill: parent
            anchors.leftMargin: 6
            anchors.rightMargin: 6
            spacing: 6
            Label {
                Layout.preferredWidth: 14
                text: row.thresholdState === "pass" ? "✓" : row.thresholdState === "fail" ? "✗" : ""
                color: row.thresholdState === "pass" ? "#1a7f37" : "#cf222e"
                font.bold: true
            }
            Label {
                Layout.preferredWidth: 280
                leftPadding: row.submetric ? 16 : 0
                text: row.displayName
                font.family: "monospace"
                elide: Text.ElideRight
            }
            Label {
                Layout.fillWidth: true
                text: row.valueText
                font.family: "monospace"
                color: "#0a3069"
                elide: Text.ElideRight
            }
        }
    }
    Label {
        anchors.centerIn: parent
        visible: root.count === 0
        text: qsTr("Metrics appear once the test runs.")
        color: "#57606a"
    }
}
