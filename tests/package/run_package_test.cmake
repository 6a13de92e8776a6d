# One consumer route, from scratch: builds a small consumer project against docker-cpp the way
# a user would, then runs it.
#
#   cmake -DROUTE=... -DSOURCE_DIR=... -DWORK_DIR=... -DCXX_COMPILER=... -DGENERATOR=...
#         [-DVENDORED_JSON=ON] -P run_package_test.cmake
#
# ROUTE: install       install into a scratch prefix; find_package(docker-cpp CONFIG)
#        pkgconfig     install into a scratch prefix; a Makefile using pkg-config
#        subdirectory  add_subdirectory() of a copy of the repository
#        fetchcontent  FetchContent from a local git repository holding a copy
#        single-header the compiler alone: single_include/ and JSON_INCLUDE_DIR on the path
#        compiled      the compiler alone, compiled mode by hand (docs/performance.md): every
#                      file with -DDOCKER_CPP_COMPILED, one file defining the bodies
# VENDORED_JSON=ON: the superbuild defines nlohmann_json::nlohmann_json itself, from a copy of
# JSON_INCLUDE_DIR/nlohmann, and forbids find_package(nlohmann_json) (subdirectory and
# fetchcontent routes).
file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR})
set(prefix ${WORK_DIR}/prefix)
set(here ${CMAKE_CURRENT_LIST_DIR})

function(run_step)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE result OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "step failed (${result}): ${ARGN}\n${out}\n${err}")
  endif()
  set(step_output "${out}" PARENT_SCOPE)
endfunction()

function(install_library)
  run_step(${CMAKE_COMMAND} -S ${SOURCE_DIR} -B ${WORK_DIR}/lib -G ${GENERATOR}
    -DCMAKE_INSTALL_PREFIX=${prefix} -DDOCKER_CPP_BUILD_TESTS=OFF -DDOCKER_CPP_BUILD_EXAMPLES=OFF)
  run_step(${CMAKE_COMMAND} --install ${WORK_DIR}/lib)
endfunction()

# The repository as a user's clone would hold it: the files git tracks or would track (the
# working tree's versions), nothing from build directories.
function(copy_repository destination)
  run_step(git -C ${SOURCE_DIR} ls-files --cached --others --exclude-standard)
  string(REPLACE "\n" ";" files "${step_output}")
  foreach(file ${files})
    if(EXISTS ${SOURCE_DIR}/${file} AND NOT IS_DIRECTORY ${SOURCE_DIR}/${file})
      get_filename_component(dir ${destination}/${file} DIRECTORY)
      file(COPY ${SOURCE_DIR}/${file} DESTINATION ${dir})
    endif()
  endforeach()
endfunction()

if(ROUTE STREQUAL "install")
  install_library()
  # Ask for this major.minor, as a user pinning the version does (checks the version file).
  file(STRINGS ${SOURCE_DIR}/include/docker/version.hpp lines REGEX "^#define DOCKER_CPP_VERSION_(MAJOR|MINOR) ")
  string(REGEX REPLACE "[^;]* ([0-9]+);[^;]* ([0-9]+)" "\\1.\\2" request "${lines}")
  run_step(${CMAKE_COMMAND} -S ${here}/consumer -B ${WORK_DIR}/consumer -G ${GENERATOR}
    -DCMAKE_CXX_COMPILER=${CXX_COMPILER} -DCMAKE_PREFIX_PATH=${prefix} -DREQUEST_VERSION=${request})
  run_step(${CMAKE_COMMAND} --build ${WORK_DIR}/consumer)
  set(consumer ${WORK_DIR}/consumer/consumer)
elseif(ROUTE STREQUAL "pkgconfig")
  install_library()
  set(ENV{PKG_CONFIG_PATH} ${prefix}/share/pkgconfig)
  run_step(pkg-config --cflags --libs docker-cpp)
  message(STATUS "pkg-config --cflags --libs docker-cpp: ${step_output}")
  run_step(make -f ${here}/makefile/Makefile -C ${WORK_DIR} CXX=${CXX_COMPILER} MAIN=${here}/consumer/main.cpp)
  set(consumer ${WORK_DIR}/consumer)
elseif(ROUTE STREQUAL "subdirectory" OR ROUTE STREQUAL "fetchcontent")
  copy_repository(${WORK_DIR}/docker-cpp)
  set(source ${WORK_DIR}/docker-cpp)
  set(extra "")
  if(ROUTE STREQUAL "fetchcontent")
    set(git git -C ${source} -c user.name=test -c user.email=test@invalid)
    run_step(${git} init -q)
    run_step(${git} add -A)
    run_step(${git} commit -q -m copy)
    run_step(${git} rev-parse HEAD)
    string(STRIP "${step_output}" commit)
    set(source file://${source})
    list(APPEND extra -DDOCKER_CPP_GIT_TAG=${commit})
  endif()
  if(VENDORED_JSON)
    # The superbuild's own copy, somewhere find_package would never look.
    if(NOT EXISTS ${JSON_INCLUDE_DIR}/nlohmann/json.hpp)
      message(FATAL_ERROR "JSON_INCLUDE_DIR '${JSON_INCLUDE_DIR}' holds no nlohmann/json.hpp")
    endif()
    file(COPY ${JSON_INCLUDE_DIR}/nlohmann DESTINATION ${WORK_DIR}/vendored/include)
    set(VENDORED_JSON_NOTE " (superbuild's own nlohmann_json target)")
    list(APPEND extra -DVENDORED_JSON_DIR=${WORK_DIR}/vendored/include)
  endif()
  run_step(${CMAKE_COMMAND} -S ${here}/superbuild -B ${WORK_DIR}/superbuild -G ${GENERATOR}
    -DCMAKE_CXX_COMPILER=${CXX_COMPILER} -DDOCKER_CPP_ROUTE=${ROUTE} -DDOCKER_CPP_SOURCE=${source} ${extra})
  run_step(${CMAKE_COMMAND} --build ${WORK_DIR}/superbuild)
  set(consumer ${WORK_DIR}/superbuild/consumer)
elseif(ROUTE STREQUAL "single-header")
  run_step(${CXX_COMPILER} -std=c++17 -I${SOURCE_DIR}/single_include -I${JSON_INCLUDE_DIR}
    -o ${WORK_DIR}/consumer ${here}/consumer/main.cpp -pthread)
  set(consumer ${WORK_DIR}/consumer)
elseif(ROUTE STREQUAL "compiled")
  foreach(file implementation main)
    run_step(${CXX_COMPILER} -std=c++17 -DDOCKER_CPP_COMPILED -I${SOURCE_DIR}/include -I${JSON_INCLUDE_DIR}
      -c ${here}/compiled/${file}.cpp -o ${WORK_DIR}/${file}.o)
  endforeach()
  run_step(${CXX_COMPILER} -o ${WORK_DIR}/consumer ${WORK_DIR}/implementation.o ${WORK_DIR}/main.o -pthread)
  # The user's file holds none of the client core's bodies: they are compiled once, in
  # implementation.o (a body left inline in a header would show here as a definition).
  execute_process(COMMAND nm -C --defined-only ${WORK_DIR}/main.o OUTPUT_VARIABLE symbols RESULT_VARIABLE result)
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "nm main.o failed (${result})")
  endif()
  foreach(body "docker::Client::Client(" "docker::Client::request_prepared(" "docker::http::Connection::read_head("
      "docker::http::ResponseParser::parse_step(" "docker::transport::Socket::connect_unix("
      "docker::Endpoint::parse(" "docker::config::resolve_connection(" "docker::ApiError::ApiError(")
    string(FIND "${symbols}" "${body}" at)
    if(NOT at EQUAL -1)
      message(FATAL_ERROR "compiled mode: main.o defines ${body}...), whose body belongs in implementation.o")
    endif()
  endforeach()
  set(consumer ${WORK_DIR}/consumer)
else()
  message(FATAL_ERROR "unknown ROUTE '${ROUTE}'")
endif()

run_step(${consumer})
message(STATUS "route ${ROUTE}${VENDORED_JSON_NOTE}: consumer built and ran: ${step_output}")
