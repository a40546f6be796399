import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Throttle.Backend

// The script: its name, a reload button when it changed on disk, its scenarios (executor, VUs,
// max VUs, duration) and its source (the first lines of a big bundle) with JavaScript or TypeScript
// highlighting. Recent files when empty.
Pane {
    id: root
    required property ScriptDocument document
    required property ScenariosModel scenarios
    required property RecentFilesModel recentFiles
    // "host:port" while the window is attached to a run in another process, else "".
    property string attachedTo: ""
    property string launchSummary: ""   // the run settings in effect, as throttle run's flags
    readonly property bool showsScript: root.document.isLoaded && root.attachedTo === ""
    signal openRequested()
    signal reloadRequested()
    signal recentChosen(string path)

    padding: 6

    ColumnLayout {
        anchors.fill: parent
        spacing: 6

        RowLayout {
            Layout.fillWidth: true
            Label {
                objectName: "scriptName"
                Layout.fillWidth: true
                text: root.attachedTo !== "" ? qsTr("Attached to %1").arg(root.attachedTo)
                      : root.document.isLoaded ? root.document.fileName : qsTr("No script")
                font.bold: true
                font.pixelSize: 15
                elide: Text.ElideMiddle
                ToolTip.visible: nameHover.hovered
                ToolTip.text: root.attachedTo !== "" ? qsTr("A run in another process, steered over its REST API")
                                                     : root.document.path
                HoverHandler { id: nameHover }
            }
            Button {   // Open… is in the toolbar (Ctrl+O); the name gets the room
                objectName: "reloadButton"
                visible: root.attachedTo === ""
                text: root.document.changedOnDisk ? qsTr("Changed on disk — Reload") : qsTr("Reload")
                highlighted: root.document.changedOnDisk
                enabled: root.showsScript
                onClicked: root.reloadRequested()
            }
        }

        Label {
            objectName: "launchSummary"
            Layout.fillWidth: true
            visible: root.showsScript && root.launchSummary !== ""
            text: qsTr("Run settings: %1").arg(root.launchSummary)
            color: "#8a5300"
            font.family: "monospace"
            font.pixelSize: 11
            elide: Text.ElideRight
            ToolTip.visible: launchHover.hovered
            ToolTip.text: text
            HoverHandler { id: launchHover }
        }

        ListView {
            id: scenarioList
            objectName: "scenarioList"
            Layout.fillWidth: true
            Layout.preferredHeight: Math.min(contentHeight, 110)
            visible: root.document.isLoaded || root.attachedTo !== ""
            clip: true
            model: root.scenarios
            delegate: Frame {
                id: scenarioRow
                required property string name
                required property string executor
                required property string summary
                required property string graceful
                required property string description
                width: ListView.view.width
                padding: 4
                ColumnLayout {
                    width: parent.width
                    spacing: 0
                    Label {
                        Layout.fillWidth: true
                        text: "<b>" + scenarioRow.name + "</b> · " + scenarioRow.executor
                        textFormat: Text.StyledText
                        elide: Text.ElideRight
                    }
                    Label {
                        objectName: "scenarioSummary"
                        Layout.fillWidth: true
                        text: scenarioRow.summary + (scenarioRow.graceful !== "" ? "  (" + scenarioRow.graceful + ")" : "")
                        color: "#57606a"
                        elide: Text.ElideRight
                        ToolTip.visible: summaryHover.hovered && truncated
                        ToolTip.text: text
                        HoverHandler { id: summaryHover }
                    }
                    Label {
                        Layout.fillWidth: true
                        visible: scenarioRow.description !== ""
                        text: scenarioRow.description
                        color: "#57606a"
                        elide: Text.ElideRight
                        font.pixelSize: 11
                    }
                }
            }
        }

        Label {
            objectName: "attachedNote"
            Layout.fillWidth: true
            visible: root.attachedTo !== ""
            wrapMode: Text.Wrap
            color: "#57606a"
            text: qsTr("The k6 REST API carries no script and no options: the scenarios above are the ones "
                       + "the run's /v1/status declares, with their live VUs and mode.")
        }
        Item {
            Layout.fillHeight: true
            visible: root.attachedTo !== ""
        }

        ScrollView {
            Layout.fillWidth: true
            Layout.fillHeight: true
            visible: root.showsScript
            TextArea {
                id: sourceArea
                objectName: "sourceArea"
                text: root.document.preview
                readOnly: true
                selectByMouse: true
                font.family: "monospace"
                wrapMode: TextEdit.NoWrap
                textFormat: TextEdit.PlainText
                background: Rectangle { color: "#fbfbfb"; border.color: "#d0d7de" }
            }
        }
        Label {
            objectName: "previewNote"
            Layout.fillWidth: true
            visible: root.showsScript && text !== ""
            text: root.document.previewNote
            color: "#57606a"
            font.pixelSize: 11
            elide: Text.ElideRight
        }
        ScriptHighlighter {
            objectName: "highlighter"
            document: sourceArea.textDocument
            typeScript: root.document.typeScript
        }

        ColumnLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            visible: !root.document.isLoaded && root.attachedTo === ""
            Label {
                text: qsTr("Open a script (Ctrl+O) or drop a .js or .ts file onto the window.")
                wrapMode: Text.Wrap
                Layout.fillWidth: true
            }
            Label {
                text: qsTr("Recent scripts")
                font.bold: true
                visible: root.recentFiles.count > 0
            }
            ListView {
                objectName: "recentList"
                Layout.fillWidth: true
                Layout.fillHeight: true
                clip: true
                model: root.recentFiles
                delegate: ItemDelegate {
                    id: recentRow
                    required property string path
                    required property string fileName
                    required property string folder
                    width: ListView.view.width
                    text: recentRow.fileName + "  —  " + recentRow.folder
                    onClicked: root.recentChosen(recentRow.path)
                }
            }
        }
    }
}
