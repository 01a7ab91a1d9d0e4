// A race's threads as the window shows them: each in a colour of its own,
// always beside its name ("T1"), never by colour alone. Apart from the
// accent (the current step's amber) and from each other for the common
// colour-vision deficiencies (pink against teal).
#pragma once

#include <array>
#include <cstddef>
#include <string>

#include <imgui.h>

namespace gui {

inline const std::array<ImVec4, 4> thread_colours{
    ImVec4{0.96f, 0.47f, 0.78f, 1.0f}, // T1: pink
    ImVec4{0.30f, 0.84f, 0.80f, 1.0f}, // T2: teal
    ImVec4{0.66f, 0.60f, 1.00f, 1.0f}, // T3: lavender
    ImVec4{0.72f, 0.90f, 0.40f, 1.0f}, // T4: lime
};

inline ImVec4 threadColour(std::size_t thread, float alpha = 1.0f)
{
    ImVec4 c = thread_colours[thread % thread_colours.size()];
    c.w = alpha;
    return c;
}

inline std::string threadName(std::size_t thread) { return "T" + std::to_string(thread + 1); }

} // namespace gui
