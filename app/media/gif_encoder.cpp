// Animated GIF with giflib (see animation.hpp for the palette's rules).
#include <gif_lib.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <unordered_map>
#include <utility>
#include <vector>

#include "media/animation.hpp"
#include "media/encoders.hpp"

namespace media {

namespace {

std::uint32_t rgbAt(const std::uint8_t* rgba, std::size_t i)
{
    return (std::uint32_t{rgba[i * 4]} << 16) | (std::uint32_t{rgba[i * 4 + 1]} << 8) | rgba[i * 4 + 2];
}

int appendToString(GifFileType* gif, const GifByteType* data, int length)
{
    static_cast<std::string*>(gif->UserData)->append(reinterpret_cast<const char*>(data), static_cast<std::size_t>(length));
    return length;
}

// The palette of one frame: its colours (at most 255, the last index being
// the transparent one) and each pixel colour's index.
class Palette {
public:
    // `counts`: the colour of every changed pixel, with its count; `keep`:
    // colours that go first, sorted.
    Palette(const std::unordered_map<std::uint32_t, std::size_t>& counts, const std::vector<std::uint32_t>& keep)
    {
        std::vector<std::pair<std::uint32_t, std::size_t>> ranked(counts.begin(), counts.end());
        const auto kept_first = [&](std::uint32_t c) { return std::binary_search(keep.begin(), keep.end(), c); };
        // The colours to keep, then most pixels first; ties by colour, so the
        // output never depends on the hash table's order.
        std::sort(ranked.begin(), ranked.end(), [&](const auto& a, const auto& b) {
            const bool ka = kept_first(a.first), kb = kept_first(b.first);
            if (ka != kb) return ka;
            return a.second != b.second ? a.second > b.second : a.first < b.first;
        });
        const std::size_t kept = std::min<std::size_t>(ranked.size(), max_colours);
        for (std::size_t i = 0; i < kept; ++i) {
            colours_.push_back(ranked[i].first);
            index_.emplace(ranked[i].first, static_cast<GifByteType>(i));
        }
        // The rest: the nearest kept colour (squared distance in RGB).
        for (std::size_t i = kept; i < ranked.size(); ++i) {
            const std::uint32_t c = ranked[i].first;
            int best = 0;
            long best_d = -1;
            for (std::size_t k = 0; k < colours_.size(); ++k) {
                const long d = distance(c, colours_[k]);
                if (best_d < 0 || d < best_d) {
                    best_d = d;
                    best = static_cast<int>(k);
                }
            }
            index_.emplace(c, static_cast<GifByteType>(best));
        }
    }
    static constexpr std::size_t max_colours = 255; // and one transparent index

    GifByteType indexOf(std::uint32_t colour) const { return index_.at(colour); }
    GifByteType transparent() const { return static_cast<GifByteType>(colours_.size()); }
    const std::vector<std::uint32_t>& colours() const { return colours_; }

private:
    static long distance(std::uint32_t a, std::uint32_t b)
    {
        long d = 0;
        for (int shift = 0; shift <= 16; shift += 8) {
            const long x = static_cast<long>((a >> shift) & 0xff) - static_cast<long>((b >> shift) & 0xff);
            d += x * x;
        }
        return d;
    }

    std::vector<std::uint32_t> colours_;
    std::unordered_map<std::uint32_t, GifByteType> index_;
};

class GifEncoder final : public AnimationEncoder {
public:
    GifEncoder(int width, int height, std::vector<std::uint32_t> keep) : width_(width), height_(height), keep_(std::move(keep))
    {
        std::sort(keep_.begin(), keep_.end());
    }
    ~GifEncoder() override
    {
        if (gif_ != nullptr) EGifCloseFile(gif_, nullptr);
    }
    GifEncoder(const GifEncoder&) = delete;
    GifEncoder& operator=(const GifEncoder&) = delete;

    bool start(std::string& error)
    {
        int code = 0;
        gif_ = EGifOpen(&bytes_, appendToString, &code);
        if (gif_ == nullptr) return failed(code, error);
        EGifSetGifVersion(gif_, true);
        if (EGifPutScreenDesc(gif_, width_, height_, 8, 0, nullptr) == GIF_ERROR) return failed(gif_->Error, error);
        // Loop forever (the Netscape application extension every viewer reads).
        static const GifByteType app[] = {'N', 'E', 'T', 'S', 'C', 'A', 'P', 'E', '2', '.', '0'};
        static const GifByteType loop[] = {1, 0, 0};
        if (EGifPutExtensionLeader(gif_, APPLICATION_EXT_FUNC_CODE) == GIF_ERROR ||
            EGifPutExtensionBlock(gif_, sizeof app, app) == GIF_ERROR ||
            EGifPutExtensionBlock(gif_, sizeof loop, loop) == GIF_ERROR || EGifPutExtensionTrailer(gif_) == GIF_ERROR)
            return failed(gif_->Error, error);
        return true;
    }

    bool add(const std::uint8_t* rgba, int duration_ms, std::string& error) override
    {
        const std::size_t pixels = static_cast<std::size_t>(width_) * static_cast<std::size_t>(height_);
        const bool first = previous_.empty();
        // The rectangle that changed (all of the first frame).
        int left = width_, top = height_, right = -1, bottom = -1;
        for (int y = 0; y < height_; ++y)
            for (int x = 0; x < width_; ++x) {
                const std::size_t i = static_cast<std::size_t>(y) * static_cast<std::size_t>(width_) + static_cast<std::size_t>(x);
                if (!first && std::memcmp(rgba + i * 4, previous_.data() + i * 4, 3) == 0) continue;
                left = std::min(left, x);
                right = std::max(right, x);
                top = std::min(top, y);
                bottom = std::max(bottom, y);
            }
        const bool unchanged = right < 0;
        if (unchanged) left = top = right = bottom = 0; // still a frame: one transparent pixel

        std::unordered_map<std::uint32_t, std::size_t> counts;
        const auto changed = [&](std::size_t i) { return first || std::memcmp(rgba + i * 4, previous_.data() + i * 4, 3) != 0; };
        for (int y = top; y <= bottom; ++y)
            for (int x = left; x <= right; ++x) {
                const std::size_t i = static_cast<std::size_t>(y) * static_cast<std::size_t>(width_) + static_cast<std::size_t>(x);
                if (!unchanged && changed(i)) ++counts[rgbAt(rgba, i)];
            }
        const Palette palette(counts, keep_);

        // The palette's size is a power of two, the transparent index included.
        const int used = static_cast<int>(palette.colours().size()) + 1;
        int bits = 1;
        while ((1 << bits) < used) ++bits;
        ColorMapObject* map = GifMakeMapObject(1 << bits, nullptr);
        if (map == nullptr) {
            error = "out of memory for a GIF palette";
            return false;
        }
        for (int k = 0; k < map->ColorCount; ++k) {
            const std::uint32_t c = k < static_cast<int>(palette.colours().size()) ? palette.colours()[static_cast<std::size_t>(k)] : 0;
            map->Colors[k] = {static_cast<GifByteType>(c >> 16), static_cast<GifByteType>(c >> 8), static_cast<GifByteType>(c)};
        }

        // The frame's time, from the rounded timeline: no error piles up.
        elapsed_ms_ += duration_ms;
        const long end_cs = (elapsed_ms_ + 5) / 10;
        GraphicsControlBlock gcb{};
        gcb.DisposalMode = DISPOSE_DO_NOT;
        gcb.UserInputFlag = false;
        gcb.DelayTime = static_cast<int>(std::clamp<long>(end_cs - shown_cs_, 0, 65535));
        gcb.TransparentColor = palette.transparent();
        shown_cs_ += gcb.DelayTime;
        GifByteType gce[4];
        const std::size_t gce_length = EGifGCBToExtension(&gcb, gce);
        const int w = right - left + 1, h = bottom - top + 1;
        bool ok = EGifPutExtension(gif_, GRAPHICS_EXT_FUNC_CODE, static_cast<int>(gce_length), gce) != GIF_ERROR &&
                  EGifPutImageDesc(gif_, left, top, w, h, false, map) != GIF_ERROR;
        GifFreeMapObject(map);
        std::vector<GifByteType> line(static_cast<std::size_t>(w));
        for (int y = top; ok && y <= bottom; ++y) {
            for (int x = left; x <= right; ++x) {
                const std::size_t i = static_cast<std::size_t>(y) * static_cast<std::size_t>(width_) + static_cast<std::size_t>(x);
                line[static_cast<std::size_t>(x - left)] =
                    unchanged || !changed(i) ? palette.transparent() : palette.indexOf(rgbAt(rgba, i));
            }
            ok = EGifPutLine(gif_, line.data(), w) != GIF_ERROR;
        }
        if (!ok) return failed(gif_->Error, error);
        previous_.assign(rgba, rgba + pixels * 4);
        return true;
    }

    bool finish(std::string& bytes, std::string& error) override
    {
        int code = 0;
        GifFileType* gif = std::exchange(gif_, nullptr);
        if (EGifCloseFile(gif, &code) == GIF_ERROR) return failed(code, error);
        bytes = std::move(bytes_);
        return true;
    }

private:
    static bool failed(int code, std::string& error)
    {
        const char* why = GifErrorString(code);
        error = std::string("GIF encoding failed: ") + (why != nullptr ? why : "unknown error");
        return false;
    }

    int width_, height_;
    std::vector<std::uint32_t> keep_; // sorted
    GifFileType* gif_ = nullptr;
    std::string bytes_;
    std::vector<std::uint8_t> previous_;
    long elapsed_ms_ = 0; // the timeline as asked
    long shown_cs_ = 0;   // as written, in hundredths of a second
};

} // namespace

std::unique_ptr<AnimationEncoder> makeGifEncoder(int width, int height, std::vector<std::uint32_t> keep, std::string& error)
{
    if (width < 1 || height < 1 || width > 65535 || height > 65535) {
        error = "a GIF is 1 to 65,535 pixels wide and high";
        return nullptr;
    }
    auto encoder = std::make_unique<GifEncoder>(width, height, std::move(keep));
    if (!encoder->start(error)) return nullptr;
    return encoder;
}

} // namespace media
