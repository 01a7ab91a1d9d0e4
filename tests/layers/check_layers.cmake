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
#   cmake -DROOT=<source tree> -P check_layers.cmake
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

if(checked EQUAL 0)
  message(FATAL_ERROR "check_layers.cmake: no source files under ${ROOT}: wrong ROOT?")
endif()
if(violations)
  # One line each (NOTICE is not re-wrapped), then the failure.
  message(NOTICE "${violations}")
  message(FATAL_ERROR "some includes cross a layer the wrong way (listed above)")
endif()
message(STATUS "${checked} files checked: every include points down")
