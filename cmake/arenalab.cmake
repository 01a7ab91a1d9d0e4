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

# arenalab_embed(TARGET NAMESPACE HEADER SYMBOL INPUT): builds INPUT's bytes
# into TARGET as `const std::string_view NAMESPACE::SYMBOL`, declared in
# HEADER, so the program needs no file beside it. The one way the project
# embeds files (fonts, shaders, the port's source, the example, lessons).
function(arenalab_embed target namespace header symbol input)
  set(output ${CMAKE_CURRENT_BINARY_DIR}/embedded/${symbol}.cpp)
  add_custom_command(
    OUTPUT ${output}
    COMMAND ${CMAKE_COMMAND} -DINPUT=${input} -DOUTPUT=${output} -DSYMBOL=${symbol}
            -DNAMESPACE=${namespace} -DHEADER=${header}
            -P ${PROJECT_SOURCE_DIR}/cmake/embed.cmake
    DEPENDS ${input} ${PROJECT_SOURCE_DIR}/cmake/embed.cmake
    COMMENT "Embedding ${symbol}"
    VERBATIM)
  target_sources(${target} PRIVATE ${output})
  # A target of its own, so a copy of TARGET in another folder (tests/fuzz)
  # can wait for the file: a custom command's rule lives in its folder only.
  # TARGET waits for it too, so the rule never runs twice at once.
  add_custom_target(embed_${target}_${symbol} DEPENDS ${output})
  add_dependencies(${target} embed_${target}_${symbol})
  set_property(TARGET ${target} APPEND PROPERTY ARENALAB_EMBEDDED embed_${target}_${symbol})
endfunction()
