// Animated WebP with libwebp's WebPAnimEncoder (libwebpmux), lossless.
#include <webp/encode.h>
#include <webp/mux.h>

#include <utility>

#include "media/animation.hpp"
#include "media/encoders.hpp"

namespace media {

namespace {

class WebpEncoder final : public AnimationEncoder {
public:
    WebpEncoder(int width, int height) : width_(width), height_(height) {}
    ~WebpEncoder() override
    {
        if (encoder_ != nullptr) WebPAnimEncoderDelete(encoder_);
    }
    WebpEncoder(const WebpEncoder&) = delete;
    WebpEncoder& operator=(const WebpEncoder&) = delete;

    bool start(std::string& error)
    {
        WebPAnimEncoderOptions options;
        if (WebPAnimEncoderOptionsInit(&options) == 0 || WebPConfigInit(&config_) == 0) {
            error = "this libwebp does not match its headers";
            return false;
        }
        options.anim_params.loop_count = 0; // forever
        options.allow_mixed = 0;            // lossless only
        // Lossless at effort 7 of 9 (lesson 2 at 1280x720, measured when the
        // window's text was antialiased, docs/performance.md): 5 gave
        // 1.78 MB, 7 1.73 MB, 9 1.72 MB at 40 times the time; with its text
        // of 4 shades now, effort 7 gives 489 KB. Keyframes
        // stay off (WebPAnimEncoder's default): every frame after the first is
        // the changed rectangle alone, its unchanged pixels transparent.
        if (WebPConfigLosslessPreset(&config_, 7) == 0) {
            error = "libwebp refused its lossless preset";
            return false;
        }
        config_.exact = 1; // keep every pixel's colour as given
        encoder_ = WebPAnimEncoderNew(width_, height_, &options);
        if (encoder_ == nullptr) {
            error = "libwebp cannot make a " + std::to_string(width_) + "x" + std::to_string(height_) + " animation";
            return false;
        }
        return true;
    }

    bool add(const std::uint8_t* rgba, int duration_ms, std::string& error) override
    {
        WebPPicture picture;
        if (WebPPictureInit(&picture) == 0) {
            error = "this libwebp does not match its headers";
            return false;
        }
        picture.use_argb = 1;
        picture.width = width_;
        picture.height = height_;
        // Frames are opaque: import as RGBX so no stray alpha comes along.
        bool ok = WebPPictureImportRGBX(&picture, rgba, width_ * 4) != 0;
        ok = ok && WebPAnimEncoderAdd(encoder_, &picture, timestamp_ms_, &config_) != 0;
        WebPPictureFree(&picture);
        if (!ok) return failed(error);
        timestamp_ms_ += duration_ms;
        return true;
    }

    bool finish(std::string& bytes, std::string& error) override
    {
        // A last, empty frame marks where the previous one ends.
        if (WebPAnimEncoderAdd(encoder_, nullptr, timestamp_ms_, nullptr) == 0) return failed(error);
        WebPData data;
        WebPDataInit(&data);
        if (WebPAnimEncoderAssemble(encoder_, &data) == 0) return failed(error);
        bytes.assign(reinterpret_cast<const char*>(data.bytes), data.size);
        WebPDataClear(&data);
        return true;
    }

private:
    bool failed(std::string& error)
    {
        const char* why = WebPAnimEncoderGetError(encoder_);
        error = std::string("WebP encoding failed") + (why != nullptr && *why != '\0' ? std::string(": ") + why : "");
        return false;
    }

    int width_, height_;
    WebPConfig config_{};
    WebPAnimEncoder* encoder_ = nullptr;
    int timestamp_ms_ = 0;
};

} // namespace

std::unique_ptr<AnimationEncoder> makeWebpEncoder(int width, int height, std::string& error)
{
    if (width < 1 || height < 1 || width > WEBP_MAX_DIMENSION || height > WEBP_MAX_DIMENSION) {
        error = "a WebP is 1 to " + std::to_string(WEBP_MAX_DIMENSION) + " pixels wide and high";
        return nullptr;
    }
    auto encoder = std::make_unique<WebpEncoder>(width, height);
    if (!encoder->start(error)) return nullptr;
    return encoder;
}

} // namespace media
