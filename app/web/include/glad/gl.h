/* The browser build's <glad/gl.h>: the shared code includes glad's header
 * for OpenGL 3.3 core; in the browser GL is WebGL2, whose API is GLES 3.0,
 * declared (and linked) by Emscripten. The code uses only what both have. */
#pragma once
#include <GLES3/gl3.h>
