#include "media/animation.hpp"

#include <utility>

#include "media/encoders.hpp"

namespace media {

std::unique_ptr<AnimationEncoder> AnimationEncoder::create(AnimationFormat format, int width, int height, std::string& error,
                                                          std::vector<std::uint32_t> keep)
{
    return format == AnimationFormat::gif ? makeGifEncoder(width, height, std::move(keep), error)
                                          : makeWebpEncoder(width, height, error);
}

} // namespace media
