import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Throttle.Backend

// Every threshold expression and its state (pending until the first evaluation, every 2 s).
ListView {
    id: root
    required property ThresholdsModel thresholdsModel

    objectName: "thresholdsView"
    clip: true
    model: root.thresholdsModel
    ScrollBar.vertical: ScrollBar {}

    header: Label {
        width: ListView.view.width
        visible: root.thresholdsModel.attachedRows
        height: visible ? implicitHeight : 0
        padding: 6
        wrapMode: Text.Wrap
        color: "#57606a"
        text: qsTr("Attached to a k6 REST API: it reports only whether a metric's thresholds pass, not the "
                   + "expressions; each row shows the metric's current value.")
    }

    delegate: RowLayout {
        id: row
        required property string metric
        required property string expression
        required property string state
        required property bool abortOnFail
        required property string observed
        width: ListView.view.width
        spacing: 8
        StatusPill {
            Layout.leftMargin: 6
            Layout.preferredWidth: 70
            text: row.state
            tone: row.state === "pass" ? "#1a7f37" : row.state === "fail" ? "#cf222e" : "#6b7280"
        }
        Label {
            Layout.preferredWidth: Math.min(implicitWidth, row.width * 0.5)
            text: row.metric + (row.expression !== "" ? ": " + row.expression : "")
                  + (row.abortOnFail ? qsTr("  (abortOnFail)") : "")
            font.family: "monospace"
            elide: Text.ElideRight
        }
        Label {
            objectName: "observedLabel"
            Layout.fillWidth: true
            text: row.observed !== "" ? (row.expression !== "" ? qsTr("now ") : "") + row.observed : ""
            color: row.state === "fail" ? "#b3261e" : "#57606a"
            font.family: "monospace"
            elide: Text.ElideRight
        }
    }
    Label {
        anchors.centerIn: parent
        visible: root.count === 0
        text: qsTr("The script defines no thresholds.")
        color: "#57606a"
    }
}
