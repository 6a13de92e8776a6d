# Installs docker-cpp into a scratch prefix, then configures, builds and runs a consumer
# project that finds it with find_package(docker-cpp CONFIG REQUIRED).
file(REMOVE_RECURSE ${WORK_DIR})
set(prefix ${WORK_DIR}/prefix)

function(run_step)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE result OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "step failed (${result}): ${ARGN}\n${out}\n${err}")
  endif()
endfunction()

run_step(${CMAKE_COMMAND} -S ${SOURCE_DIR} -B ${WORK_DIR}/lib -G ${GENERATOR}
  -DCMAKE_INSTALL_PREFIX=${prefix} -DDOCKER_CPP_BUILD_TESTS=OFF -DDOCKER_CPP_BUILD_EXAMPLES=OFF)
run_step(${CMAKE_COMMAND} --install ${WORK_DIR}/lib)
run_step(${CMAKE_COMMAND} -S ${SOURCE_DIR}/tests/package/consumer -B ${WORK_DIR}/consumer -G ${GENERATOR}
  -DCMAKE_CXX_COMPILER=${CXX_COMPILER} -DCMAKE_PREFIX_PATH=${prefix})
run_step(${CMAKE_COMMAND} --build ${WORK_DIR}/consumer)
run_step(${WORK_DIR}/consumer/consumer)
message(STATUS "consumer built and ran against the installed package in ${prefix}")
