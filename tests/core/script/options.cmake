# tests for throttle_options
throttle_add_qtest(tst_duration SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_duration.cpp LIBS throttle_options)
throttle_add_qtest(tst_options SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_options.cpp LIBS throttle_options)
throttle_add_qtest(tst_optionsscenarios SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_optionsscenarios.cpp
                   LIBS throttle_options)
throttle_add_qtest(tst_executionsegment SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_executionsegment.cpp
                   LIBS throttle_options)
