# Install rules for everything besides the two programs, and CPack's Debian package.
# installer/package.sh is the one command that uses them: a Release build with
# CMAKE_INSTALL_PREFIX=/usr and THROTTLE_PACKAGE=ON, then `cpack -G DEB`.
#
#   man pages      share/man/man1/throttle.1.gz, throttle-desktop.1.gz   (throttle-docgen)
#   completion     share/bash-completion/completions/{throttle,throttle-desktop},
#                  share/zsh/vendor-completions/_throttle                (throttle-docgen)
#   desktop entry  share/applications/<app id>.desktop
#   AppStream      share/metainfo/<app id>.metainfo.xml
#   icons          share/icons/hicolor/{scalable,NxN}/apps/<app id>.{svg,png} (rsvg-convert)
#   docs           share/doc/throttle/{copyright,changelog.gz,examples/}
include(GNUInstallDirs)

option(THROTTLE_PACKAGE "Building the Debian package: the PNG icons (rsvg-convert) become required" OFF)
set(THROTTLE_DOCS_DIR ${PROJECT_BINARY_DIR}/docs)
set(THROTTLE_DEB_DIR ${PROJECT_SOURCE_DIR}/installer/debian)
set(THROTTLE_DOC_INSTALL_DIR ${CMAKE_INSTALL_DATADIR}/doc/throttle)
find_program(THROTTLE_GZIP gzip REQUIRED)

# The Debian changelog describes each version; its newest entry must be this version (bump both
# together). Its date is the release date in the AppStream metadata and on the man pages.
file(STRINGS ${THROTTLE_DEB_DIR}/changelog _throttle_changelog)
list(GET _throttle_changelog 0 _throttle_top)
if(NOT _throttle_top MATCHES "^throttle \\(${PROJECT_VERSION}\\) ")
  message(FATAL_ERROR "installer/debian/changelog: the newest entry is not version ${PROJECT_VERSION} "
                      "(project(VERSION) in CMakeLists.txt); add an entry for it")
endif()
foreach(_line IN LISTS _throttle_changelog)
  if(_line MATCHES "^ -- .*  [A-Z][a-z][a-z], ([0-9]+) ([A-Z][a-z][a-z]) ([0-9][0-9][0-9][0-9]) ")
    set(_day ${CMAKE_MATCH_1})
    set(_year ${CMAKE_MATCH_3})
    set(_throttle_months Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec)
    list(FIND _throttle_months "${CMAKE_MATCH_2}" _m)
    math(EXPR _m "${_m} + 1")
    string(LENGTH "${_day}" _dl)
    if(_dl EQUAL 1)
      set(_day "0${_day}")
    endif()
    if(_m LESS 10)
      set(_m "0${_m}")
    endif()
    set(THROTTLE_RELEASE_DATE "${_year}-${_m}-${_day}")
    break()
  endif()
endforeach()
if(NOT THROTTLE_RELEASE_DATE)
  message(FATAL_ERROR "installer/debian/changelog: no trailer line with a date in the newest entry")
endif()

# Man pages and completion, rendered from src/cli/commandtable.cpp by throttle-docgen.
set(_throttle_generated
  ${THROTTLE_DOCS_DIR}/throttle.1 ${THROTTLE_DOCS_DIR}/throttle-desktop.1
  ${THROTTLE_DOCS_DIR}/throttle.bash ${THROTTLE_DOCS_DIR}/throttle-desktop.bash ${THROTTLE_DOCS_DIR}/_throttle)
add_custom_command(OUTPUT ${_throttle_generated}
  COMMAND throttle-docgen ${THROTTLE_DOCS_DIR} ${THROTTLE_RELEASE_DATE}
  DEPENDS throttle-docgen
  COMMENT "Writing the man pages and shell completion"
  VERBATIM)
# gzip -n: no name or time stamp in the archive, so the package is reproducible (lintian).
foreach(_in IN ITEMS throttle.1 throttle-desktop.1)
  add_custom_command(OUTPUT ${THROTTLE_DOCS_DIR}/${_in}.gz
    COMMAND ${THROTTLE_GZIP} -9nkf ${_in}
    DEPENDS ${THROTTLE_DOCS_DIR}/${_in}
    WORKING_DIRECTORY ${THROTTLE_DOCS_DIR}
    VERBATIM)
  list(APPEND _throttle_generated ${THROTTLE_DOCS_DIR}/${_in}.gz)
endforeach()
add_custom_command(OUTPUT ${THROTTLE_DOCS_DIR}/changelog.gz
  COMMAND ${THROTTLE_GZIP} -9nc ${THROTTLE_DEB_DIR}/changelog > ${THROTTLE_DOCS_DIR}/changelog.gz
  DEPENDS ${THROTTLE_DEB_DIR}/changelog
  VERBATIM)
list(APPEND _throttle_generated ${THROTTLE_DOCS_DIR}/changelog.gz)

# The desktop entry and the AppStream metadata carry the app ID, the license and the version.
configure_file(${PROJECT_SOURCE_DIR}/resources/desktop/throttle.desktop.in
               ${THROTTLE_DOCS_DIR}/${THROTTLE_APP_ID}.desktop @ONLY)
configure_file(${PROJECT_SOURCE_DIR}/resources/metainfo/throttle.metainfo.xml.in
               ${THROTTLE_DOCS_DIR}/${THROTTLE_APP_ID}.metainfo.xml @ONLY)

# PNG icons for menus that do not draw SVG, rendered from the one SVG.
set(THROTTLE_ICON_SVG ${PROJECT_SOURCE_DIR}/resources/icons/throttle.svg)
set(THROTTLE_ICON_SIZES 16 22 24 32 48 64 128 256 512)
find_program(THROTTLE_RSVG_CONVERT rsvg-convert)
if(THROTTLE_RSVG_CONVERT)
  foreach(_size IN LISTS THROTTLE_ICON_SIZES)
    set(_png ${THROTTLE_DOCS_DIR}/icons/${_size}x${_size}/${THROTTLE_APP_ID}.png)
    add_custom_command(OUTPUT ${_png}
      COMMAND ${CMAKE_COMMAND} -E make_directory ${THROTTLE_DOCS_DIR}/icons/${_size}x${_size}
      COMMAND ${THROTTLE_RSVG_CONVERT} -w ${_size} -h ${_size} -o ${_png} ${THROTTLE_ICON_SVG}
      DEPENDS ${THROTTLE_ICON_SVG}
      VERBATIM)
    list(APPEND _throttle_generated ${_png})
    install(FILES ${_png} DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/${_size}x${_size}/apps)
  endforeach()
elseif(THROTTLE_PACKAGE)
  message(FATAL_ERROR "THROTTLE_PACKAGE: rsvg-convert (Debian package librsvg2-bin) renders the PNG icons")
else()
  message(STATUS "rsvg-convert not found: no PNG icons (only the SVG) are installed")
endif()
add_custom_target(throttle_docs ALL DEPENDS ${_throttle_generated})

install(FILES ${THROTTLE_DOCS_DIR}/throttle.1.gz ${THROTTLE_DOCS_DIR}/throttle-desktop.1.gz
        DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${THROTTLE_DOCS_DIR}/throttle.bash DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions
        RENAME throttle)
install(FILES ${THROTTLE_DOCS_DIR}/throttle-desktop.bash DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions
        RENAME throttle-desktop)
install(FILES ${THROTTLE_DOCS_DIR}/_throttle DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions)
if(THROTTLE_BUILD_DESKTOP)
  install(FILES ${THROTTLE_DOCS_DIR}/${THROTTLE_APP_ID}.desktop DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
  install(FILES ${THROTTLE_DOCS_DIR}/${THROTTLE_APP_ID}.metainfo.xml DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)
  install(FILES ${THROTTLE_ICON_SVG} DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps
          RENAME ${THROTTLE_APP_ID}.svg)
endif()
install(FILES ${THROTTLE_DEB_DIR}/copyright ${THROTTLE_DOCS_DIR}/changelog.gz DESTINATION ${THROTTLE_DOC_INSTALL_DIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/examples/ DESTINATION ${THROTTLE_DOC_INSTALL_DIR}/examples)

# CPack: throttle_<version>_amd64.deb. Depends = what dpkg-shlibdeps finds for the two programs,
# plus what no ELF dependency shows: the QML modules the window imports at run time
# (installer/install-deps.sh lists the same ones for building), esbuild, which transpiles scripts, and
# Qt's SQLite driver, a plugin that the run history loads at run time.
set(THROTTLE_RUNTIME_DEPENDS
  qml6-module-qtquick qml6-module-qtquick-controls qml6-module-qtquick-templates
  qml6-module-qtquick-layouts qml6-module-qtquick-window qml6-module-qtquick-dialogs
  qml6-module-qt-labs-folderlistmodel qml6-module-qtqml-workerscript qml6-module-qtcore
  esbuild libqt6sql6-sqlite)
list(JOIN THROTTLE_RUNTIME_DEPENDS ", " _throttle_depends)
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME throttle)
set(CPACK_PACKAGE_VENDOR "Throttle developers")
# The .invalid domain (RFC 2606) says plainly that there is no mailbox yet; replace it with a real
# address before the package is published (lintian rejects a .local host).
set(THROTTLE_PACKAGE_MAINTAINER "Throttle Dev <dev@throttle.invalid>" CACHE STRING "Maintainer of the Debian package")
set(CPACK_PACKAGE_CONTACT "${THROTTLE_PACKAGE_MAINTAINER}")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "k6-compatible load testing you can steer while it runs")
# The extended description: CPack indents each line and turns the empty one into " .".
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
  "Throttle runs k6-style JavaScript and TypeScript load tests and lets you
steer them while they run: change the number of virtual users, pause,
resume and stop, from the terminal (throttle), over k6's REST API, or
from a desktop application with live charts (throttle-desktop).

Scripts written for k6 run unchanged; throttle run prints k6's summary
and exits with k6's exit codes, so CI pipelines keep working.")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "${_throttle_depends}")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_DEBIAN_COMPRESSION_TYPE xz)
set(CPACK_STRIP_FILES ON)
set(CPACK_PACKAGE_INSTALL_DIRECTORY /usr)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
include(CPack)
