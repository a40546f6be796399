import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Throttle.Backend

// Failed requests and iteration errors grouped by error (error_code, status, message), most
// frequent first, with first and last seen and one example.
ListView {
    id: root
    required property FailuresModel failuresModel

    objectName: "failuresList"
    clip: true
    model: root.failuresModel
    boundsBehavior: Flickable.StopAtBounds
    ScrollBar.vertical: ScrollBar {}

    delegate: Rectangle {
        id: row
        required property int index
        required property string kind
        required property string title
        required property int count
        required property string firstSeen
        required property string lastSeen
        required property string example
        width: ListView.view.width
        height: column.implicitHeight + 8
        color: index % 2 ? "#f6f8fa" : "transparent"
        RowLayout {
            anchors.fill: parent
            anchors.leftMargin: 6
            anchors.rightMargin: 6
            spacing: 10
            Label {
                Layout.preferredWidth: 64
                horizontalAlignment: Text.AlignRight
                text: row.count
                font.bold: true
                font.family: "monospace"
                color: "#b3261e"
            }
            ColumnLayout {
                id: column
                Layout.fillWidth: true
                spacing: 0
                Label {
                    Layout.fillWidth: true
                    text: row.title
                    font.bold: true
                    elide: Text.ElideRight
                }
                Label {
                    Layout.fillWidth: true
                    text: qsTr("first %1 · last %2 · e.g. %3").arg(row.firstSeen).arg(row.lastSeen).arg(row.example)
                    color: "#57606a"
                    font.pixelSize: 11
                    elide: Text.ElideMiddle
                }
            }
            StatusPill {
                text: row.kind
                tone: row.kind === "iteration" ? "#8250df" : "#cf222e"
            }
        }
    }
    Label {
        objectName: "failuresNote"
        anchors.centerIn: parent
        width: Math.min(parent.width - 40, 640)
        horizontalAlignment: Text.AlignHCenter
        wrapMode: Text.Wrap
        visible: root.count === 0
        text: root.failuresModel.note !== "" ? root.failuresModel.note
                                              : qsTr("No failed requests and no iteration errors.")
        color: "#57606a"
    }
}
