import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// Help › About: the version (CMake's project version), the git commit it was built from (when
// built from a checkout), the Qt it runs on and the license. `info` comes from main.cpp
// (BuildInfo): {version, commit, qtVersion, license}.
Dialog {
    id: root
    required property var info

    title: qsTr("About Throttle")
    modal: true
    standardButtons: Dialog.Close
    anchors.centerIn: parent

    ColumnLayout {
        spacing: 6
        Label {
            objectName: "aboutVersion"
            text: qsTr("Throttle %1").arg(root.info.version || "")
            font.pixelSize: 20
            font.bold: true
        }
        Label {
            text: qsTr("k6-compatible load testing you can steer while it runs")
        }
        Label {
            objectName: "aboutCommit"
            visible: (root.info.commit || "").length > 0
            text: qsTr("Commit %1").arg(root.info.commit || "")
            textFormat: Text.PlainText
        }
        Label {
            objectName: "aboutQt"
            text: qsTr("Qt %1").arg(root.info.qtVersion || "")
        }
        Label {
            objectName: "aboutLicense"
            text: qsTr("License: %1").arg(root.info.license || "")
        }
    }
}
