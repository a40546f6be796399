# throttle_script: the per-VU JavaScript runtime and the built-in k6 modules.
add_library(throttle_script STATIC
  ${CMAKE_CURRENT_LIST_DIR}/logsink.h
  ${CMAKE_CURRENT_LIST_DIR}/runhooks.h
  ${CMAKE_CURRENT_LIST_DIR}/importscanner.h ${CMAKE_CURRENT_LIST_DIR}/importscanner.cpp
  ${CMAKE_CURRENT_LIST_DIR}/scriptcontext.h ${CMAKE_CURRENT_LIST_DIR}/scriptcontext.cpp
  ${CMAKE_CURRENT_LIST_DIR}/scriptloader.h ${CMAKE_CURRENT_LIST_DIR}/scriptloader.cpp
  ${CMAKE_CURRENT_LIST_DIR}/loadcancel.h ${CMAKE_CURRENT_LIST_DIR}/loadcancel.cpp
  ${CMAKE_CURRENT_LIST_DIR}/compiledunits.h ${CMAKE_CURRENT_LIST_DIR}/compiledunits.cpp
  ${CMAKE_CURRENT_LIST_DIR}/remotefetcher.h ${CMAKE_CURRENT_LIST_DIR}/remotefetcher.cpp
  ${CMAKE_CURRENT_LIST_DIR}/remotecache.h ${CMAKE_CURRENT_LIST_DIR}/remotecache.cpp
  ${CMAKE_CURRENT_LIST_DIR}/remotemodules.h ${CMAKE_CURRENT_LIST_DIR}/remotemodules.cpp
  ${CMAKE_CURRENT_LIST_DIR}/vuruntime.h ${CMAKE_CURRENT_LIST_DIR}/vuruntime.cpp
  ${CMAKE_CURRENT_LIST_DIR}/vuruntimeloop.cpp
  ${CMAKE_CURRENT_LIST_DIR}/vueventloop.h ${CMAKE_CURRENT_LIST_DIR}/vueventloop.cpp
  ${CMAKE_CURRENT_LIST_DIR}/timerqueue.h ${CMAKE_CURRENT_LIST_DIR}/timerqueue.cpp
  ${CMAKE_CURRENT_LIST_DIR}/promisejobs.h ${CMAKE_CURRENT_LIST_DIR}/promisejobs.cpp
  ${CMAKE_CURRENT_LIST_DIR}/vunative.h ${CMAKE_CURRENT_LIST_DIR}/vunative.cpp
  ${CMAKE_CURRENT_LIST_DIR}/vunativehttp.cpp ${CMAKE_CURRENT_LIST_DIR}/vunativebatch.cpp
  ${CMAKE_CURRENT_LIST_DIR}/vunativerequire.cpp ${CMAKE_CURRENT_LIST_DIR}/vunativeparams.cpp ${CMAKE_CURRENT_LIST_DIR}/vunativentlm.cpp
  ${CMAKE_CURRENT_LIST_DIR}/responsememo.h ${CMAKE_CURRENT_LIST_DIR}/responsememo.cpp
  ${CMAKE_CURRENT_LIST_DIR}/requestratelimiter.h
  ${CMAKE_CURRENT_LIST_DIR}/jscookiejar.h ${CMAKE_CURRENT_LIST_DIR}/jscookiejar.cpp
  ${CMAKE_CURRENT_LIST_DIR}/rfc1123time.h ${CMAKE_CURRENT_LIST_DIR}/rfc1123time.cpp
  ${CMAKE_CURRENT_LIST_DIR}/k6codec.h ${CMAKE_CURRENT_LIST_DIR}/k6codec.cpp
  ${CMAKE_CURRENT_LIST_DIR}/k6data.h ${CMAKE_CURRENT_LIST_DIR}/k6data.cpp
  ${CMAKE_CURRENT_LIST_DIR}/sharedarraystore.h ${CMAKE_CURRENT_LIST_DIR}/sharedarraystore.cpp
  ${CMAKE_CURRENT_LIST_DIR}/sha512t.h ${CMAKE_CURRENT_LIST_DIR}/sha512t.cpp
  ${CMAKE_CURRENT_LIST_DIR}/ripemd160.h ${CMAKE_CURRENT_LIST_DIR}/ripemd160.cpp
  ${CMAKE_CURRENT_LIST_DIR}/vunativejson.cpp ${CMAKE_CURRENT_LIST_DIR}/vunativetags.cpp
  ${CMAKE_CURRENT_LIST_DIR}/systemtags.h ${CMAKE_CURRENT_LIST_DIR}/systemtags.cpp
  ${CMAKE_CURRENT_LIST_DIR}/jsonscan.h ${CMAKE_CURRENT_LIST_DIR}/jsonscan.cpp
  ${CMAKE_CURRENT_LIST_DIR}/jsonpath.h ${CMAKE_CURRENT_LIST_DIR}/jsonpath.cpp
  ${CMAKE_CURRENT_LIST_DIR}/jsonpathsyntax.h ${CMAKE_CURRENT_LIST_DIR}/jsonpathsyntax.cpp
  ${CMAKE_CURRENT_LIST_DIR}/jsonpathmodifiers.h ${CMAKE_CURRENT_LIST_DIR}/jsonpathmodifiers.cpp
  ${CMAKE_CURRENT_LIST_DIR}/jsonpretty.h ${CMAKE_CURRENT_LIST_DIR}/jsonpretty.cpp
)
qt_add_resources(throttle_script k6bootstrap
  PREFIX /throttle/k6
  BASE ${PROJECT_SOURCE_DIR}/resources/k6
  FILES ${PROJECT_SOURCE_DIR}/resources/k6/bootstrap.js
)
# The built-in modules load into every VU engine: compile them ahead of time (qmlcachegen), as the
# polyfills are (transpile.cmake). A QML module without types or plugin; path :/qt/qml/Throttle/K6/.
# k6/html is split by responsibility; its parts load with it (only when a script uses it).
foreach(_m k6 http metrics execution encoding crypto webcrypto data html htmlparse htmlentities htmlselect
        htmlrender htmlelement htmlform htmltags htmlurl)
  set_source_files_properties(${PROJECT_SOURCE_DIR}/resources/k6/${_m}.mjs PROPERTIES QT_RESOURCE_ALIAS ${_m}.mjs)
endforeach()
qt_add_qml_module(throttle_script
  URI Throttle.K6
  VERSION 1.0
  RESOURCE_PREFIX /qt/qml
  OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/qml/Throttle/K6
  NO_PLUGIN
  QML_FILES
    ${PROJECT_SOURCE_DIR}/resources/k6/k6.mjs
    ${PROJECT_SOURCE_DIR}/resources/k6/http.mjs
    ${PROJECT_SOURCE_DIR}/resources/k6/metrics.mjs
    ${PROJECT_SOURCE_DIR}/resources/k6/execution.mjs
    ${PROJECT_SOURCE_DIR}/resources/k6/encoding.mjs
    ${PROJECT_SOURCE_DIR}/resources/k6/crypto.mjs
    ${PROJECT_SOURCE_DIR}/resources/k6/webcrypto.mjs
    ${PROJECT_SOURCE_DIR}/resources/k6/data.mjs
    ${PROJECT_SOURCE_DIR}/resources/k6/html.mjs
    ${PROJECT_SOURCE_DIR}/resources/k6/htmlparse.mjs
    ${PROJECT_SOURCE_DIR}/resources/k6/htmlentities.mjs
    ${PROJECT_SOURCE_DIR}/resources/k6/htmlselect.mjs
    ${PROJECT_SOURCE_DIR}/resources/k6/htmlrender.mjs
    ${PROJECT_SOURCE_DIR}/resources/k6/htmlelement.mjs
    ${PROJECT_SOURCE_DIR}/resources/k6/htmlform.mjs
    ${PROJECT_SOURCE_DIR}/resources/k6/htmltags.mjs
    ${PROJECT_SOURCE_DIR}/resources/k6/htmlurl.mjs
)
target_include_directories(throttle_script PUBLIC ${PROJECT_SOURCE_DIR}/src)
# Qt6::QmlPrivate: CompiledUnits shares one compile among the VU engines (ExecutionEngine::modules).
target_link_libraries(throttle_script PRIVATE Qt6::QmlPrivate)
target_link_libraries(throttle_script PUBLIC Qt6::Core Qt6::Qml throttle_transpile throttle_options
                      throttle_metrics throttle_http)
