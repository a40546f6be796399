# tests for throttle_script: loading, error reporting, the built-in modules, interruption
throttle_add_qtest(tst_vuruntime SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_vuruntime.cpp
                   LIBS throttle_script throttle_demo)
target_compile_definitions(tst_vuruntime PRIVATE THROTTLE_FIXTURES="${PROJECT_SOURCE_DIR}/tests/fixtures")
throttle_add_qtest(tst_k6modules SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_k6modules.cpp LIBS throttle_script)
target_compile_definitions(tst_k6modules PRIVATE THROTTLE_FIXTURES="${PROJECT_SOURCE_DIR}/tests/fixtures")
throttle_add_qtest(tst_k6http SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_k6http.cpp LIBS throttle_script)
target_compile_definitions(tst_k6http PRIVATE THROTTLE_FIXTURES="${PROJECT_SOURCE_DIR}/tests/fixtures")
throttle_add_qtest(tst_k6html SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_k6html.cpp LIBS throttle_script)
target_compile_definitions(tst_k6html PRIVATE THROTTLE_FIXTURES="${PROJECT_SOURCE_DIR}/tests/fixtures")
throttle_add_qtest(tst_vuasync SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_vuasync.cpp LIBS throttle_script)
target_compile_definitions(tst_vuasync PRIVATE THROTTLE_FIXTURES="${PROJECT_SOURCE_DIR}/tests/fixtures")
throttle_add_qtest(tst_requestratelimiter SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_requestratelimiter.cpp
                   LIBS throttle_script)
throttle_add_qtest(tst_jsonpath SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_jsonpath.cpp LIBS throttle_script)
target_compile_definitions(tst_jsonpath PRIVATE THROTTLE_FIXTURES="${PROJECT_SOURCE_DIR}/tests/fixtures")
throttle_add_qtest(tst_k6json SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_k6json.cpp LIBS throttle_script)
target_compile_definitions(tst_k6json PRIVATE THROTTLE_FIXTURES="${PROJECT_SOURCE_DIR}/tests/fixtures")
