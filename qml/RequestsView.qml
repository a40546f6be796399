import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Throttle.Backend

// One row per request name × method: count, failures, req/s, response-time percentiles (of the
// requests that got a response) and data received. Click a column header to sort by it, again to
// reverse.
ColumnLayout {
    id: root
    required property RequestsModel requestsModel
    spacing: 0

    readonly property var columns: [
        {key: "method", label: qsTr("Method"), width: 54},
        {key: "count", label: qsTr("Count"), width: 58},
        {key: "failed", label: qsTr("Failed"), width: 80},
        {key: "rps", label: qsTr("req/s"), width: 52},
        {key: "p50", label: "p50", width: 60},
        {key: "p90", label: "p90", width: 60},
        {key: "p95", label: "p95", width: 60},
        {key: "p99", label: "p99", width: 60},
        {key: "max", label: qsTr("max"), width: 60},
        {key: "received", label: qsTr("received"), width: 66}
    ]

    component HeaderCell: ItemDelegate {
        id: cell
        required property string key
        required property string label
        objectName: "sort_" + key
        padding: 4
        font.bold: root.requestsModel.sortKey === key
        text: label + (root.requestsModel.sortKey === key ? (root.requestsModel.sortDescending ? " ▼" : " ▲") : "")
        onClicked: root.requestsModel.sortBy(key)
    }

    RowLayout {
        Layout.fillWidth: true
        spacing: 0
        HeaderCell {
            Layout.fillWidth: true
            Layout.minimumWidth: 120
            key: "name"
            label: qsTr("Request")
            ToolTip.visible: hovered
            ToolTip.text: qsTr("k6's name tag, or the URL when the script names none; click a header to sort")
        }
        Repeater {
            model: root.columns
            HeaderCell {
                required property var modelData
                Layout.preferredWidth: modelData.width
                key: modelData.key
                label: modelData.label
            }
        }
    }
    Rectangle { Layout.fillWidth: true; height: 1; color: "#d0d7de" }

    ListView {
        id: list
        objectName: "requestsList"
        Layout.fillWidth: true
        Layout.fillHeight: true
        clip: true
        model: root.requestsModel
        boundsBehavior: Flickable.StopAtBounds
        ScrollBar.vertical: ScrollBar {}

        delegate: Rectangle {
            id: row
            required property int index
            required property string name
            required property string method
            required property int count
            required property int failed
            required property string failedText
            required property string rpsText
            required property string p50Text
            required property string p90Text
            required property string p95Text
            required property string p99Text
            required property string maxText
            required property string receivedText
            width: ListView.view.width
            height: 22
            color: index % 2 ? "#f6f8fa" : "transparent"
            RowLayout {
                anchors.fill: parent
                spacing: 0
                Label {
                    Layout.fillWidth: true
                    Layout.minimumWidth: 120
                    leftPadding: 4
                    text: row.name
                    elide: Text.ElideMiddle
                    font.family: "monospace"
                    ToolTip.visible: nameHover.hovered && truncated
                    ToolTip.text: row.name
                    HoverHandler { id: nameHover }
                }
                Repeater {
                    model: [row.method, String(row.count), row.failedText, row.rpsText, row.p50Text, row.p90Text,
                            row.p95Text, row.p99Text, row.maxText, row.receivedText]
                    Label {
                        required property int index
                        required property string modelData
                        Layout.preferredWidth: root.columns[index].width
                        leftPadding: 4
                        text: modelData
                        elide: Text.ElideRight
                        font.family: "monospace"
                        color: index === 2 && row.failed > 0 ? "#b3261e" : "#24292f"
                    }
                }
            }
        }
        Label {
            objectName: "requestsNote"
            anchors.centerIn: parent
            width: Math.min(parent.width - 40, 640)
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.Wrap
            visible: list.count === 0
            text: root.requestsModel.note !== "" ? root.requestsModel.note
                                                  : qsTr("One row per request name and method appears once the test runs.")
            color: "#57606a"
        }
    }
}
