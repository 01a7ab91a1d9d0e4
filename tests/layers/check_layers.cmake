# Reads every source file of the layers under ROOT and fails, naming the
# file, the line and the rule, when an #include points the wrong way:
#
#   arena/     the allocator: nothing of app/ and no GUI or CLI library
#   app/lab/   the headless model: arena/ and lab/ only; no ImGui, GL, GLFW, CLI11
#   app/media/ GIF, WebP and PDF from pixels and text: none of the project's
#              layers, no GUI or CLI library
#   app/cli/   the subcommands: no gui/, no ImGui, GL or GLFW
#   app/gui/   the window: no cli/, no CLI11; only platform/backend_*.cpp
#              sees GLFW or Emscripten (the rest reaches them through the
#              Backend interface, so a browser backend can stand in)
#
# and everywhere: no "../" includes, which would reach round the include
# roots each library exposes (cmake/arenalab.cmake).
#
# Inside each library, no include cycle: a part (x.hpp with its x.cpp) may
# not include, through any chain of parts, a part that includes it back
# (gui/app.hpp including gui/dialogs.hpp while dialogs.cpp includes
# gui/app.hpp is one). A cycle makes two parts one that cannot be read,
# built or tested apart.
#   cmake -DROOT=<source tree> -P check_layers.cmake
cmake_minimum_required(VERSION 3.20)
if(NOT DEFINED ROOT)
  message(FATAL_ERROR "check_layers.cmake: ROOT is not set")
endif()

get_filename_component(ROOT "${ROOT}" ABSOLUTE)
set(gui_libraries "imgui|GLFW/|glad/|GL/|GLES|emscripten")
set(rules
  "arena|\"(app|lab|cli|gui)/|<(${gui_libraries}|CLI/)"
  "app/lab|\"(cli|gui|media)/|<(${gui_libraries}|CLI/)"
  "app/media|\"(arena|lab|cli|gui)/|<(${gui_libraries}|CLI/)"
  "app/cli|\"gui/|<(${gui_libraries})"
  "app/gui|\"cli/|<CLI/")

set(checked 0)
set(violations "")
foreach(rule IN LISTS rules)
  string(REPLACE "|" ";" parts "${rule}")
  list(POP_FRONT parts layer)
  list(JOIN parts "|" forbidden)
  file(GLOB_RECURSE sources ${ROOT}/${layer}/*.hpp ${ROOT}/${layer}/*.cpp ${ROOT}/${layer}/*.h ${ROOT}/${layer}/*.in)
  foreach(source IN LISTS sources)
    math(EXPR checked "${checked} + 1")
    file(STRINGS ${source} lines REGEX "^[ \t]*#[ \t]*include")
    file(RELATIVE_PATH shown ${ROOT} ${source})
    foreach(line IN LISTS lines)
      string(REGEX REPLACE "^[ \t]*#[ \t]*include[ \t]*" "" target "${line}")
      if(target MATCHES "^(${forbidden})")
        string(APPEND violations "${shown}: includes ${target}: ${layer}/ must not depend on that layer or library\n")
      elseif(target MATCHES "\\.\\./")
        string(APPEND violations "${shown}: includes ${target}: no \"../\" includes; include through the library's name\n")
      endif()
    endforeach()
  endforeach()
endforeach()

file(GLOB_RECURSE gui_sources ${ROOT}/app/gui/*.hpp ${ROOT}/app/gui/*.cpp)
foreach(source IN LISTS gui_sources)
  file(RELATIVE_PATH shown ${ROOT} ${source})
  if(shown MATCHES "^app/gui/platform/backend_[a-z_]+\\.cpp$")
    continue()
  endif()
  file(STRINGS ${source} lines REGEX "^[ \t]*#[ \t]*include[ \t]*<(GLFW/|emscripten)")
  foreach(line IN LISTS lines)
    string(REGEX REPLACE "^[ \t]*#[ \t]*include[ \t]*" "" target "${line}")
    string(APPEND violations "${shown}: includes ${target}: only app/gui/platform/backend_*.cpp may; use the Backend\n")
  endforeach()
endforeach()

# Include cycles inside a library. A part is a file's path without its
# extension (x.hpp and x.cpp are one part); an edge goes from a part to
# each part of the same library that one of its files includes. Parts with
# no edge left out, or none in, are taken away until none is; what stays
# holds a cycle, and one is named by walking its edges until a part comes
# round again.
set(libraries "arena|arena" "app/lab|lab" "app/cli|cli" "app/gui|gui" "app/media|media")
foreach(library IN LISTS libraries)
  string(REPLACE "|" ";" parts "${library}")
  list(GET parts 0 folder)
  list(GET parts 1 prefix)
  file(GLOB_RECURSE sources ${ROOT}/${folder}/*.hpp ${ROOT}/${folder}/*.cpp ${ROOT}/${folder}/*.h)
  set(nodes "")
  foreach(source IN LISTS sources)
    file(RELATIVE_PATH part ${ROOT}/${folder} ${source})
    string(REGEX REPLACE "\\.[a-z]+$" "" part "${part}")
    string(MAKE_C_IDENTIFIER "${part}" id)
    if(NOT part IN_LIST nodes)
      list(APPEND nodes ${part})
      set(edges_${id} "")
      set(file_${id} "")
    endif()
    file(RELATIVE_PATH shown ${ROOT} ${source})
    file(STRINGS ${source} lines REGEX "^[ \t]*#[ \t]*include[ \t]*\"${prefix}/")
    foreach(line IN LISTS lines)
      string(REGEX REPLACE "^[ \t]*#[ \t]*include[ \t]*\"${prefix}/([^\"]*)\\.[a-z]+\".*" "\\1" target "${line}")
      if(NOT target STREQUAL part AND NOT target IN_LIST edges_${id})
        list(APPEND edges_${id} ${target})
        string(MAKE_C_IDENTIFIER "${part}>${target}" edge_id)
        set(why_${edge_id} "${shown}")
      endif()
    endforeach()
  endforeach()
  set(remaining ${nodes})
  set(changed TRUE)
  while(changed)
    set(changed FALSE)
    set(kept "")
    set(reached "") # the parts some remaining part includes
    foreach(part IN LISTS remaining)
      string(MAKE_C_IDENTIFIER "${part}" id)
      list(APPEND reached ${edges_${id}})
    endforeach()
    foreach(part IN LISTS remaining)
      string(MAKE_C_IDENTIFIER "${part}" id)
      set(leaf TRUE)
      foreach(target IN LISTS edges_${id})
        if(target IN_LIST remaining)
          set(leaf FALSE)
          break()
        endif()
      endforeach()
      if(leaf OR NOT part IN_LIST reached)
        set(changed TRUE)
      else()
        list(APPEND kept ${part})
      endif()
    endforeach()
    set(remaining ${kept})
  endwhile()
  if(remaining)
    list(GET remaining 0 part)
    set(walked "")
    while(NOT part IN_LIST walked)
      list(APPEND walked ${part})
      string(MAKE_C_IDENTIFIER "${part}" id)
      foreach(target IN LISTS edges_${id})
        if(target IN_LIST remaining)
          set(next ${target}) # (a foreach's variable is gone after it)
          break()
        endif()
      endforeach()
      set(part ${next})
    endwhile()
    # The cycle: from the part that came round again to the walk's end.
    list(FIND walked ${part} first)
    list(SUBLIST walked ${first} -1 cycle)
    list(APPEND cycle ${part})
    set(said "")
    set(previous "")
    foreach(step IN LISTS cycle)
      if(previous)
        string(MAKE_C_IDENTIFIER "${previous}>${step}" edge_id)
        string(APPEND said " -> ${prefix}/${step} (${why_${edge_id}})")
      else()
        string(APPEND said "${prefix}/${step}")
      endif()
      set(previous ${step})
    endforeach()
    list(JOIN remaining ", " all)
    string(APPEND violations "${folder}/: include cycle: ${said}: a part may not include one that includes it back (the parts tangled with cycles: ${all})\n")
  endif()
endforeach()

if(checked EQUAL 0)
  message(FATAL_ERROR "check_layers.cmake: no source files under ${ROOT}: wrong ROOT?")
endif()
if(violations)
  # One line each (NOTICE is not re-wrapped), then the failure.
  message(NOTICE "${violations}")
  message(FATAL_ERROR "some includes cross a layer the wrong way or go round a cycle (listed above)")
endif()
message(STATUS "${checked} files checked: every include points down")
