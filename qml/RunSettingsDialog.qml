import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Throttle.Backend

// Run settings before Start, as `throttle run`'s flags: environment variables (-e, one KEY=VALUE
// per line) and overrides of VUs (-u), duration (-d), iterations (-i) and stages (-s). Remembered
// per script; applying prepares the script again with them (a running test gets them at its next
// Start). Drawn inside the window.
Dialog {
    id: root
    required property LaunchSettings settings
    required property string scriptName
    property bool running: false   // a test is running: the settings apply at its next Start

    title: qsTr("Run settings — %1").arg(root.scriptName)
    modal: true
    focus: true
    width: Math.min(620, parent ? parent.width - 40 : 620)
    closePolicy: Popup.CloseOnEscape

    onAboutToShow: {
        envArea.text = root.settings.envText
        vusField.text = root.settings.vus
        durationField.text = root.settings.duration
        iterationsField.text = root.settings.iterations
        stagesField.text = root.settings.stages
        envArea.forceActiveFocus()
    }
    // Enter in a field applies, as the Apply button does.
    function applyIfValid() {
        if (root.problem === "" && root.settings.apply(envArea.text, vusField.text, durationField.text,
                                                       iterationsField.text, stagesField.text))
            root.close()
    }
    readonly property string problem: root.settings.validate(envArea.text, vusField.text, durationField.text,
                                                              iterationsField.text, stagesField.text)

    ColumnLayout {
        anchors.fill: parent
        spacing: 8

        Label {
            text: qsTr("Environment variables (__ENV), one KEY=VALUE per line — as -e KEY=VALUE")
            font.bold: true
        }
        ScrollView {
            Layout.fillWidth: true
            Layout.preferredHeight: 110
            TextArea {
                id: envArea
                objectName: "envArea"
                placeholderText: "BASE_URL=http://127.0.0.1:6580\nUSERS=20"
                font.family: "monospace"
                selectByMouse: true
                // Tab leaves the area instead of typing a tab; Ctrl+Enter applies from here too.
                Keys.onTabPressed: event => { vusField.forceActiveFocus(); event.accepted = true }
                Keys.onReturnPressed: event => {
                    if (event.modifiers & Qt.ControlModifier)
                        root.applyIfValid()
                    else
                        event.accepted = false
                }
                background: Rectangle { color: "#fbfbfb"; border.color: "#d0d7de" }
            }
        }
        Label {
            Layout.fillWidth: true
            visible: root.settings.commandLineEnv !== ""
            text: qsTr("From the command line (win over these): %1").arg(root.settings.commandLineEnv.replace(/\n/g, "  "))
            color: "#57606a"
            elide: Text.ElideRight
        }

        Label {
            text: qsTr("Overrides — empty keeps the script's options")
            font.bold: true
        }
        GridLayout {
            Layout.fillWidth: true
            columns: 4
            columnSpacing: 8
            Label { text: qsTr("VUs (-u)") }
            TextField { id: vusField; onAccepted: root.applyIfValid(); objectName: "vusField"; Layout.fillWidth: true; placeholderText: qsTr("script's"); selectByMouse: true }
            Label { text: qsTr("Duration (-d)") }
            TextField { id: durationField; onAccepted: root.applyIfValid(); objectName: "durationField"; Layout.fillWidth: true; placeholderText: "30s, 5m"; selectByMouse: true }
            Label { text: qsTr("Iterations (-i)") }
            TextField { id: iterationsField; onAccepted: root.applyIfValid(); objectName: "iterationsField"; Layout.fillWidth: true; placeholderText: qsTr("script's"); selectByMouse: true }
            Label { text: qsTr("Stages (-s)") }
            TextField { id: stagesField; onAccepted: root.applyIfValid(); objectName: "stagesField"; Layout.fillWidth: true; placeholderText: "30s:10, 1m:20"; selectByMouse: true }
        }
        Label {
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            color: "#57606a"
            font.pixelSize: 11
            text: qsTr("As in k6, VUs with a duration or iterations, or stages, replace the script's scenarios with one.")
        }
        Label {
            Layout.fillWidth: true
            visible: root.running
            text: qsTr("A test is running: these settings apply at its next Start.")
            color: "#8a5300"
            wrapMode: Text.Wrap
        }
        Label {
            objectName: "settingsProblem"
            Layout.fillWidth: true
            visible: root.problem !== ""
            text: root.problem
            color: "#b3261e"
            wrapMode: Text.Wrap
        }
    }

    footer: DialogButtonBox {
        Button {
            objectName: "settingsClearButton"
            text: qsTr("Clear")
            DialogButtonBox.buttonRole: DialogButtonBox.ResetRole
            onClicked: {
                envArea.text = ""
                vusField.text = durationField.text = iterationsField.text = stagesField.text = ""
            }
        }
        Button {
            objectName: "settingsApplyButton"
            text: qsTr("Apply")
            enabled: root.problem === ""
            DialogButtonBox.buttonRole: DialogButtonBox.AcceptRole
            onClicked: root.applyIfValid()
        }
        Button {
            text: qsTr("Cancel")
            DialogButtonBox.buttonRole: DialogButtonBox.RejectRole
            onClicked: root.close()
        }
    }
}
