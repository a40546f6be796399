import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// The last error (script load, control call, run end) with a close button. It floats over the
// window's lower edge instead of sitting in a layout, so it never moves a control (a banner above
// the control bar once pushed Stop under a pointer mid-drag); RunController clears it when the
// condition is gone. A multi-line detail (a syntax error's code frame) is set in a monospace font
// so the caret stands under the column it points at.
Rectangle {
    id: root
    required property string title
    required property string detail
    signal dismissed()

    readonly property bool codeFrame: root.detail.indexOf("\n") >= 0
    visible: root.title.length > 0 || root.detail.length > 0
    implicitHeight: column.implicitHeight + 12
    color: "#fdecea"
    border.color: "#e0685c"
    radius: 4

    RowLayout {
        anchors.fill: parent
        anchors.margins: 6
        spacing: 8
        Label {
            Layout.alignment: Qt.AlignTop
            text: "⚠"
            color: "#b3261e"
            font.pixelSize: 18
        }
        ColumnLayout {
            id: column
            Layout.fillWidth: true
            spacing: 2
            Label {
                objectName: "errorLabel"
                Layout.fillWidth: true
                text: root.codeFrame ? root.title : (root.title.length > 0 ? root.title + ": " + root.detail : root.detail)
                color: "#7a1a12"
                font.bold: root.codeFrame
                wrapMode: Text.Wrap
                textFormat: Text.PlainText
            }
            ScrollView {
                Layout.fillWidth: true
                Layout.preferredHeight: Math.min(frameLabel.implicitHeight, 180)
                visible: root.codeFrame
                clip: true
                Label {
                    id: frameLabel
                    objectName: "errorDetailLabel"
                    text: root.detail
                    color: "#7a1a12"
                    font.family: "monospace"
                    textFormat: Text.PlainText
                }
            }
        }
        ToolButton {
            objectName: "dismissErrorButton"
            Layout.alignment: Qt.AlignTop
            text: "✕"
            onClicked: root.dismissed()
        }
    }
}
