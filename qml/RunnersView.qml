import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Throttle.Backend

// The runners of an attached fleet: one row each with its state, VUs and request rate. A runner
// that stops answering stays listed, marked, with the reason.
ListView {
    id: root
    required property RunnersModel runnersModel

    objectName: "runnersView"
    clip: true
    model: root.runnersModel
    ScrollBar.vertical: ScrollBar {}
    header: Label {
        width: ListView.view.width
        padding: 4
        text: qsTr("%1 runners, %2 answering").arg(root.runnersModel.count).arg(root.runnersModel.answering)
        font.bold: true
    }

    delegate: RowLayout {
        id: row
        required property string address
        required property string state
        required property int vus
        required property int vusMax
        required property string reqRate
        required property string error
        required property bool answering
        width: ListView.view.width
        spacing: 12
        Label {
            Layout.leftMargin: 6
            text: row.answering ? "●" : "✗"
            color: !row.answering ? "#cf222e" : row.state === "paused" ? "#9a6700" : "#1a7f37"
        }
        Label {
            Layout.preferredWidth: 170
            text: row.address
            font.family: "monospace"
            elide: Text.ElideRight
        }
        Label {
            Layout.preferredWidth: 100
            text: row.state
            color: row.answering ? palette.text : "#cf222e"
        }
        Label {
            Layout.preferredWidth: 110
            text: qsTr("%1 / %2 VUs").arg(row.vus).arg(row.vusMax)
            font.family: "monospace"
        }
        Label {
            Layout.preferredWidth: 90
            text: qsTr("%1 req/s").arg(row.reqRate)
            ToolTip.visible: rateHover.hovered
            ToolTip.text: qsTr("its http_reqs over its run time so far")
            HoverHandler { id: rateHover }
            font.family: "monospace"
        }
        Label {
            Layout.fillWidth: true
            Layout.rightMargin: 8
            text: row.error
            color: "#cf222e"
            elide: Text.ElideRight
        }
    }
}
