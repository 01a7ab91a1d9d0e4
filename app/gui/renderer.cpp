#include "gui/renderer.hpp"

#include <glad/gl.h>

#include <algorithm>
#include <cstring>

#include "gui/embedded.hpp"

namespace gui {

namespace {

// One rectangle as the vertex shader reads it (attributes 0, 1, 2).
struct GpuInstance {
    float rect[4];
    std::uint8_t colour[4];
    float style[2];
};

GLuint compile(GLenum kind, std::string_view body, std::string& error)
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
        error = std::string(kind == GL_VERTEX_SHADER ? "arena.vert: " : "arena.frag: ") + log;
        glDeleteShader(shader);
        return 0;
    }
    return shader;
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
    if (texture_ != 0) glDeleteTextures(1, &texture_);
    if (framebuffer_ != 0) glDeleteFramebuffers(1, &framebuffer_);
}

bool ArenaRenderer::init(std::string& error)
{
    const GLuint vs = compile(GL_VERTEX_SHADER, arena_vert_source, error);
    if (vs == 0) return false;
    const GLuint fs = compile(GL_FRAGMENT_SHADER, arena_frag_source, error);
    if (fs == 0) {
        glDeleteShader(vs);
        return false;
    }
    program_ = glCreateProgram();
    glAttachShader(program_, vs);
    glAttachShader(program_, fs);
    glLinkProgram(program_);
    glDeleteShader(vs);
    glDeleteShader(fs);
    GLint ok = 0;
    glGetProgramiv(program_, GL_LINK_STATUS, &ok);
    if (ok == 0) {
        char log[2048] = {};
        glGetProgramInfoLog(program_, sizeof log, nullptr, log);
        error = std::string("arena shaders: ") + log;
        return false;
    }
    u_view_ = glGetUniformLocation(program_, "u_view");
    u_stripe_ = glGetUniformLocation(program_, "u_stripe");
    u_hatch_ = glGetUniformLocation(program_, "u_hatch");

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

    glGenFramebuffers(1, &framebuffer_);
    glGenTextures(1, &texture_);
    return true;
}

void ArenaRenderer::resize(int width, int height)
{
    if (width == width_ && height == height_) return;
    width_ = width;
    height_ = height;
    GLint old_texture = 0;
    glGetIntegerv(GL_TEXTURE_BINDING_2D, &old_texture);
    glBindTexture(GL_TEXTURE_2D, texture_);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, width, height, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
    // Shown at one texel per pixel: nearest keeps the edges sharp.
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(old_texture));
}

void ArenaRenderer::draw(std::span<const Instance> instances, int width, int height, float hatch_px)
{
    if (program_ == 0 || width <= 0 || height <= 0) return;
    GLint old_fb = 0, old_program = 0, old_vao = 0, old_buffer = 0;
    GLint old_viewport[4] = {};
    glGetIntegerv(GL_DRAW_FRAMEBUFFER_BINDING, &old_fb);
    glGetIntegerv(GL_CURRENT_PROGRAM, &old_program);
    glGetIntegerv(GL_VERTEX_ARRAY_BINDING, &old_vao);
    glGetIntegerv(GL_ARRAY_BUFFER_BINDING, &old_buffer);
    glGetIntegerv(GL_VIEWPORT, old_viewport);
    const GLboolean old_blend = glIsEnabled(GL_BLEND);
    const GLboolean old_scissor = glIsEnabled(GL_SCISSOR_TEST);

    resize(width, height);
    glBindFramebuffer(GL_FRAMEBUFFER, framebuffer_);
    glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, texture_, 0);
    glViewport(0, 0, width, height);
    glDisable(GL_SCISSOR_TEST);
    glDisable(GL_DEPTH_TEST);
    glDisable(GL_CULL_FACE);
    const Rgba bg = palette::background;
    glClearColor(bg.r / 255.0f, bg.g / 255.0f, bg.b / 255.0f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);

    // Straight alpha over an opaque background; alpha stays 1 so ImGui
    // shows the texture as it is.
    glEnable(GL_BLEND);
    glBlendEquation(GL_FUNC_ADD);
    glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);

    std::vector<GpuInstance> gpu;
    gpu.reserve(instances.size());
    for (const Instance& in : instances)
        gpu.push_back({{in.rect.x, in.rect.y, in.rect.w, in.rect.h},
                       {in.colour.r, in.colour.g, in.colour.b, in.colour.a},
                       {static_cast<float>(in.pattern), 0.0f}});
    last_count_ = gpu.size();

    glUseProgram(program_);
    glUniform2f(u_view_, static_cast<float>(width), static_cast<float>(height));
    const Rgba gap = palette::padding_gap;
    glUniform4f(u_stripe_, gap.r / 255.0f, gap.g / 255.0f, gap.b / 255.0f, 1.0f);
    glUniform1f(u_hatch_, std::max(hatch_px, 2.0f));
    glBindVertexArray(vao_);
    glBindBuffer(GL_ARRAY_BUFFER, instance_buffer_);
    const auto bytes = static_cast<GLsizeiptr>(gpu.size() * sizeof(GpuInstance));
    if (gpu.size() > instance_capacity_) {
        instance_capacity_ = gpu.size() + gpu.size() / 2;
        glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(instance_capacity_ * sizeof(GpuInstance)), nullptr, GL_STREAM_DRAW);
    }
    if (!gpu.empty()) {
        glBufferSubData(GL_ARRAY_BUFFER, 0, bytes, gpu.data());
        glDrawArraysInstanced(GL_TRIANGLE_STRIP, 0, 4, static_cast<GLsizei>(gpu.size()));
    }

    glBindVertexArray(static_cast<GLuint>(old_vao));
    glBindBuffer(GL_ARRAY_BUFFER, static_cast<GLuint>(old_buffer));
    glUseProgram(static_cast<GLuint>(old_program));
    glBindFramebuffer(GL_FRAMEBUFFER, static_cast<GLuint>(old_fb));
    glViewport(old_viewport[0], old_viewport[1], old_viewport[2], old_viewport[3]);
    if (old_blend == GL_FALSE) glDisable(GL_BLEND);
    if (old_scissor == GL_TRUE) glEnable(GL_SCISSOR_TEST);
}

} // namespace gui
