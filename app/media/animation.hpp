// Animated pictures from a run of frames: GIF (Debian's giflib) and
// animated WebP (libwebp's WebPAnimEncoder, in libwebpmux). A leaf library:
// the standard library and those two only, so the window (frames drawn
// offscreen) and any other front end can feed it plain RGBA.
//
// Frames are added one at a time and only the last one is kept, so memory
// stays at a few frames however long the animation.
//
// GIF: each frame is the rectangle that changed since the previous one
// (the pixels in it that did not change are transparent), with its own
// palette. When the changed pixels hold at most 255 colours, the palette is
// exactly those colours and the frame is exact. The window's frames are:
// its text has 4 shades and no antialiased fringe, so a frame holds a few
// dozen to about 170 colours (docs/export.md).
// A picture of more colours still encodes: then the palette holds,
// exactly, first the caller's `keep` colours that the frame shows, then the
// others covering the most pixels, up to 255; the rarer colours take the
// nearest of them, without dithering (which would blur and cost bytes).
//
// WebP: lossless, so every frame is exactly the frame given; the encoder
// keeps the changed rectangle of each frame itself.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace media {

enum class AnimationFormat : std::uint8_t { gif, webp };

class AnimationEncoder {
public:
    // An encoder for frames of width x height pixels; null with `error` set
    // when the library refuses (a size out of its range).
    // `keep`: colours (0xRRGGBB) a GIF's palettes keep exactly, when a frame
    // shows them (WebP keeps every colour).
    static std::unique_ptr<AnimationEncoder> create(AnimationFormat format, int width, int height, std::string& error,
                                                    std::vector<std::uint32_t> keep = {});
    virtual ~AnimationEncoder() = default;

    // Adds a frame: width * height RGBA pixels, top row first (alpha is
    // ignored: frames are opaque), shown for `duration_ms` (GIF counts in
    // hundredths of a second; the timeline is rounded as a whole, so no
    // error accumulates). False with `error` set when encoding failed.
    virtual bool add(const std::uint8_t* rgba, int duration_ms, std::string& error) = 0;
    // Ends the animation (it loops forever) and hands over the file's bytes.
    virtual bool finish(std::string& bytes, std::string& error) = 0;
};

} // namespace media
