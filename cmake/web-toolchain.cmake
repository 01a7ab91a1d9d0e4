# The browser build's toolchain: Debian's `emscripten` package (3.1.6), set
# up for this build alone, without touching the machine's configuration.
#
#  - Emscripten's cache lives in the build folder (build-web/emcache): a tree
#    of links to the libraries Debian prebuilt in /usr/share/emscripten/cache
#    (its configuration freezes that cache, so nothing is ever built into it
#    or downloaded). A clean clone needs no write access outside the build.
#  - Emscripten runs JavaScript tools (acorn) with `node`. Debian installs
#    them in /usr/share/nodejs, which Debian's nodejs searches but another
#    build of node (nodesource's) does not: NODE_PATH says where they are.
#  - Both are set for configure (here) and for every compile and link (the
#    launchers), so `cmake --build` and a plain `make` in the folder work.
#  - No Emscripten "ports" (they download): GLFW is Emscripten's built-in
#    JavaScript GLFW 3, GL is WebGL2.
set(ARENALAB_EMSCRIPTEN_ROOT "/usr/share/emscripten" CACHE PATH "Debian's emscripten")
if(NOT EXISTS "${ARENALAB_EMSCRIPTEN_ROOT}/cmake/Modules/Platform/Emscripten.cmake")
  message(FATAL_ERROR "Debian's emscripten is not installed: apt-get install --no-install-recommends emscripten")
endif()

# The toolchain file is read again for CMake's own try-compile projects,
# which run inside other folders: the cache folder is decided once.
if(NOT DEFINED ENV{ARENALAB_EM_CACHE})
  set(ENV{ARENALAB_EM_CACHE} "${CMAKE_BINARY_DIR}/emcache")
endif()
set(_em_cache "$ENV{ARENALAB_EM_CACHE}")
set(_em_system_cache "${ARENALAB_EMSCRIPTEN_ROOT}/cache")
if(NOT EXISTS "${_em_cache}/sysroot_install.stamp")
  file(MAKE_DIRECTORY "${_em_cache}")
  # cp -rs: the same tree, folders made, files linked (a few MB, not 750).
  execute_process(COMMAND cp -rs "${_em_system_cache}/sysroot" "${_em_cache}/" RESULT_VARIABLE _rc)
  if(NOT _rc EQUAL 0)
    message(FATAL_ERROR "cannot link Emscripten's prebuilt libraries from ${_em_system_cache} into ${_em_cache}")
  endif()
  file(COPY "${_em_system_cache}/sysroot_install.stamp" DESTINATION "${_em_cache}")
endif()

set(_node_path "/usr/share/nodejs")
if(DEFINED ENV{NODE_PATH} AND NOT "$ENV{NODE_PATH}" STREQUAL "")
  set(_node_path "$ENV{NODE_PATH}:${_node_path}")
endif()
set(ENV{EM_CACHE} "${_em_cache}")
set(ENV{NODE_PATH} "${_node_path}")

set(_em_env env "EM_CACHE=${_em_cache}" "NODE_PATH=${_node_path}")
set(CMAKE_C_COMPILER_LAUNCHER ${_em_env} CACHE STRING "Emscripten's environment for each compile")
set(CMAKE_CXX_COMPILER_LAUNCHER ${_em_env} CACHE STRING "Emscripten's environment for each compile")
set(CMAKE_C_LINKER_LAUNCHER ${_em_env} CACHE STRING "Emscripten's environment for each link")
set(CMAKE_CXX_LINKER_LAUNCHER ${_em_env} CACHE STRING "Emscripten's environment for each link")

include("${ARENALAB_EMSCRIPTEN_ROOT}/cmake/Modules/Platform/Emscripten.cmake")
