# The libFuzzer targets (docs/security.md, "Fuzzing"): one executable
# fuzz_NAME per tests/fuzz/fuzz_NAME.c, with the helpers of this folder.
# Included by CMakeLists.txt with -DCALLCLOUD_FUZZ=ON under clang, which
# then builds all the code with -fsanitize=fuzzer-no-link (coverage) plus
# ASan and UBSan; `make fuzz` and `make test` run them (tests/fuzz/run.sh).
# The helpers: fuzz_loop (libre's loop), fuzz_daemon and fuzz_sipsw.
set(FUZZ_HELPERS loop daemon sipsw)
set(FUZZ_UTIL_SRC)
foreach(h ${FUZZ_HELPERS})
  list(APPEND FUZZ_UTIL_SRC tests/fuzz/fuzz_${h}.c)
endforeach()
add_library(fuzz_util STATIC ${FUZZ_UTIL_SRC})
target_include_directories(fuzz_util PUBLIC tests/fuzz)
target_link_libraries(fuzz_util PUBLIC callcloud_core)
target_compile_definitions(fuzz_util PRIVATE
  FUZZ_WEB_ROOT="${CMAKE_SOURCE_DIR}/web"
  # the SIP switch makes its WebRTC certificate there the first time
  FUZZ_DTLS_CERT="${CMAKE_BINARY_DIR}/fuzz-dtls.pem")

# Every other tests/fuzz/fuzz_NAME.c is a target.
file(GLOB FUZZ_TARGETS CONFIGURE_DEPENDS tests/fuzz/fuzz_*.c)
foreach(h ${FUZZ_HELPERS})
  list(REMOVE_ITEM FUZZ_TARGETS ${CMAKE_SOURCE_DIR}/tests/fuzz/fuzz_${h}.c)
endforeach()
add_custom_target(fuzzers)
foreach(src ${FUZZ_TARGETS})
  get_filename_component(name ${src} NAME_WE)
  add_executable(${name} ${src})
  target_link_options(${name} PRIVATE -fsanitize=fuzzer)
  if(name STREQUAL "fuzz_agentbar")
    # the SDK on its own, its private headers as its files see them
    target_include_directories(${name} PRIVATE lib/agentbar lib/common)
    target_link_libraries(${name} PRIVATE agentbar_static)
  else()
    target_link_libraries(${name} PRIVATE fuzz_util)
  endif()
  add_dependencies(fuzzers ${name})
endforeach()
