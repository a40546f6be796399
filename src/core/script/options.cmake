# throttle_options: option sources, consolidation, scenario configuration, durations.
# Pure Qt Core; no engine, no threads. See optionsconsolidator.h for the entry point.
add_library(throttle_options STATIC
  ${CMAKE_CURRENT_LIST_DIR}/duration.cpp
  ${CMAKE_CURRENT_LIST_DIR}/executionsegment.cpp
  ${CMAKE_CURRENT_LIST_DIR}/executionsegmentsequence.cpp
  ${CMAKE_CURRENT_LIST_DIR}/executiontuple.cpp
  ${CMAKE_CURRENT_LIST_DIR}/jsonvaluereader.cpp
  ${CMAKE_CURRENT_LIST_DIR}/scenarioconfig.cpp
  ${CMAKE_CURRENT_LIST_DIR}/scenarioparser.cpp
  ${CMAKE_CURRENT_LIST_DIR}/options.cpp
  ${CMAKE_CURRENT_LIST_DIR}/optionsparser.cpp
  ${CMAKE_CURRENT_LIST_DIR}/envoptionsreader.cpp
  ${CMAKE_CURRENT_LIST_DIR}/optionsconsolidator.cpp
  # The exit codes every layer uses (header only); listed here, in the lowest library that uses it.
  ${PROJECT_SOURCE_DIR}/src/core/exitcodes.h
)
target_include_directories(throttle_options PUBLIC ${PROJECT_SOURCE_DIR}/src)
target_link_libraries(throttle_options PUBLIC Qt6::Core)
