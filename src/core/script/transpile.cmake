# throttle_transpile: Babel (run inside a QJSEngine) to turn k6 scripts into the dialect Qt 6.4's
# engine understands, the tree walker that mirrors a script and its local imports into a cache,
# and the built-in polyfills installed into every VU engine.
set(THROTTLE_JS_DIR ${PROJECT_SOURCE_DIR}/resources/js)
set(THROTTLE_BABEL_DIR ${THROTTLE_JS_DIR}/node_modules/@babel/standalone)

if(NOT EXISTS ${THROTTLE_BABEL_DIR}/babel.min.js)
  message(FATAL_ERROR
    "Babel is missing: ${THROTTLE_BABEL_DIR}/babel.min.js not found.\n"
    "Run installer/install-deps.sh (it runs `npm ci` in resources/js), then configure again.")
endif()

# The Babel version goes into the cache salt, so upgrading Babel invalidates cached transpiles.
file(READ ${THROTTLE_BABEL_DIR}/package.json _throttle_babel_pkg)
string(JSON THROTTLE_BABEL_VERSION GET "${_throttle_babel_pkg}" version)

add_library(throttle_transpile STATIC
  ${CMAKE_CURRENT_LIST_DIR}/transpiler.h
  ${CMAKE_CURRENT_LIST_DIR}/transpiler.cpp
  ${CMAKE_CURRENT_LIST_DIR}/transpiledtree.h
  ${CMAKE_CURRENT_LIST_DIR}/transpiledtree.cpp
  ${CMAKE_CURRENT_LIST_DIR}/polyfills.h
  ${CMAKE_CURRENT_LIST_DIR}/polyfills.cpp
)
target_include_directories(throttle_transpile PUBLIC ${PROJECT_SOURCE_DIR}/src)
target_link_libraries(throttle_transpile PUBLIC Qt6::Core Qt6::Qml)
target_compile_definitions(throttle_transpile PRIVATE
  THROTTLE_BABEL_VERSION="${THROTTLE_BABEL_VERSION}")

# Embedded under :/throttle/js/. babel.min.js is ~3 MB; rcc's default zlib compression shrinks
# it to ~0.5 MB, so the generated C++ array compiles in a few seconds (measured: whole library
# ~5 s at -j2). Qt 6.4's qt_add_resources has no BIG_RESOURCES option (that arrived later), and
# qt_add_big_resources is not needed at this size.
set_source_files_properties(${THROTTLE_BABEL_DIR}/babel.min.js PROPERTIES QT_RESOURCE_ALIAS babel.min.js)
qt_add_resources(throttle_transpile throttle_transpile_js
  PREFIX /throttle/js
  BASE ${THROTTLE_JS_DIR}
  FILES
    ${THROTTLE_BABEL_DIR}/babel.min.js
    ${THROTTLE_JS_DIR}/transpile.js
)

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
