# throttle_fiber: the fiber primitives of the many-VUs-per-thread engine (docs/vu-engine.md).
# Phase 1 of issue 14: built and tested on their own; nothing in the run uses them yet.
find_package(Boost 1.74 REQUIRED COMPONENTS context)
add_library(throttle_fiber STATIC
  ${CMAKE_CURRENT_LIST_DIR}/fiberstack.h ${CMAKE_CURRENT_LIST_DIR}/fiberstack.cpp
  ${CMAKE_CURRENT_LIST_DIR}/fiber.h ${CMAKE_CURRENT_LIST_DIR}/fiber.cpp
  ${CMAKE_CURRENT_LIST_DIR}/fibertask.h
  ${CMAKE_CURRENT_LIST_DIR}/fiberworker.h ${CMAKE_CURRENT_LIST_DIR}/fiberworker.cpp
)
target_include_directories(throttle_fiber PUBLIC ${PROJECT_SOURCE_DIR}/src)
target_link_libraries(throttle_fiber PUBLIC Boost::context CURL::libcurl)
