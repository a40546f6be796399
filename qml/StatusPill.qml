import QtQuick
import QtQuick.Controls

// A small coloured label for a run state or a pass/fail verdict.
Rectangle {
    id: root
    required property string text
    property color tone: "#6b7280"

    implicitWidth: label.implicitWidth + 16
    implicitHeight: label.implicitHeight + 6
    radius: height / 2
    color: Qt.lighter(root.tone, 1.9)
    border.color: root.tone

    Label {
        id: label
        anchors.centerIn: parent
        text: root.text
        color: Qt.darker(root.tone, 1.4)
        font.bold: true
    }
}
