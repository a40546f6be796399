import QtQuick
import QtQuick.Dialogs

// "Open a test script": Qt's file dialog with the script filters. Its non-native implementation
// needs the QML module Qt.labs.folderlistmodel (Debian qml6-module-qt-labs-folderlistmodel);
// main.cpp refuses to start without it rather than crash when the dialog opens.
FileDialog {
    id: root
    signal scriptChosen(string url)

    title: qsTr("Open a test script")
    nameFilters: [qsTr("k6 scripts (*.js *.mjs *.cjs *.ts)"), qsTr("JavaScript (*.js *.mjs *.cjs)"),
                  qsTr("TypeScript (*.ts)"), qsTr("All files (*)")]
    onAccepted: root.scriptChosen(root.selectedFile.toString())
}
