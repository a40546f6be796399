import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Throttle.Backend

// The script's console output and the engine's log, newest at the bottom (follows the end
// unless scrolled up).
ListView {
    id: root
    required property ConsoleModel consoleModel

    objectName: "consoleView"
    clip: true
    model: root.consoleModel
    ScrollBar.vertical: ScrollBar {}

    property bool following: true
    onMovementEnded: root.following = root.atYEnd
    onCountChanged: if (root.following) Qt.callLater(root.positionViewAtEnd)

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
        visible: root.count === 0
        text: qsTr("Console output appears here.")
        color: "#57606a"
    }
}
