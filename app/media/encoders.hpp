// The encoders behind AnimationEncoder::create (one file each).
#pragma once

#include <memory>
#include <string>

#include "media/animation.hpp"

namespace media {

std::unique_ptr<AnimationEncoder> makeGifEncoder(int width, int height, std::string& error);
std::unique_ptr<AnimationEncoder> makeWebpEncoder(int width, int height, std::string& error);

} // namespace media
