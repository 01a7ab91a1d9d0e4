# Helpers shared by the project's CMake files.

# arenalab_expose(TARGET NAME FOLDER): gives TARGET an include root that holds
# only FOLDER, under the name NAME, so `#include "NAME/x.hpp"` works for
# TARGET and everything linking it, and no other folder of the project is
# reachable through it. Each library's headers sit beside its sources
# (arena/, app/lab/, ...); a root holding just a link to that folder lets a
# library expose only its own headers without moving them. A wrong include
# (`gui/` from `cli/`, `lab/` from `arena/`) then fails to compile, and
# tests/layers checks the same rule by reading the sources.
function(arenalab_expose target name folder)
  set(root ${PROJECT_BINARY_DIR}/include/${name})
  file(MAKE_DIRECTORY ${root})
  if(NOT IS_SYMLINK ${root}/${name})
    file(CREATE_LINK ${folder} ${root}/${name} SYMBOLIC)
  endif()
  target_include_directories(${target} PUBLIC ${root})
endfunction()

# arenalab_embed(TARGET NAMESPACE HEADER SYMBOL INPUT [SYMBOL INPUT ...]):
# builds each INPUT's bytes into TARGET as `const std::string_view
# NAMESPACE::SYMBOL`, declared in HEADER, so the program needs no file
# beside it. The one way the project embeds files (fonts, shaders, the
# port's source, the example, lessons). The files of one call share one
# generated source file named after the first SYMBOL: a compiler start
# per lesson cost more than the lesson (docs/performance.md, "Test time").
function(arenalab_embed target namespace header)
  set(pairs ${ARGN})
  list(LENGTH pairs count)
  math(EXPR odd "${count} % 2")
  if(count EQUAL 0 OR odd)
    message(FATAL_ERROR "arenalab_embed(${target}): give SYMBOL INPUT pairs")
  endif()
  set(symbols)
  set(inputs)
  while(pairs)
    list(POP_FRONT pairs symbol input)
    list(APPEND symbols ${symbol})
    list(APPEND inputs ${input})
  endwhile()
  list(GET symbols 0 first)
  list(JOIN symbols "|" symbol_arg)
  list(JOIN inputs "|" input_arg)
  set(output ${CMAKE_CURRENT_BINARY_DIR}/embedded/${first}.cpp)
  add_custom_command(
    OUTPUT ${output}
    COMMAND ${CMAKE_COMMAND} -DINPUT=${input_arg} -DOUTPUT=${output} -DSYMBOL=${symbol_arg}
            -DNAMESPACE=${namespace} -DHEADER=${header}
            -P ${PROJECT_SOURCE_DIR}/cmake/embed.cmake
    DEPENDS ${inputs} ${PROJECT_SOURCE_DIR}/cmake/embed.cmake
    COMMENT "Embedding ${symbol_arg}"
    VERBATIM)
  target_sources(${target} PRIVATE ${output})
  # Out of unity batches (arenalab_unity): a large literal compiled alone,
  # not again with every change to the code beside it.
  set_source_files_properties(${output} PROPERTIES SKIP_UNITY_BUILD_INCLUSION ON)
  # A target of its own, so a copy of TARGET in another folder (tests/fuzz)
  # can wait for the file: a custom command's rule lives in its folder only.
  # TARGET waits for it too, so the rule never runs twice at once.
  add_custom_target(embed_${target}_${first} DEPENDS ${output})
  add_dependencies(${target} embed_${target}_${first})
  set_property(TARGET ${target} APPEND PROPERTY ARENALAB_EMBEDDED embed_${target}_${first})
endfunction()

# arenalab_unity(TARGET): TARGET compiles as unity translation units, each
# of up to ARENALAB_UNITY_BATCH of its files included one after another
# (CMake's UNITY_BUILD). Most of a file's compile time here is not its own
# code but the inline functions and templates of the headers it shares
# with the rest of its target (the standard library, fmt, Dear ImGui),
# compiled and optimised again in every file; a batch does that once
# (docs/performance.md, "Test time"). Files built in by arenalab_embed
# stay out of the batches. What a new file needs (docs/architecture.md,
# "Adding a file"): names at namespace scope in a .cpp, anonymous
# namespace or not, differ from every other file's of the target, since
# any two files may share a batch; a clash fails to compile.
# -DARENALAB_UNITY=OFF compiles file by file (quicker to rebuild one file).
option(ARENALAB_UNITY "Compile the larger targets as unity batches (docs/performance.md)" ON)
set(ARENALAB_UNITY_BATCH 8 CACHE STRING "Files per unity translation unit (arenalab_unity)")
function(arenalab_unity target)
  if(ARENALAB_UNITY)
    set_target_properties(${target} PROPERTIES UNITY_BUILD ON UNITY_BUILD_BATCH_SIZE ${ARENALAB_UNITY_BATCH})
  endif()
endfunction()

# arenalab_copy_library(COPY ORIGINAL): a static library COPY compiled from
# all of ORIGINAL's sources, with its include directories and definitions,
# waiting for the files it builds in; the caller adds the options and
# libraries that make the copy differ (tests/lab's race mutant). A whole
# copy, linked instead of ORIGINAL, so no object of the two ever defines a
# symbol of the other (unity batches hold many).
function(arenalab_copy_library copy original)
  get_target_property(sources ${original} SOURCES)
  get_target_property(dir ${original} SOURCE_DIR)
  set(absolute)
  foreach(source IN LISTS sources)
    cmake_path(ABSOLUTE_PATH source BASE_DIRECTORY ${dir})
    list(APPEND absolute ${source})
  endforeach()
  add_library(${copy} STATIC ${absolute})
  target_include_directories(${copy} PUBLIC $<TARGET_PROPERTY:${original},INCLUDE_DIRECTORIES>)
  target_compile_definitions(${copy} PRIVATE $<TARGET_PROPERTY:${original},COMPILE_DEFINITIONS>)
  get_target_property(embedded ${original} ARENALAB_EMBEDDED)
  if(embedded)
    add_dependencies(${copy} ${embedded})
  endif()
endfunction()
