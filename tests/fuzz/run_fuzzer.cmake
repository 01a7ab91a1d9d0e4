# Runs one libFuzzer target for a bounded time, on a copy of its seed corpus
# in the build tree, so nothing is ever written into tests/fuzz/corpus.
#   cmake -DFUZZER=<exe> -DSEEDS=<dir> -DWORK=<dir> -DSECONDS=<n> [-DKEEP=ON] -P run_fuzzer.cmake
# WORK/corpus starts as a copy of SEEDS (KEEP=ON: keep what earlier runs
# found and add the seeds); crash inputs go to WORK/artifacts. Fails when
# the fuzzer finds a crash, a leak, a timeout or an invariant violation.
foreach(var FUZZER SEEDS WORK SECONDS)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "run_fuzzer.cmake: -D${var}=... is required")
  endif()
endforeach()

if(NOT KEEP)
  file(REMOVE_RECURSE ${WORK})
endif()
file(MAKE_DIRECTORY ${WORK}/corpus ${WORK}/artifacts)
file(GLOB seeds LIST_DIRECTORIES false ${SEEDS}/*)
file(COPY ${seeds} DESTINATION ${WORK}/corpus)

# -timeout: one input taking longer than that counts as a hang.
execute_process(
  COMMAND ${FUZZER} -max_total_time=${SECONDS} -timeout=25 -print_final_stats=1
          -artifact_prefix=${WORK}/artifacts/ ${WORK}/corpus
  RESULT_VARIABLE status
  ERROR_VARIABLE log
  OUTPUT_VARIABLE out)
file(WRITE ${WORK}/fuzzer.log "${out}${log}")

string(REGEX MATCH "stat::number_of_executed_units: *[0-9]+" runs "${log}")
string(REGEX MATCH "[0-9]+$" runs "${runs}")
string(REGEX MATCH "stat::new_units_added: *[0-9]+" added "${log}")
string(REGEX MATCH "[0-9]+$" added "${added}")
get_filename_component(name ${FUZZER} NAME)
if(NOT status EQUAL 0)
  file(GLOB found ${WORK}/artifacts/*)
  message(FATAL_ERROR "${log}\n${name}: FAILED (exit ${status}); the input is in: ${found}\n"
                      "Reproduce: ${FUZZER} <that file>")
endif()
message("${name}: no crash in ${SECONDS} s; ${runs} executions, ${added} new inputs (log: ${WORK}/fuzzer.log)")
