import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import QtQuick.Window
import Throttle.Backend

// The main window: script pane | control bar, live charts and the tabs (metrics, checks,
// thresholds, console). Presentation only; RunController does the work.
ApplicationWindow {
    id: root
    readonly property RunController controller: runController
    readonly property alias controlBar: controlBar
    property var buildInfo: ({})   // set by main.cpp: {version, commit, qtVersion, license}

    // Fits the screen (the layout holds from 1024×700 up).
    width: Math.min(1400, Screen.desktopAvailableWidth)
    height: Math.min(900, Screen.desktopAvailableHeight)
    minimumWidth: Math.min(1024, Screen.desktopAvailableWidth)
    minimumHeight: Math.min(700, Screen.desktopAvailableHeight)
    visible: true
    title: runController.script.isLoaded ? runController.script.fileName + " — Throttle" : "Throttle"

    RunController {
        id: runController
    }

    // A local run that Quit would end (an attached run goes on in its own process).
    readonly property bool localRunActive: !runController.attached
        && [RunState.Starting, RunState.Running, RunState.Paused, RunState.Stopping].indexOf(runController.runState) >= 0
    property bool quitConfirmed: false
    onClosing: close => {
        if (root.localRunActive && !root.quitConfirmed) {
            close.accepted = false
            quitDialog.open()
        }
    }

    RunSettingsDialog {
        id: settingsDialog
        objectName: "runSettingsDialog"
        anchors.centerIn: Overlay.overlay
        settings: runController.launch
        scriptName: runController.script.fileName
        running: root.localRunActive
    }

    QuitDialog {
        id: quitDialog
        objectName: "quitDialog"
        anchors.centerIn: Overlay.overlay
        scriptName: runController.script.fileName
        vus: runController.vus
        elapsedText: runController.elapsedText
        onStopAndQuit: {
            root.quitConfirmed = true
            runController.stop()
            root.close()
        }
    }

    OpenScriptDialog {
        id: openDialog
        objectName: "openDialog"
        onScriptChosen: url => runController.openScript(url)
    }

    Shortcut { sequences: [StandardKey.Open]; onActivated: openDialog.open() }
    Shortcut { sequences: ["Ctrl+R"]; onActivated: runController.reload() }
    Shortcut { sequences: ["Ctrl+Return", "F5"]; enabled: runController.canStart; onActivated: runController.start() }
    Shortcut { sequences: ["Ctrl+P", "F6"]; onActivated: runController.togglePause() }
    Shortcut { sequences: ["Ctrl+.", "Shift+F5"]; onActivated: runController.stop() }
    Shortcut { sequences: ["Ctrl+Up"]; onActivated: runController.requestVus(Math.min(runController.sliderMax, runController.targetVus + 1)) }
    Shortcut { sequences: ["Ctrl+Down"]; onActivated: runController.requestVus(Math.max(0, runController.targetVus - 1)) }
    Shortcut { sequences: ["Ctrl+Shift+Up", "Ctrl+PgUp"]; onActivated: runController.requestVus(Math.min(runController.sliderMax, runController.targetVus + 10)) }
    Shortcut { sequences: ["Ctrl+Shift+Down", "Ctrl+PgDown"]; onActivated: runController.requestVus(Math.max(0, runController.targetVus - 10)) }
    Shortcut { sequences: ["Ctrl+M"]; onActivated: controlBar.maxVusField.forceActiveFocus() }
    Shortcut {
        sequences: ["Ctrl+E"]
        enabled: runController.script.isLoaded && !runController.attached
        onActivated: settingsDialog.open()
    }
    Shortcut { sequences: ["Ctrl+1"]; onActivated: tabs.currentIndex = 0 }
    Shortcut { sequences: ["Ctrl+2"]; onActivated: tabs.currentIndex = 1 }
    Shortcut { sequences: ["Ctrl+3"]; onActivated: tabs.currentIndex = 2 }
    Shortcut { sequences: ["Ctrl+4"]; onActivated: tabs.currentIndex = 3 }
    Shortcut { sequences: ["Ctrl+5"]; onActivated: tabs.currentIndex = 4 }
    Shortcut { sequences: ["Ctrl+6"]; onActivated: tabs.currentIndex = 5 }
    // Ctrl+Q, not StandardKey.Quit: platforms without an X11 key scheme (offscreen) bind nothing to it.
    Shortcut { sequences: ["Ctrl+Q"]; onActivated: root.close() }   // asks while a run is going

    header: ToolBar {
        RowLayout {
            anchors.fill: parent
            ToolButton { text: qsTr("Open…"); onClicked: openDialog.open() }
            ToolButton {
                text: qsTr("Recent")
                enabled: runController.recentFiles.count > 0
                onClicked: recentMenu.open()
                Menu {
                    id: recentMenu
                    Instantiator {
                        model: runController.recentFiles
                        delegate: MenuItem {
                            required property string path
                            required property string fileName
                            text: fileName
                            onTriggered: runController.openScript(path)
                        }
                        onObjectAdded: (index, object) => recentMenu.insertItem(index, object)
                        onObjectRemoved: (index, object) => recentMenu.removeItem(object)
                    }
                }
            }
            ToolButton {
                text: qsTr("Reload")
                enabled: runController.script.isLoaded
                onClicked: runController.reload()
            }
            ToolButton {
                objectName: "runSettingsButton"
                text: qsTr("Run settings…")
                enabled: runController.script.isLoaded && !runController.attached
                onClicked: settingsDialog.open()
                ToolTip.visible: hovered
                ToolTip.text: qsTr("Environment variables and VUs/duration/iterations/stages overrides, as throttle run's flags (Ctrl+E)")
            }
            ToolSeparator {}
            Label { text: qsTr("REST API") }
            TextField {
                id: apiField
                objectName: "apiAddressField"
                Layout.preferredWidth: 130
                text: runController.apiAddress
                placeholderText: qsTr("off")
                enabled: runController.apiAvailable
                selectByMouse: true
                onEditingFinished: runController.apiAddress = text
                ToolTip.visible: hovered
                ToolTip.text: qsTr("host:port the REST API listens on for this run (empty = off)")
            }
            Label {
                objectName: "apiStatusLabel"
                text: runController.apiStatus
                color: runController.apiListening ? "#1a7f37" : "#57606a"
                elide: Text.ElideRight
                Layout.fillWidth: true
                Layout.minimumWidth: 40
                Layout.maximumWidth: implicitWidth
                ToolTip.visible: apiHover.hovered && truncated
                ToolTip.text: text
                HoverHandler { id: apiHover }
            }
            ToolSeparator {}
            TextField {
                id: attachField
                objectName: "attachAddressField"
                Layout.preferredWidth: 130
                placeholderText: qsTr("host:port[,…]")
                text: runController.attachAddress
                enabled: runController.attachAvailable && !runController.attached
                selectByMouse: true
                onAccepted: runController.attach(text)
                ToolTip.visible: hovered
                ToolTip.text: qsTr("REST API address of a run in another process (throttle run …) to steer from here; "
                                   + "several, comma-separated, steer a fleet of runners as one test")
            }
            ToolButton {
                objectName: "attachButton"
                text: runController.attached ? qsTr("Detach") : qsTr("Attach…")
                enabled: runController.attachAvailable
                onClicked: runController.attached ? runController.detach() : runController.attach(attachField.text)
            }
            Label {
                objectName: "attachStatusLabel"
                visible: runController.attached
                text: runController.attachStatus
                color: ({attached: "#1a7f37", connecting: "#0969da", error: "#cf222e"})[runController.attachStatusKind] || "#57606a"
                elide: Text.ElideRight
                Layout.fillWidth: true
                Layout.minimumWidth: 40
                Layout.maximumWidth: implicitWidth
                ToolTip.visible: attachHover.hovered && truncated
                ToolTip.text: text
                HoverHandler { id: attachHover }
            }
            Item { Layout.fillWidth: true }
            ToolButton {
                objectName: "shortcutsButton"
                text: "?"
                ToolTip.visible: hovered
                ToolTip.text: qsTr("Ctrl+O open · Ctrl+R reload · Ctrl+Return start · Ctrl+P pause/resume · Ctrl+. stop · "
                                   + "Ctrl+↑/↓ ±1 VU · Ctrl+Shift+↑/↓ ±10 VUs · Ctrl+M max VUs · Ctrl+E run settings · "
                                   + "Ctrl+1…6 metrics, requests, failures, checks, thresholds, console · Ctrl+Q quit")
            }
            ToolButton {
                objectName: "aboutButton"
                text: qsTr("About")
                onClicked: aboutDialog.open()
            }
        }
    }

    AboutDialog {
        id: aboutDialog
        info: root.buildInfo
    }

    DropArea {
        id: dropArea
        anchors.fill: parent
        keys: ["text/uri-list"]
        onDropped: drop => {
            if (drop.hasUrls && drop.urls.length > 0) {
                runController.openScript(drop.urls[0].toString())
                drop.acceptProposedAction()
            }
        }
        Rectangle {
            anchors.fill: parent
            visible: dropArea.containsDrag
            color: "#330969da"
            border.color: "#0969da"
            border.width: 3
            z: 10
        }
    }

    SplitView {
        id: mainSplit
        anchors.fill: parent
        orientation: Qt.Horizontal

        ScriptPane {
            SplitView.preferredWidth: root.width >= 1300 ? 400 : 270
            SplitView.minimumWidth: 220
            document: runController.script
            scenarios: runController.scenarios
            recentFiles: runController.recentFiles
            attachedTo: runController.attached ? runController.attachAddress : ""
            launchSummary: runController.launch.summary
            onOpenRequested: openDialog.open()
            onReloadRequested: runController.reload()
            onRecentChosen: path => runController.openScript(path)
        }

        ColumnLayout {
            SplitView.fillWidth: true
            spacing: 0

            ControlBar {
                id: controlBar
                Layout.fillWidth: true
                controller: runController
            }
            SplitView {
                Layout.fillWidth: true
                Layout.fillHeight: true
                orientation: Qt.Vertical

                ChartsPane {
                    id: chartsPane
                    SplitView.preferredHeight: Math.max(300, root.height * 0.5)
                    SplitView.minimumHeight: 220
                    series: runController.series
                }
                ColumnLayout {
                    SplitView.fillHeight: true
                    spacing: 0
                    TabBar {
                        id: tabs
                        objectName: "viewTabs"
                        Layout.fillWidth: true
                        // Equal shares of the width, titles elided: never wider than the window.
                        // A fixed size hint: summed from the tabs (the default) it looped on `share`.
                        implicitWidth: 0
                        // The Runners tab shows only for an attached fleet.
                        readonly property real share: width / (runController.runners.count > 0 ? count : count - 1)
                        TabButton { objectName: "metricsTab"; width: tabs.share; text: qsTr("Metrics %1").arg(runController.metrics.count) }
                        TabButton { objectName: "requestsTab"; width: tabs.share; text: qsTr("Requests %1").arg(runController.requests.count) }
                        TabButton {
                            objectName: "failuresTab"
                            width: tabs.share
                            text: qsTr("Failures %1").arg(runController.failures.total)
                        }
                        TabButton { width: tabs.share; text: qsTr("Checks ✓%1 ✗%2").arg(runController.checks.totalPasses).arg(runController.checks.totalFails) }
                        TabButton {
                            width: tabs.share
                            text: runController.thresholds.failing > 0 ? qsTr("Thresholds ✗%1").arg(runController.thresholds.failing)
                                                                       : qsTr("Thresholds %1").arg(runController.thresholds.count)
                        }
                        TabButton {
                            objectName: "consoleTab"
                            width: tabs.share
                            text: runController.console.errorCount > 0
                                  ? qsTr("Console %1 ✗%2").arg(runController.console.count).arg(runController.console.errorCount)
                                  : qsTr("Console %1").arg(runController.console.count)
                        }
                        TabButton {
                            objectName: "runnersTab"
                            visible: runController.runners.count > 0
                            width: visible ? tabs.share : 0
                            text: runController.runners.answering < runController.runners.count
                                  ? qsTr("Runners %1 ✗%2").arg(runController.runners.count)
                                        .arg(runController.runners.count - runController.runners.answering)
                                  : qsTr("Runners %1").arg(runController.runners.count)
                        }
                    }
                    StackLayout {
                        Layout.fillWidth: true
                        Layout.fillHeight: true
                        currentIndex: tabs.currentIndex
                        MetricsTable { metricsModel: runController.metrics }
                        RequestsView { requestsModel: runController.requests }
                        FailuresView { failuresModel: runController.failures }
                        ChecksView { checksModel: runController.checks }
                        ThresholdsView { thresholdsModel: runController.thresholds }
                        ConsoleView { consoleModel: runController.console }
                        RunnersView { runnersModel: runController.runners }
                    }
                }
            }
        }
    }

    // Over the content, at the bottom: showing or clearing an error never moves a control.
    ErrorBanner {
        objectName: "errorBanner"
        z: 20
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.bottom: parent.bottom
        anchors.margins: 8
        title: runController.errorTitle
        detail: runController.errorText
        onDismissed: runController.clearError()
    }
}
