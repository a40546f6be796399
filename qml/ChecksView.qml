import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Throttle.Backend

// Groups and checks with pass/fail counts.
ListView {
    id: root
    required property ChecksModel checksModel

    objectName: "checksView"
    clip: true
    model: root.checksModel
    ScrollBar.vertical: ScrollBar {}
    header: Label {
        width: ListView.view.width
        padding: 4
        text: qsTr("checks: %1 passed, %2 failed").arg(root.checksModel.totalPasses).arg(root.checksModel.totalFails)
        font.bold: true
    }

    delegate: RowLayout {
        id: row
        required property string name
        required property int depth
        required property bool isGroup
        required property int passes
        required property int fails
        width: ListView.view.width
        spacing: 6
        Label {
            Layout.leftMargin: 6 + row.depth * 18
            text: row.isGroup ? "█" : (row.fails === 0 ? "✓" : "✗")
            color: row.isGroup ? "#57606a" : (row.fails === 0 ? "#1a7f37" : "#cf222e")
        }
        Label {
            Layout.fillWidth: true
            text: row.name
            font.bold: row.isGroup
            elide: Text.ElideRight
        }
        Label {
            Layout.rightMargin: 8
            text: "✓ " + row.passes + "   ✗ " + row.fails
            color: row.fails > 0 ? "#cf222e" : "#1a7f37"
            font.family: "monospace"
        }
    }
    Label {
        anchors.centerIn: parent
        visible: root.count === 0
        text: qsTr("No checks or groups yet.")
        color: "#57606a"
    }
}
