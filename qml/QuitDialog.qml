import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// Asked when the window is closed (Ctrl+Q, the close button) while a local run is going: quitting
// stops it. Drawn inside the window (a Controls Dialog), so it shows under any window manager.
Dialog {
    id: root
    required property string scriptName
    required property int vus
    required property string elapsedText
    signal stopAndQuit()

    title: qsTr("A test is running")
    modal: true
    focus: true
    closePolicy: Popup.CloseOnEscape
    width: 440   // fixed: a DialogButtonBox footer sizing the dialog loops in Qt 6.4

    Label {
        objectName: "quitText"
        width: root.availableWidth
        wrapMode: Text.Wrap
        text: qsTr("%1 is running with %2 VUs (%3). Quitting stops the run; its results are not kept.")
              .arg(root.scriptName).arg(root.vus).arg(root.elapsedText)
    }

    footer: DialogButtonBox {
        Button {
            objectName: "quitStopButton"
            text: qsTr("Stop and quit")
            DialogButtonBox.buttonRole: DialogButtonBox.DestructiveRole
            onClicked: {
                root.close()
                root.stopAndQuit()
            }
        }
        Button {
            objectName: "quitCancelButton"
            text: qsTr("Keep running")
            DialogButtonBox.buttonRole: DialogButtonBox.RejectRole
            onClicked: root.close()
        }
    }
}
