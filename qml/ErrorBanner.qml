import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// The last error (script load, control call, run end) with a close button.
Rectangle {
    id: root
    required property string title
    required property string detail
    signal dismissed()

    visible: root.title.length > 0 || root.detail.length > 0
    implicitHeight: visible ? row.implicitHeight + 12 : 0
    color: "#fdecea"
    border.color: "#e0685c"

    RowLayout {
        id: row
        anchors.fill: parent
        anchors.margins: 6
        spacing: 8
        Label {
            text: "⚠"
            color: "#b3261e"
            font.pixelSize: 18
        }
        Label {
            objectName: "errorLabel"
            Layout.fillWidth: true
            text: root.title.length > 0 ? root.title + ": " + root.detail : root.detail
            color: "#7a1a12"
            wrapMode: Text.Wrap
            textFormat: Text.PlainText
        }
        ToolButton {
            objectName: "dismissErrorButton"
            text: "✕"
            onClicked: root.dismissed()
        }
    }
}
