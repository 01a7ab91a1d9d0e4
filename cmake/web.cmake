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

# The animations' encoders (app/media), compiled from the upstream sources
# of Debian's giflib and libwebp source packages, fetched as Dear ImGui's
# are (the desktop links Debian's libgif-dev and libwebp-dev builds of the
# same versions). Only what encoding needs: giflib's writer, libwebp's
# encoder, its mux (WebPAnimEncoder), sharpyuv and the parts of its decoder and dsp
# they call; the linker keeps what is reached. The handout (cairo, Pango)
# stays on the desktop.
set(ARENALAB_GIFLIB_DEBIAN_VERSION "5.2.1-2.5+deb12u1" CACHE STRING "Debian's giflib source package version")
set(ARENALAB_LIBWEBP_DEBIAN_VERSION "1.2.4-0.2+deb12u1" CACHE STRING "Debian's libwebp source package version")
function(arenalab_debian_source package version root probe)
  if(NOT EXISTS ${root}/${probe})
    execute_process(
      COMMAND sh ${PROJECT_SOURCE_DIR}/cmake/debian-source.sh ${package} ${version} ${PROJECT_BINARY_DIR}/debian-src/${package}
      RESULT_VARIABLE rc)
    if(NOT rc EQUAL 0 OR NOT EXISTS ${root}/${probe})
      message(FATAL_ERROR "cannot fetch Debian's ${package} ${version} source package (see above)")
    endif()
  endif()
endfunction()
set(giflib_root ${PROJECT_BINARY_DIR}/debian-src/giflib/giflib-5.2.1)
arenalab_debian_source(giflib ${ARENALAB_GIFLIB_DEBIAN_VERSION} ${giflib_root} egif_lib.c)
add_library(gif_web STATIC ${giflib_root}/egif_lib.c ${giflib_root}/gif_err.c ${giflib_root}/gif_hash.c
                           ${giflib_root}/gifalloc.c ${giflib_root}/openbsd-reallocarray.c)
target_include_directories(gif_web SYSTEM PUBLIC ${giflib_root})
target_compile_options(gif_web PRIVATE -w)
add_library(GIF::GIF ALIAS gif_web)

set(libwebp_root ${PROJECT_BINARY_DIR}/debian-src/libwebp/libwebp-1.2.4)
arenalab_debian_source(libwebp ${ARENALAB_LIBWEBP_DEBIAN_VERSION} ${libwebp_root} src/mux/anim_encode.c)
file(GLOB libwebp_sources ${libwebp_root}/src/dec/*.c ${libwebp_root}/src/dsp/*.c ${libwebp_root}/src/enc/*.c
                          ${libwebp_root}/src/utils/*.c ${libwebp_root}/src/mux/*.c ${libwebp_root}/sharpyuv/*.c)
add_library(webp_web STATIC ${libwebp_sources})
target_include_directories(webp_web SYSTEM PUBLIC ${libwebp_root}/src PRIVATE ${libwebp_root})
target_compile_options(webp_web PRIVATE -w)
add_library(PkgConfig::WEBP ALIAS webp_web)
