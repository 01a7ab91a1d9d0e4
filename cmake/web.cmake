# The browser build (cmake --workflow --preset web; cmake/web-toolchain.cmake
# is its toolchain). The same libraries and panels as the desktop; only the
# third-party parts come differently, all from Debian:
#  - Dear ImGui 1.86 is compiled from the upstream sources of Debian's
#    `imgui` source package (libimgui-dev ships only a native library),
#    fetched once into the build folder by cmake/debian-source.sh;
#  - nlohmann-json, fmt (FMT_HEADER_ONLY) and stb_image_write are used
#    header-only from Debian's -dev packages, through a folder that links
#    just those headers (never all of /usr/include, whose C library is not
#    Emscripten's);
#  - GLFW is Emscripten's built-in JavaScript GLFW 3; GL is WebGL2 (GLES 3).
set(ARENALAB_IMGUI_DEBIAN_VERSION "1.86+ds-1" CACHE STRING "Debian's imgui source package version")
set(imgui_root ${PROJECT_BINARY_DIR}/debian-src/imgui/imgui-1.86)
if(NOT EXISTS ${imgui_root}/imgui.cpp)
  execute_process(
    COMMAND sh ${PROJECT_SOURCE_DIR}/cmake/debian-source.sh imgui ${ARENALAB_IMGUI_DEBIAN_VERSION} ${PROJECT_BINARY_DIR}/debian-src/imgui
    RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0 OR NOT EXISTS ${imgui_root}/imgui.cpp)
    message(FATAL_ERROR "cannot fetch Debian's imgui ${ARENALAB_IMGUI_DEBIAN_VERSION} source package (see above)")
  endif()
endif()

# Debian's header-only libraries, one link each.
set(host_include ${PROJECT_BINARY_DIR}/host-include)
file(MAKE_DIRECTORY ${host_include})
foreach(entry "nlohmann=/usr/include/nlohmann" "fmt=/usr/include/fmt" "stb_image_write.h=/usr/include/stb/stb_image_write.h" "stb_image.h=/usr/include/stb/stb_image.h")
  string(REPLACE "=" ";" pair ${entry})
  list(GET pair 0 name)
  list(GET pair 1 target)
  if(NOT EXISTS ${target})
    message(FATAL_ERROR "${target} is missing: apt-get install nlohmann-json3-dev libfmt-dev libstb-dev")
  endif()
  if(NOT IS_SYMLINK ${host_include}/${name})
    file(CREATE_LINK ${target} ${host_include}/${name} SYMBOLIC)
  endif()
endforeach()

add_library(nlohmann_json::nlohmann_json INTERFACE IMPORTED)
target_include_directories(nlohmann_json::nlohmann_json SYSTEM INTERFACE ${host_include})
add_library(fmt::fmt INTERFACE IMPORTED)
target_include_directories(fmt::fmt SYSTEM INTERFACE ${host_include})
target_compile_definitions(fmt::fmt INTERFACE FMT_HEADER_ONLY)

# GLFW: Emscripten's own (JavaScript), no port.
add_library(glfw INTERFACE IMPORTED)
target_link_options(glfw INTERFACE -sUSE_GLFW=3 -sMIN_WEBGL_VERSION=2 -sMAX_WEBGL_VERSION=2)
# <glad/gl.h> in the shared code: WebGL2's GLES 3 header here.
add_library(glad INTERFACE IMPORTED)
target_include_directories(glad SYSTEM INTERFACE ${PROJECT_SOURCE_DIR}/app/web/include)

# Dear ImGui, compiled once, optimised, no debug information.
add_library(imgui_web STATIC
  ${imgui_root}/imgui.cpp
  ${imgui_root}/imgui_draw.cpp
  ${imgui_root}/imgui_tables.cpp
  ${imgui_root}/imgui_widgets.cpp
  ${imgui_root}/misc/cpp/imgui_stdlib.cpp
  ${imgui_root}/backends/imgui_impl_glfw.cpp
  ${imgui_root}/backends/imgui_impl_opengl3.cpp
  ${PROJECT_SOURCE_DIR}/app/web/stb_image_write.c)
target_include_directories(imgui_web SYSTEM PUBLIC ${imgui_root} ${imgui_root}/misc/cpp ${host_include})
target_compile_definitions(imgui_web PUBLIC IMGUI_IMPL_OPENGL_ES3)
target_compile_options(imgui_web PRIVATE -w)
target_link_libraries(imgui_web PUBLIC glfw)
add_library(PkgConfig::IMGUI ALIAS imgui_web)
