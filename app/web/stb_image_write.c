/* stb_image_write's implementation for the browser build (natively it comes
 * from Debian's libstb). The header is Debian's, from libstb-dev. */
#define STB_IMAGE_WRITE_IMPLEMENTATION
#include <stb_image_write.h>
