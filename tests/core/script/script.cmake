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
throttle_add_qtest(tst_vutimers SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_vutimers.cpp LIBS throttle_script)
target_compile_definitions(tst_vutimers PRIVATE THROTTLE_FIXTURES="${PROJECT_SOURCE_DIR}/tests/fixtures")
throttle_add_qtest(tst_timerqueue SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_timerqueue.cpp LIBS throttle_script)
throttle_add_qtest(tst_scriptsources SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_scriptsources.cpp LIBS throttle_script)
target_compile_definitions(tst_scriptsources PRIVATE THROTTLE_FIXTURES="${PROJECT_SOURCE_DIR}/tests/fixtures")
