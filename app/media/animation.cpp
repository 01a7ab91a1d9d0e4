#include "media/animation.hpp"

#include "media/encoders.hpp"

namespace media {

std::unique_ptr<AnimationEncoder> AnimationEncoder::create(AnimationFormat format, int width, int height, std::string& error)
{
    return format == AnimationFormat::gif ? makeGifEncoder(width, height, error) : makeWebpEncoder(width, height, error);
}

} // namespace media
