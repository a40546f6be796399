import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Throttle.Backend

// Start, Pause/Resume, Stop, the state, the rate field and Back to schedule (for scheduled
// scenarios); the VU slider (0 … max VUs) and the max-VUs field; the progress with run time and
// the counters. Three rows that hold from a 1024 px wide window up. Every action goes through the
// controller (RunControl rules).
Pane {
    id: root
    required property RunController controller
    property alias vuSlider: slider
    property alias maxVusField: maxField

    padding: 8
    // A run that can take steering: loaded, not failed, not over.
    readonly property bool live: controller.runState !== RunState.Empty && controller.runState !== RunState.Error
                                 && controller.runState !== RunState.Finished

    function toneFor(state) {
        switch (state) {
        case RunState.Running: return "#1a7f37"
        case RunState.Paused: return "#b26b00"
        case RunState.Preparing:
        case RunState.Starting:
        case RunState.Stopping: return "#0969da"
        case RunState.Error: return "#cf222e"
        default: return "#6b7280"
        }
    }

    Dialog {
        id: confirmMaxVus
        objectName: "confirmMaxVus"
        property int vus: 0
        function ask(n) {
            vus = n
            open()
        }
        parent: Overlay.overlay
        anchors.centerIn: parent
        width: 460
        modal: true
        title: qsTr("Initialise %1 VUs?").arg(confirmMaxVus.vus)
        closePolicy: Popup.CloseOnEscape
        Label {
            objectName: "confirmMaxVusText"
            width: confirmMaxVus.availableWidth
            wrapMode: Text.Wrap
            // vuMemoryText names the count: "about 1.6 GiB for 2000 VUs (0.80 MiB per VU, …)".
            text: qsTr("Each VU is a JavaScript engine of its own: %1.")
                  .arg(root.controller.vuMemoryText(confirmMaxVus.vus))
        }
        footer: DialogButtonBox {
            Button {
                objectName: "confirmMaxVusYes"
                text: qsTr("Initialise %1 VUs").arg(confirmMaxVus.vus)
                DialogButtonBox.buttonRole: DialogButtonBox.AcceptRole
                onClicked: {
                    confirmMaxVus.close()
                    root.controller.requestMaxVus(confirmMaxVus.vus)
                }
            }
            Button {
                objectName: "confirmMaxVusNo"
                text: qsTr("Cancel")
                DialogButtonBox.buttonRole: DialogButtonBox.RejectRole
                onClicked: confirmMaxVus.close()
            }
        }
        onClosed: maxField.value = Qt.binding(() => root.controller.targetVusMax)   // a cancel puts the field back
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 6

        RowLayout {
            spacing: 8
            Layout.fillWidth: true

            Button {
                objectName: "startButton"
                text: root.controller.runState === RunState.Finished ? qsTr("Run again") : qsTr("Start")
                icon.name: "media-playback-start"
                highlighted: true
                enabled: root.controller.canStart
                onClicked: root.controller.start()
                ToolTip.visible: hovered
                ToolTip.text: qsTr("Start the test (Ctrl+Return)")
            }
            Button {
                objectName: "pauseButton"
                text: root.controller.paused ? qsTr("Resume") : (root.controller.busy && root.controller.canPause ? qsTr("Pausing…") : qsTr("Pause"))
                enabled: root.controller.canPause || root.controller.canResume
                onClicked: root.controller.togglePause()
                ToolTip.visible: hovered
                ToolTip.text: qsTr("Pause or resume (Ctrl+P)")
            }
            Button {
                objectName: "stopButton"
                text: qsTr("Stop")
                enabled: root.controller.canStop
                onClicked: root.controller.stop()
                ToolTip.visible: hovered
                ToolTip.text: qsTr("Stop the test (Ctrl+.)")
            }
            StatusPill {
                objectName: "statePill"
                // A scenario steered by hand is off its schedule: say so beside the state.
                text: root.controller.state + (root.controller.manual && root.live ? " · manual" : "")
                tone: root.toneFor(root.controller.runState)
            }
            BusyIndicator {
                visible: root.controller.preparing
                running: visible
                implicitWidth: 22
                implicitHeight: 22
            }
            Label {
                objectName: "preparingLabel"
                visible: root.controller.preparing
                text: root.controller.preparingText
            }
            Item { Layout.fillWidth: true }
            Label {
                text: qsTr("rate")
                visible: root.controller.rateSteerable
            }
            SpinBox {
                objectName: "rateField"
                Layout.preferredWidth: 120
                visible: root.controller.rateSteerable
                editable: true
                from: 0
                to: 1000000
                value: Math.round(root.controller.rate)
                enabled: root.live
                onValueModified: root.controller.requestRate(value)
                ToolTip.visible: hovered
                ToolTip.text: qsTr("Iterations started per time unit of the arrival-rate scenario (switches it to manual)")
            }
            Button {
                objectName: "scheduleButton"
                text: qsTr("Back to schedule")
                visible: root.controller.hasSchedule
                enabled: root.controller.manual && root.live
                onClicked: root.controller.returnToSchedule()
                ToolTip.visible: hovered
                ToolTip.text: qsTr("A VU or rate change put the scenario in manual mode; return it to its stages")
            }
        }

        RowLayout {
            spacing: 8
            Layout.fillWidth: true

            Label {
                text: qsTr("VUs")
                font.bold: true
            }
            Slider {
                id: slider
                objectName: "vuSlider"
                Layout.fillWidth: true
                Layout.minimumWidth: 120
                from: 0
                to: root.controller.sliderMax
                stepSize: 1
                snapMode: Slider.SnapAlways
                // Re-evaluated when `to` changes too: the bound and the value may arrive in
                // either order, and a value above the old bound would stay clamped.
                value: {
                    void slider.to
                    return root.controller.targetVus
                }
                // The scenarios' declared capabilities decide (RunController.vusSteerable), not names.
                enabled: root.live && root.controller.vusSteerable
                onMoved: root.controller.requestVus(Math.round(value))
                ToolTip.visible: pressed || (sliderHover.hovered && !enabled && root.controller.vusSteerNote !== "")
                ToolTip.text: pressed ? Math.round(value) + " VUs" : root.controller.vusSteerNote
                // A disabled control gets no hover: this handler sits on the enabled parent's area.
                HoverHandler { id: sliderHover; enabled: true }
            }
            Label {
                objectName: "vuLabel"
                Layout.minimumWidth: 110
                text: qsTr("%1 set · %2 active").arg(root.controller.targetVus).arg(root.controller.vus)
            }
            Label { text: qsTr("max VUs") }
            SpinBox {
                id: maxField
                objectName: "maxVusField"
                Layout.preferredWidth: 120
                editable: true
                from: 0
                to: 100000
                value: root.controller.targetVusMax
                enabled: root.live && root.controller.maxVusSteerable
                // More than confirmVusAbove VUs costs real memory: ask first, with the estimate.
                onValueModified: {
                    if (value > root.controller.confirmVusAbove && value > root.controller.targetVusMax)
                        confirmMaxVus.ask(value)
                    else
                        root.controller.requestMaxVus(value)
                }
                ToolTip.visible: maxHover.hovered
                ToolTip.text: enabled ? qsTr("Raise the slider's bound: initialises more VUs (Ctrl+M)")
                                      : root.controller.maxVusSteerNote
                HoverHandler { id: maxHover }
            }
        }

        RowLayout {
            spacing: 8
            Layout.fillWidth: true
            ProgressBar {
                objectName: "progressBar"
                Layout.fillWidth: true
                Layout.minimumWidth: 80
                from: 0
                to: 1
                value: root.controller.progress
                // No known length (attached; until stopped): a running bar, never a made-up share.
                indeterminate: !root.controller.progressKnown
                               && (root.controller.runState === RunState.Starting || root.controller.runState === RunState.Running)
            }
            Label {
                objectName: "progressLabel"
                text: root.controller.elapsedText + " / " + root.controller.durationText
                font.family: "monospace"
            }
            Label {
                objectName: "countersLabel"
                text: qsTr("%1 req/s · %2 requests · %3 failed · %4 iterations")
                      .arg(root.controller.requestsPerSec.toFixed(0))
                      .arg(root.controller.totalRequests)
                      .arg(root.controller.failedRequests)
                      .arg(root.controller.iterations)
                color: root.controller.failedRequests > 0 ? "#b3261e" : palette.windowText
            }
        }
    }
}
