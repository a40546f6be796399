import QtQuick
import QtQuick.Controls
import Throttle.Backend

// One live chart over the shared ChartWindow: up to four lines, each a column of the series. A
// second with nothing to draw (NaN) is a gap; paused stretches are shaded; hovering shows the
// values of that second; dragging across the plot zooms every chart, a double-click resets.
// Drawn with a Canvas: Qt Charts could neither leave gaps nor shade spans.
Item {
    id: root
    required property ChartWindow window
    required property string title
    required property list<int> columns
    required property list<string> names
    required property list<color> colors
    property string unit: ""
    property real yFloor: 1
    property real yCap: 0            // > 0: the axis never goes above it (100 for percentages)
    property string note: ""         // a caveat under the title
    property int hoverRow: -1
    readonly property real plotLeft: 48
    readonly property real plotRight: 8
    readonly property real plotTop: note !== "" ? 34 : 22
    readonly property real plotBottom: 16
    readonly property real plotWidth: Math.max(10, width - plotLeft - plotRight)
    readonly property real plotHeight: Math.max(10, height - plotTop - plotBottom)
    property real yMax: 1

    implicitWidth: 320
    implicitHeight: 150

    function timeToX(t) { return plotLeft + (t - window.from) / Math.max(1e-9, window.to - window.from) * plotWidth }
    function xToTime(x) { return window.from + (x - plotLeft) / plotWidth * (window.to - window.from) }
    function valueToY(v) { return plotTop + plotHeight - v / root.yMax * plotHeight }

    Rectangle {
        anchors.fill: parent
        color: "white"
        border.color: "#d0d7de"
        radius: 4
    }
    Row {
        x: 8
        y: 3
        spacing: 10
        Label {
            text: root.title
            font.bold: true
            font.pixelSize: 12
        }
        Repeater {
            model: root.names.length > 1 ? root.names.length : 0
            Row {
                required property int index
                spacing: 3
                Rectangle {
                    width: 10
                    height: 3
                    anchors.verticalCenter: parent.verticalCenter
                    color: root.colors[index]
                }
                Label {
                    text: root.names[index]
                    font.pixelSize: 10
                    color: "#57606a"
                }
            }
        }
    }
    Label {
        x: 8
        y: 18
        visible: root.note !== ""
        text: root.note
        font.pixelSize: 10
        color: "#8a5300"
        elide: Text.ElideRight
        width: root.width - 16
    }

    Canvas {
        id: canvas
        objectName: "chartCanvas"
        anchors.fill: parent
        onPaint: {
            const ctx = getContext("2d")
            ctx.reset()
            const cap = root.yCap > 0 ? root.yCap : Infinity
            root.yMax = Math.min(cap, root.window.yMax(root.columns, root.yFloor))
            const l = root.plotLeft, t = root.plotTop, w = root.plotWidth, h = root.plotHeight
            ctx.font = "9px sans-serif"
            // paused stretches
            const spans = root.window.pausedSpans()
            ctx.fillStyle = "#eaeef2"
            for (let i = 0; i + 1 < spans.length; i += 2) {
                const x0 = Math.max(l, root.timeToX(spans[i])), x1 = Math.min(l + w, root.timeToX(spans[i + 1]))
                if (x1 > x0) {
                    ctx.fillRect(x0, t, x1 - x0, h)
                    if (x1 - x0 > 34) {
                        ctx.fillStyle = "#6e7781"
                        ctx.fillText(qsTr("paused"), x0 + 3, t + 10)
                        ctx.fillStyle = "#eaeef2"
                    }
                }
            }
            // grid and labels
            ctx.strokeStyle = "#eef1f4"
            ctx.fillStyle = "#57606a"
            ctx.lineWidth = 1
            const ticks = root.window.ticks
            for (let i = 0; i < ticks.length; ++i) {
                const x = Math.round(root.timeToX(ticks[i])) + 0.5
                ctx.beginPath(); ctx.moveTo(x, t); ctx.lineTo(x, t + h); ctx.stroke()
                const label = root.window.timeLabel(ticks[i])
                ctx.fillText(label, Math.min(x - 8, l + w - 24), t + h + 11)
            }
            for (let k = 0; k <= 4; ++k) {
                const v = root.yMax * k / 4
                const y = Math.round(root.valueToY(v)) + 0.5
                ctx.beginPath(); ctx.moveTo(l, y); ctx.lineTo(l + w, y); ctx.stroke()
                ctx.fillText(root.window.valueText(v, root.unit), 2, y + 3)
            }
            ctx.strokeStyle = "#d0d7de"
            ctx.strokeRect(l + 0.5, t + 0.5, w, h)
            // lines: a NaN y breaks the path; an isolated point gets a dot
            ctx.save()
            ctx.beginPath(); ctx.rect(l, t, w, h); ctx.clip()
            for (let c = 0; c < root.columns.length; ++c) {
                const pts = root.window.points(root.columns[c], Math.max(10, Math.floor(w)))
                ctx.strokeStyle = root.colors[c]
                ctx.fillStyle = root.colors[c]
                ctx.lineWidth = 1.6
                ctx.beginPath()
                let open = false
                for (let i = 0; i + 1 < pts.length; i += 2) {
                    const y = pts[i + 1]
                    if (isNaN(y)) { open = false; continue }
                    const px = root.timeToX(pts[i]), py = root.valueToY(Math.min(y, root.yMax))
                    const next = i + 3 < pts.length ? pts[i + 3] : NaN
                    if (!open && isNaN(next))
                        ctx.fillRect(px - 1.5, py - 1.5, 3, 3)
                    if (open) ctx.lineTo(px, py); else ctx.moveTo(px, py)
                    open = true
                }
                ctx.stroke()
            }
            ctx.restore()
            // hovered second
            if (root.hoverRow >= 0) {
                const x = Math.round(root.timeToX(root.window.series.value(root.hoverRow, TimeSeriesModel.Time))) + 0.5
                ctx.strokeStyle = "#57606a"
                ctx.beginPath(); ctx.moveTo(x, t); ctx.lineTo(x, t + h); ctx.stroke()
            }
        }
    }

    Connections {
        target: root.window
        function onChanged() { canvas.requestPaint() }
    }
    onWidthChanged: canvas.requestPaint()
    onHeightChanged: canvas.requestPaint()
    onHoverRowChanged: canvas.requestPaint()

    Rectangle {
        id: selection
        visible: drag.pressed && width > 2
        y: root.plotTop
        height: root.plotHeight
        color: "#330969da"
        border.color: "#0969da"
    }

    MouseArea {
        id: drag
        objectName: "chartMouse"
        x: root.plotLeft
        y: root.plotTop
        width: root.plotWidth
        height: root.plotHeight
        hoverEnabled: true
        property real startX: 0
        onPressed: mouse => { startX = mouse.x; selection.x = root.plotLeft + mouse.x; selection.width = 0 }
        onPositionChanged: mouse => {
            root.hoverRow = root.window.rowNear(root.xToTime(root.plotLeft + mouse.x))
            if (pressed) {
                selection.x = root.plotLeft + Math.min(startX, mouse.x)
                selection.width = Math.abs(mouse.x - startX)
            }
        }
        onReleased: mouse => {
            if (Math.abs(mouse.x - startX) > 4)
                root.window.zoomTo(root.xToTime(root.plotLeft + startX), root.xToTime(root.plotLeft + mouse.x))
        }
        onDoubleClicked: root.window.resetZoom()
        onExited: root.hoverRow = -1
    }

    // The hovered second's values.
    Rectangle {
        objectName: "hoverBox"
        visible: root.hoverRow >= 0
        x: Math.min(root.width - width - 4, Math.max(root.plotLeft + 4,
             root.timeToX(root.window.series ? root.window.series.value(root.hoverRow, TimeSeriesModel.Time) : 0) + 8))
        y: root.plotTop + 4
        width: hoverColumn.implicitWidth + 10
        height: hoverColumn.implicitHeight + 6
        color: "#f6f8fa"
        border.color: "#d0d7de"
        radius: 3
        Column {
            id: hoverColumn
            x: 5
            y: 3
            Label {
                objectName: "hoverTime"
                text: root.hoverRow >= 0 && root.window.series
                      ? root.window.timeLabel(root.window.series.value(root.hoverRow, TimeSeriesModel.Time))
                        + (root.window.series.value(root.hoverRow, TimeSeriesModel.Paused) > 0 ? qsTr(" (paused)") : "")
                      : ""
                font.pixelSize: 10
                color: "#57606a"
            }
            Repeater {
                model: root.columns.length
                Label {
                    required property int index
                    objectName: "hoverValue" + index
                    text: root.names[index] + " " + (root.hoverRow >= 0 && root.window.series
                          ? root.window.valueText(root.window.series.value(root.hoverRow, root.columns[index]), root.unit) : "")
                    color: root.colors[index]
                    font.pixelSize: 10
                }
            }
        }
    }
}
