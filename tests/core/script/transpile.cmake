# tests for throttle_transpile
throttle_add_qtest(tst_transpiler
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_transpiler.cpp
  LIBS throttle_transpile)
target_compile_definitions(tst_transpiler PRIVATE
  THROTTLE_TRANSPILE_DATA="${CMAKE_CURRENT_LIST_DIR}/data/transpile")
throttle_add_qtest(tst_sourcemap
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_sourcemap.cpp
  LIBS throttle_transpile)
