// The encoders behind AnimationEncoder::create (one file each).
#pragma once

#include <memory>
#include <cstdint>
#include <string>
#include <vector>

#include "media/animation.hpp"

namespace media {

std::unique_ptr<AnimationEncoder> makeGifEncoder(int width, int height, std::vector<std::uint32_t> keep, std::string& error);
std::unique_ptr<AnimationEncoder> makeWebpEncoder(int width, int height, std::string& error);

} // namespace media
