#include "gui/renderer.hpp"

#include <glad/gl.h>
#include <backends/imgui_impl_opengl3.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "gui/embedded.hpp"
#include "gui/widgets.hpp"

namespace gui {

namespace {

// One rectangle as the vertex shader reads it (attributes 0, 1, 2).
struct GpuInstance {
    float rect[4];
    std::uint8_t colour[4];
    float style[2];
};

GLuint compile(GLenum kind, std::string_view name, std::string_view body, std::string& error)
{
    const std::string source = shaderPreamble() + std::string(body);
    const GLuint shader = glCreateShader(kind);
    const char* text = source.c_str();
    glShaderSource(shader, 1, &text, nullptr);
    glCompileShader(shader);
    GLint ok = 0;
    glGetShaderiv(shader, GL_COMPILE_STATUS, &ok);
    if (ok == 0) {
        char log[2048] = {};
        glGetShaderInfoLog(shader, sizeof log, nullptr, log);
        error = std::string(name) + ": " + log;
        glDeleteShader(shader);
        return 0;
    }
    return shader;
}

// Links `vs` and `fs` (and deletes them), the attributes named bound to
// their locations first; 0 with the linker's message in `error` on failure.
GLuint link(GLuint vs, GLuint fs, std::string_view name, std::span<const std::pair<GLuint, const char*>> attributes,
            std::string& error)
{
    const GLuint program = glCreateProgram();
    glAttachShader(program, vs);
    glAttachShader(program, fs);
    for (const auto& [location, attribute] : attributes) glBindAttribLocation(program, location, attribute);
    glLinkProgram(program);
    glDeleteShader(vs);
    glDeleteShader(fs);
    GLint ok = 0;
    glGetProgramiv(program, GL_LINK_STATUS, &ok);
    if (ok == 0) {
        char log[2048] = {};
        glGetProgramInfoLog(program, sizeof log, nullptr, log);
        error = std::string(name) + ": " + log;
        glDeleteProgram(program);
        return 0;
    }
    return program;
}

} // namespace

std::string shaderPreamble()
{
    const auto* version = reinterpret_cast<const char*>(glGetString(GL_VERSION));
    const bool es = version != nullptr && std::strstr(version, "OpenGL ES") != nullptr;
    return es ? "#version 300 es\nprecision highp float;\nprecision highp int;\n" : "#version 330 core\n";
}

ArenaRenderer::~ArenaRenderer()
{
    // Only when GL objects were made: a renderer never initialised needs no context.
    if (program_ != 0) glDeleteProgram(program_);
    if (instance_buffer_ != 0) glDeleteBuffers(1, &instance_buffer_);
    if (vao_ != 0) glDeleteVertexArrays(1, &vao_);
}

bool ArenaRenderer::init(std::string& error)
{
    const GLuint vs = compile(GL_VERTEX_SHADER, "arena.vert", arena_vert_source, error);
    if (vs == 0) return false;
    const GLuint fs = compile(GL_FRAGMENT_SHADER, "arena.frag", arena_frag_source, error);
    if (fs == 0) {
        glDeleteShader(vs);
        return false;
    }
    program_ = link(vs, fs, "arena shaders", {}, error);
    if (program_ == 0) return false;
    u_view_ = glGetUniformLocation(program_, "u_view");
    u_stripe_ = glGetUniformLocation(program_, "u_stripe");
    u_hatch_ = glGetUniformLocation(program_, "u_hatch");
    u_cross_ = glGetUniformLocation(program_, "u_cross");
    u_freed_ = glGetUniformLocation(program_, "u_freed");
    u_edge_ = glGetUniformLocation(program_, "u_edge");

    GLint old_vao = 0;
    glGetIntegerv(GL_VERTEX_ARRAY_BINDING, &old_vao);
    glGenVertexArrays(1, &vao_);
    glBindVertexArray(vao_);
    glGenBuffers(1, &instance_buffer_);
    glBindBuffer(GL_ARRAY_BUFFER, instance_buffer_);
    const auto stride = static_cast<GLsizei>(sizeof(GpuInstance));
    glEnableVertexAttribArray(0);
    glVertexAttribPointer(0, 4, GL_FLOAT, GL_FALSE, stride, reinterpret_cast<const void*>(offsetof(GpuInstance, rect)));
    glEnableVertexAttribArray(1);
    glVertexAttribPointer(1, 4, GL_UNSIGNED_BYTE, GL_TRUE, stride, reinterpret_cast<const void*>(offsetof(GpuInstance, colour)));
    glEnableVertexAttribArray(2);
    glVertexAttribPointer(2, 2, GL_FLOAT, GL_FALSE, stride, reinterpret_cast<const void*>(offsetof(GpuInstance, style)));
    for (GLuint a = 0; a < 3; ++a) glVertexAttribDivisor(a, 1); // one rectangle per instance
    glBindVertexArray(static_cast<GLuint>(old_vao));
    return true;
}

void ArenaRenderer::upload(std::span<const Instance> instances, int width, int height, float hatch_px)
{
    width_ = width;
    height_ = height;
    hatch_px_ = hatch_px;
    last_count_ = instances.size();
    if (program_ == 0 || instances.empty()) return;
    // The staging vector keeps its memory from frame to frame.
    staging_.resize(instances.size() * sizeof(GpuInstance));
    unsigned char* out = staging_.data();
    for (const Instance& in : instances) {
        const GpuInstance gpu{{in.rect.x, in.rect.y, in.rect.w, in.rect.h},
                              {in.colour.r, in.colour.g, in.colour.b, in.colour.a},
                              {static_cast<float>(in.pattern), 0.0f}};
        std::memcpy(out, &gpu, sizeof gpu);
        out += sizeof gpu;
    }

    GLint old_buffer = 0;
    glGetIntegerv(GL_ARRAY_BUFFER_BINDING, &old_buffer);
    glBindBuffer(GL_ARRAY_BUFFER, instance_buffer_);
    if (instances.size() > instance_capacity_) {
        instance_capacity_ = instances.size() + instances.size() / 2;
        glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(instance_capacity_ * sizeof(GpuInstance)), nullptr, GL_STREAM_DRAW);
    }
    glBufferSubData(GL_ARRAY_BUFFER, 0, static_cast<GLsizeiptr>(staging_.size()), staging_.data());
    glBindBuffer(GL_ARRAY_BUFFER, static_cast<GLuint>(old_buffer));
}

void ArenaRenderer::drawInto(int x, int top, float scale, int fb_height, const int clip[4])
{
    if (program_ == 0 || width_ <= 0 || height_ <= 0) return;
    const auto w = static_cast<int>(std::lround(static_cast<float>(width_) * scale));
    const auto h = static_cast<int>(std::lround(static_cast<float>(height_) * scale));
    glViewport(x, fb_height - top - h, w, h);
    glEnable(GL_SCISSOR_TEST);
    glScissor(clip[0], clip[1], clip[2], clip[3]);
    glDisable(GL_DEPTH_TEST);
    glDisable(GL_CULL_FACE);
    const Rgba bg = colours_->background;
    glClearColor(bg.r / 255.0f, bg.g / 255.0f, bg.b / 255.0f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    if (last_count_ == 0) return;

    // Straight alpha over an opaque background, as ImGui blends.
    glEnable(GL_BLEND);
    glBlendEquation(GL_FUNC_ADD);
    glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
    glUseProgram(program_);
    glUniform2f(u_view_, static_cast<float>(width_), static_cast<float>(height_));
    const Rgba gap = colours_->padding_gap;
    glUniform4f(u_stripe_, gap.r / 255.0f, gap.g / 255.0f, gap.b / 255.0f, 1.0f);
    const Rgba cross = colours_->stranded_gap;
    glUniform4f(u_cross_, cross.r / 255.0f, cross.g / 255.0f, cross.b / 255.0f, 1.0f);
    glUniform2f(u_freed_, colours_->freed_alpha_hi, colours_->freed_alpha_lo);
    glUniform2f(u_edge_, colours_->edge_shade, colours_->edge_px);
    glUniform1f(u_hatch_, std::max(hatch_px_, 2.0f));
    glBindVertexArray(vao_);
    glDrawArraysInstanced(GL_TRIANGLE_STRIP, 0, 4, static_cast<GLsizei>(last_count_));
}

namespace {

// A background draw-list callback: clears its clip rectangle to the colour
// packed in its user data.
void clearCallback(const ImDrawList*, const ImDrawCmd* cmd)
{
    const ImDrawData* data = ImGui::GetDrawData();
    const ImVec2 scale = data->FramebufferScale;
    const ImVec2 pos = data->DisplayPos;
    const auto fb_h = static_cast<int>(std::lround(data->DisplaySize.y * scale.y));
    const auto x0 = static_cast<int>(std::lround((cmd->ClipRect.x - pos.x) * scale.x));
    const auto y0 = static_cast<int>(std::lround((cmd->ClipRect.y - pos.y) * scale.y));
    const auto x1 = static_cast<int>(std::lround((cmd->ClipRect.z - pos.x) * scale.x));
    const auto y1 = static_cast<int>(std::lround((cmd->ClipRect.w - pos.y) * scale.y));
    if (x1 <= x0 || y1 <= y0) return;
    const auto c = static_cast<ImU32>(reinterpret_cast<std::uintptr_t>(cmd->UserCallbackData));
    const auto channel = [c](int shift) { return static_cast<float>((c >> shift) & 0xFF) / 255.0f; };
    glEnable(GL_SCISSOR_TEST);
    glScissor(x0, fb_h - y1, x1 - x0, y1 - y0);
    glClearColor(channel(IM_COL32_R_SHIFT), channel(IM_COL32_G_SHIFT), channel(IM_COL32_B_SHIFT), channel(IM_COL32_A_SHIFT));
    glClear(GL_COLOR_BUFFER_BIT);
}

} // namespace

void widgets::clearBehind(const ImVec2& min, const ImVec2& max, ImU32 colour)
{
    ImDrawList* bg = ImGui::GetBackgroundDrawList();
    bg->PushClipRect(min, max, false);
    bg->AddCallback(clearCallback, reinterpret_cast<void*>(static_cast<std::uintptr_t>(colour)));
    bg->PopClipRect();
}

OffscreenTarget::~OffscreenTarget()
{
    if (fb_ != 0) glDeleteFramebuffers(1, &fb_);
    if (rb_ != 0) glDeleteRenderbuffers(1, &rb_);
}

unsigned OffscreenTarget::framebuffer(int width, int height)
{
    if (width == width_ && height == height_ && fb_ != 0) return fb_;
    if (fb_ == 0) {
        glGenFramebuffers(1, &fb_);
        glGenRenderbuffers(1, &rb_);
    }
    glBindRenderbuffer(GL_RENDERBUFFER, rb_);
    glRenderbufferStorage(GL_RENDERBUFFER, GL_RGBA8, width, height);
    glBindFramebuffer(GL_FRAMEBUFFER, fb_);
    glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, rb_);
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    width_ = width;
    height_ = height;
    return fb_;
}

std::vector<std::uint8_t> OffscreenTarget::readPixels() const
{
    const auto w = static_cast<std::size_t>(width_);
    const auto h = static_cast<std::size_t>(height_);
    std::vector<std::uint8_t> pixels(w * h * 4);
    glBindFramebuffer(GL_FRAMEBUFFER, fb_);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadPixels(0, 0, width_, height_, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    // GL's first row is the bottom one; images start at the top.
    for (std::size_t y = 0; y < h / 2; ++y)
        std::swap_ranges(pixels.begin() + static_cast<std::ptrdiff_t>(y * w * 4),
                         pixels.begin() + static_cast<std::ptrdiff_t>((y + 1) * w * 4),
                         pixels.begin() + static_cast<std::ptrdiff_t>((h - 1 - y) * w * 4));
    return pixels;
}

void OffscreenTarget::bind() const { glBindFramebuffer(GL_FRAMEBUFFER, fb_); }

void bindWindowFramebuffer() { glBindFramebuffer(GL_FRAMEBUFFER, 0); }

TextShader::~TextShader()
{
    if (program_ != 0) glDeleteProgram(program_);
}

void TextShader::use(const ImDrawList*, const ImDrawCmd* cmd) { static_cast<TextShader*>(cmd->UserCallbackData)->useNow(); }

void TextShader::addTo(ImDrawList& list) { list.AddCallback(&TextShader::use, this); }

void TextShader::useNow()
{
    GLint backend = 0;
    glGetIntegerv(GL_CURRENT_PROGRAM, &backend);
    if (backend == 0 || static_cast<unsigned>(backend) == program_) return;
    if (static_cast<unsigned>(backend) != backend_) {
        // The backend's program (made again when its device objects are):
        // the same attribute locations, so its vertex array feeds this one.
        if (program_ != 0) glDeleteProgram(program_);
        program_ = 0;
        backend_ = static_cast<unsigned>(backend);
        backend_proj_ = glGetUniformLocation(backend_, "ProjMtx");
        std::string error;
        const std::string steps = "#define STEPS " + std::to_string(coverage_levels - 1) + ".0\n";
        const GLuint vs = compile(GL_VERTEX_SHADER, "text.vert", text_vert_source, error);
        const GLuint fs = compile(GL_FRAGMENT_SHADER, "text.frag",
                                  steps + (frag_source_.empty() ? std::string(text_frag_source) : frag_source_), error);
        if (vs == 0 || fs == 0) {
            if (vs != 0) glDeleteShader(vs);
            if (fs != 0) glDeleteShader(fs);
            failure_ = error;
            return; // ImGui's own program stays: the text antialiased as ImGui draws it
        }
        std::vector<std::pair<GLuint, const char*>> attributes;
        for (const char* name : {"Position", "UV", "Color"})
            if (const GLint at = glGetAttribLocation(backend_, name); at >= 0) attributes.emplace_back(static_cast<GLuint>(at), name);
        const GLuint p = link(vs, fs, "text shaders", attributes, error);
        if (p == 0) {
            failure_ = error;
            return;
        }
        program_ = p;
        proj_ = glGetUniformLocation(p, "ProjMtx");
        texture_ = glGetUniformLocation(p, "Texture");
    }
    if (program_ == 0) return;
    GLfloat projection[16] = {};
    glGetUniformfv(backend_, backend_proj_, projection);
    glUseProgram(program_);
    glUniformMatrix4fv(proj_, 1, GL_FALSE, projection);
    glUniform1i(texture_, 0);
}

void drawImGuiFrame(unsigned framebuffer, int width, int height)
{
    glBindFramebuffer(GL_FRAMEBUFFER, framebuffer);
    glViewport(0, 0, width, height);
    const Rgba bg = palette::background;
    glClearColor(bg.r / 255.0f, bg.g / 255.0f, bg.b / 255.0f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
}

} // namespace gui
