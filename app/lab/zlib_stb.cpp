// zlib's deflate and inflate from Debian's stb headers (libstb-dev), built
// into this file only (static functions: no clash with the libstb the
// window links for PNGs). stb_image's inflate does not check the stream's
// Adler-32 trailer, so zlibDecompress does.
#include "lab/link.hpp"

#include <cstdlib>
#include <cstring>

#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-function"
#pragma GCC diagnostic ignored "-Wconversion"
#pragma GCC diagnostic ignored "-Wsign-conversion"
#pragma GCC diagnostic ignored "-Wshadow"
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
#pragma GCC diagnostic ignored "-Wimplicit-fallthrough"
#pragma GCC diagnostic ignored "-Wdouble-promotion"
#pragma GCC diagnostic ignored "-Wcast-qual"
#pragma GCC diagnostic ignored "-Wunused-parameter"
#pragma GCC diagnostic ignored "-Wunused-but-set-variable"
#pragma GCC diagnostic ignored "-Wpedantic"
#endif
#define STB_IMAGE_STATIC
#define STB_IMAGE_IMPLEMENTATION
#define STBI_ONLY_PNG
#define STBI_NO_STDIO
#include <stb_image.h>
#define STB_IMAGE_WRITE_STATIC
#define STB_IMAGE_WRITE_IMPLEMENTATION
#define STBI_WRITE_NO_STDIO
#include <stb_image_write.h>
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif

namespace lab {

namespace {

std::uint32_t adler32(std::string_view bytes)
{
    std::uint32_t a = 1, b = 0;
    for (unsigned char c : bytes) {
        a = (a + c) % 65521u;
        b = (b + a) % 65521u;
    }
    return (b << 16) | a;
}

} // namespace

std::string zlibCompress(std::string_view bytes)
{
    int out_len = 0;
    unsigned char* out = stbi_zlib_compress(reinterpret_cast<unsigned char*>(const_cast<char*>(bytes.data())),
                                            static_cast<int>(bytes.size()), &out_len, 8);
    if (out == nullptr) return {};
    std::string result(reinterpret_cast<const char*>(out), static_cast<std::size_t>(out_len));
    STBIW_FREE(out);
    return result;
}

std::optional<std::string> zlibDecompress(std::string_view stream, std::size_t max_size)
{
    if (stream.size() < 6 || stream.size() > (std::size_t{1} << 24)) return std::nullopt;
    int out_len = 0;
    char* out = stbi_zlib_decode_malloc_guesssize_headerflag(stream.data(), static_cast<int>(stream.size()), 1024,
                                                              &out_len, 1);
    if (out == nullptr) return std::nullopt;
    std::string text(out, static_cast<std::size_t>(out_len < 0 ? 0 : out_len));
    STBI_FREE(out);
    if (text.size() > max_size) return std::nullopt;
    // The trailer: Adler-32 of the inflated bytes, big-endian, last.
    const auto* tail = reinterpret_cast<const unsigned char*>(stream.data() + stream.size() - 4);
    const std::uint32_t want = (std::uint32_t{tail[0]} << 24) | (std::uint32_t{tail[1]} << 16) |
                               (std::uint32_t{tail[2]} << 8) | std::uint32_t{tail[3]};
    if (adler32(text) != want) return std::nullopt;
    return text;
}

} // namespace lab
