# throttle_transpile: esbuild (the Debian package's binary, run in service mode) turns k6 scripts
# and TypeScript into the dialect Qt 6.4's engine understands; the tree walker mirrors a script and
# its local imports into a cache with their source maps; the built-in polyfills are installed into
# every VU engine. Nothing from npm: esbuild is found at run time (THROTTLE_ESBUILD or PATH).
set(THROTTLE_JS_DIR ${PROJECT_SOURCE_DIR}/resources/js)

add_library(throttle_transpile STATIC
  ${CMAKE_CURRENT_LIST_DIR}/transpileerror.h ${CMAKE_CURRENT_LIST_DIR}/transpileerror.cpp
  ${CMAKE_CURRENT_LIST_DIR}/transpiler.h ${CMAKE_CURRENT_LIST_DIR}/transpiler.cpp
  ${CMAKE_CURRENT_LIST_DIR}/transpiledtree.h ${CMAKE_CURRENT_LIST_DIR}/transpiledtree.cpp
  ${CMAKE_CURRENT_LIST_DIR}/outputimports.h ${CMAKE_CURRENT_LIST_DIR}/outputimports.cpp
  ${CMAKE_CURRENT_LIST_DIR}/esbuildexecutable.h ${CMAKE_CURRENT_LIST_DIR}/esbuildexecutable.cpp
  ${CMAKE_CURRENT_LIST_DIR}/esbuildpacket.h ${CMAKE_CURRENT_LIST_DIR}/esbuildpacket.cpp
  ${CMAKE_CURRENT_LIST_DIR}/esbuildservice.h ${CMAKE_CURRENT_LIST_DIR}/esbuildservice.cpp
  ${CMAKE_CURRENT_LIST_DIR}/sourcemap.h ${CMAKE_CURRENT_LIST_DIR}/sourcemap.cpp
  ${CMAKE_CURRENT_LIST_DIR}/sourcemapper.h ${CMAKE_CURRENT_LIST_DIR}/sourcemapper.cpp
  ${CMAKE_CURRENT_LIST_DIR}/codeframe.h ${CMAKE_CURRENT_LIST_DIR}/codeframe.cpp
  ${CMAKE_CURRENT_LIST_DIR}/stacknames.h ${CMAKE_CURRENT_LIST_DIR}/stacknames.cpp
  ${CMAKE_CURRENT_LIST_DIR}/tailcallguard.h ${CMAKE_CURRENT_LIST_DIR}/tailcallguard.cpp
  ${CMAKE_CURRENT_LIST_DIR}/compilernoise.h ${CMAKE_CURRENT_LIST_DIR}/compilernoise.cpp
  ${CMAKE_CURRENT_LIST_DIR}/polyfills.h ${CMAKE_CURRENT_LIST_DIR}/polyfills.cpp
)
target_include_directories(throttle_transpile PUBLIC ${PROJECT_SOURCE_DIR}/src)
target_link_libraries(throttle_transpile PUBLIC Qt6::Core Qt6::Qml)

# The polyfills run in every VU engine, so they are compiled ahead of time: qmlcachegen turns the
# ES module into bytecode linked into the library, and QJSEngine::importModule picks that up
# instead of parsing (measured ~0.3 ms per engine instead of ~1 ms). This needs a QML module
# around it; it has no QML types and no plugin. Import path: :/qt/qml/Throttle/Transpile/.
set_source_files_properties(${THROTTLE_JS_DIR}/polyfills.mjs PROPERTIES QT_RESOURCE_ALIAS polyfills.mjs)
qt_add_qml_module(throttle_transpile
  URI Throttle.Transpile
  VERSION 1.0
  RESOURCE_PREFIX /qt/qml
  OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/qml/Throttle/Transpile
  NO_PLUGIN
  QML_FILES ${THROTTLE_JS_DIR}/polyfills.mjs
)
