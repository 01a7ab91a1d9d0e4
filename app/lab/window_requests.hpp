// What the command line asks of the window's code, as plain values already
// checked: `arenalab shot` and `export --png` (a picture of a script at a
// step) and `arenalab bench-frame` (the window's start-up and frame times).
// app/cli parses the options into these; app/gui carries them out; main.cpp
// wires the two (cli::WindowHooks), so neither includes the other.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "lab/model.hpp"

namespace lab {

// A picture of `text` after `step` steps (SIZE_MAX: the end). The command
// line's options fill the fields that need no checking straight from what
// was typed (cli::ShotOptions::request), and the rest once checked.
struct ShotRequest {
    std::string text; // the script, already read and checked
    std::string name; // how it is named (the window's title, messages)
    std::size_t step = SIZE_MAX;
    int width = 1280;
    int height = 720;
    float font = 0;  // text size in pixels; 0: the window's default, 18
    bool present = false; // presentation mode, as after F5
    bool embed = false;   // embed mode, as a link's `&embed` opens (for an <iframe>)
    float zoom = 0;  // 0: fit (the window's view at start)
    float pan_x = 0; // pixels, with zoom
    float pan_y = 0;
    bool compare = false; // --compare: the compare view of the reset modes open
    bool models = false;  // --models: the two arenas side by side open
    Model model = default_model; // --model: for a script without a `model` line (already checked to agree)
    std::string who = "arenalab shot"; // starts every message
};

// The frames of an animation: one per step from `from` to `to` (both
// within the history, from <= to), their size and pace. The window's
// File > Export fills these alone (gui::encodeAnimation takes them).
struct AnimationFrames {
    std::size_t from = 0;
    std::size_t to = 0;
    int width = 1280;
    int height = 720;
    bool arena_only = false; // --view arena: the arena view's picture alone, without the panels around it
    double fps = 2;          // frames (steps) per second
    double hold = 0;         // seconds the last frame stays, on top of its own
    bool webp = false;       // false: GIF
};

// An animation of `text`: `arenalab export --gif/--webp`.
struct AnimationRequest : AnimationFrames {
    std::string text; // the script, already read, checked and run to its end
    std::string name;
    float font = 0;
    bool present = false;
    std::string who = "arenalab export";
};

// A printable handout of `text`: `arenalab export --handout`, in
// lab::language() (--lang), as the animations are.
struct HandoutRequest {
    std::string text;
    std::string name;
    // The steps with a page each, ascending; empty: one per operation (at
    // its last step).
    std::vector<std::size_t> steps;
    std::string who = "arenalab export";
};

// The window's start-up and frame times on `text` at `step`.
struct BenchRequest {
    std::string text;
    std::string name;
    std::size_t step = SIZE_MAX; // SIZE_MAX: where the window opens
    int width = 1920;
    int height = 1080;
    int frames = 120;
    Model model = default_model; // --model, as ShotRequest's
};

} // namespace lab
