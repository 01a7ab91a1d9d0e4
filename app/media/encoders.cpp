// AnimationEncoder::create: the one place that picks an encoder by format
// (animation.hpp declares it; the encoders are declared in encoders.hpp).
#include "media/encoders.hpp"

#include <utility>

namespace media {

std::unique_ptr<AnimationEncoder> AnimationEncoder::create(AnimationFormat format, int width, int height, std::string& error,
                                                          std::vector<std::uint32_t> keep)
{
    return format == AnimationFormat::gif ? makeGifEncoder(width, height, std::move(keep), error)
                                          : makeWebpEncoder(width, height, error);
}

} // namespace media
