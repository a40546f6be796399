import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Throttle.Backend

// The script's console output and the engine's log, newest at the bottom: filter by level and
// text; "Follow" keeps the newest line in view (scrolling up pauses it, back to the end resumes).
ColumnLayout {
    id: root
    required property ConsoleModel consoleModel
    property alias following: followButton.checked
    readonly property alias filter: filter
    spacing: 0

    ConsoleFilter {
        id: filter
        source: root.consoleModel
        minLevel: levelBox.currentIndex
        text: textField.text
    }

    RowLayout {
        Layout.fillWidth: true
        Layout.margins: 4
        spacing: 6
        ComboBox {
            id: levelBox
            objectName: "consoleLevel"
            Layout.preferredWidth: 130
            model: [qsTr("All levels"), qsTr("Info and up"), qsTr("Warnings and up"), qsTr("Errors only")]
        }
        TextField {
            id: textField
            objectName: "consoleFilterText"
            Layout.fillWidth: true
            placeholderText: qsTr("Filter lines (text in message or fields)")
            selectByMouse: true
        }
        Label {
            objectName: "consoleShown"
            text: qsTr("%1 of %2").arg(filter.count).arg(root.consoleModel.count)
            color: "#57606a"
        }
        Button {
            id: followButton
            objectName: "consoleFollow"
            text: qsTr("Follow")
            checkable: true
            checked: true
            onCheckedChanged: if (checked) list.positionViewAtEnd()
            ToolTip.visible: hovered
            ToolTip.text: qsTr("Keep the newest line in view; scrolling up pauses it")
        }
    }

    ListView {
        id: list
        objectName: "consoleView"
        Layout.fillWidth: true
        Layout.fillHeight: true
        clip: true
        model: filter
        ScrollBar.vertical: ScrollBar {}

        onMovementEnded: followButton.checked = list.atYEnd
        onCountChanged: if (followButton.checked) Qt.callLater(list.positionViewAtEnd)

        delegate: Label {
            id: line
            required property int index
            required property string time
            required property string levelName
            required property int level
            required property string message
            required property string fields
            width: ListView.view.width
            leftPadding: 6
            rightPadding: 6
            text: line.time + "  " + line.levelName.toUpperCase().padEnd(5) + " " + line.message
                  + (line.fields.length > 0 ? "  " + line.fields : "")
            font.family: "monospace"
            font.pixelSize: 12
            color: line.level >= 3 ? "#b3261e" : line.level === 2 ? "#8a5300" : "#24292f"
            wrapMode: Text.WrapAnywhere
            textFormat: Text.PlainText
        }
        Label {
            anchors.centerIn: parent
            visible: list.count === 0
            text: root.consoleModel.count === 0 ? qsTr("Console output appears here.") : qsTr("No line matches the filter.")
            color: "#57606a"
        }
    }
}
