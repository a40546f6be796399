import QtQuick
import QtQuick.Controls
import QtTest
import Throttle

// The About box (qml/AboutDialog.qml): version, commit, Qt version and license from the map
// main.cpp builds out of BuildInfo; the commit line is hidden for a build without git.
Item {
    id: root
    width: 800
    height: 600

    AboutDialog {
        id: about
        info: ({ version: "1.2.3", commit: "0123456789ab-dirty", qtVersion: "6.4.2", license: "MIT" })
    }
    AboutDialog {
        id: tarballAbout
        info: ({ version: "1.2.3", commit: "", qtVersion: "6.4.2", license: "MIT" })
    }

    function findChild(item, name) {
        if (item.objectName === name)
            return item
        const kids = item.children !== undefined ? item.children : []
        for (let i = 0; i < kids.length; ++i) {
            const found = findChild(kids[i], name)
            if (found)
                return found
        }
        return null
    }

    TestCase {
        name: "AboutDialog"
        when: windowShown

        function test_showsTheBuild() {
            about.open()
            tryCompare(about, "opened", true)
            compare(findChild(about.contentItem, "aboutVersion").text, "Throttle 1.2.3")
            const commit = findChild(about.contentItem, "aboutCommit")
            verify(commit.visible)
            compare(commit.text, "Commit 0123456789ab-dirty")
            compare(findChild(about.contentItem, "aboutQt").text, "Qt 6.4.2")
            compare(findChild(about.contentItem, "aboutLicense").text, "License: MIT")
            about.close()
            tryCompare(about, "visible", false)
        }

        function test_noCommitOutsideACheckout() {
            tarballAbout.open()
            tryCompare(tarballAbout, "opened", true)
            verify(!findChild(tarballAbout.contentItem, "aboutCommit").visible)
            tarballAbout.close()
        }
    }
}
