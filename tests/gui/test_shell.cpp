// The window's shell: what belongs to one window stays with it. A second
// window in the same process starts with every panel fresh.
#include <doctest/doctest.h>

#include <string>

#include "support.hpp"

using namespace guitest;

namespace {

constexpr const char* script = "a = alloc 24\nb = alloc 100 align=16\nfree b\nc = alloc 8\n";

} // namespace

TEST_CASE("a second window starts fresh: no panel keeps the first window's state")
{
    auto first = openApp(16.0f);
    first->loadText(script, "first.arena");
    first->lab().seek(2);
    settled(*first);
    // The first window's panels followed its Lab and built their caches...
    const gui::PanelStates& p1 = first->ui().panels;
    CHECK(p1.script.followed == gui::LabMark{first->lab().revision(), 2});
    CHECK(p1.source.followed == gui::LabMark{first->lab().revision(), 2});
    CHECK(p1.child_log.seen == gui::LabMark{first->lab().revision(), 2});
    CHECK(p1.stats.revision == first->lab().revision());
    CHECK_FALSE(p1.stats.op_index.empty());
    CHECK(p1.picture_stats.key.has_value());
    CHECK(p1.source.prepared);
    CHECK(p1.controls.names_revision == first->lab().revision());
    // ...and a person typed into some fields.
    first->ui().panels.controls.size = "4096";
    first->ui().panels.controls.reset_limit = "1";
    first->ui().panels.script.path_field = "somewhere/else.arena";

    // A second window, the first still open: every panel as new.
    auto second = openApp(16.0f);
    const gui::PanelStates& p2 = second->ui().panels;
    const gui::PanelStates fresh;
    CHECK(p2.controls.size == fresh.controls.size);
    CHECK(p2.controls.reset_limit == fresh.controls.reset_limit);
    CHECK(p2.controls.names_revision == fresh.controls.names_revision);
    CHECK(p2.script.path_field.empty());
    CHECK(p2.script.followed == gui::LabMark{});
    CHECK(p2.source.followed == gui::LabMark{});
    CHECK_FALSE(p2.source.prepared);
    CHECK(p2.child_log.seen == gui::LabMark{});
    CHECK(p2.stats.op_index.empty());
    CHECK_FALSE(p2.picture_stats.key.has_value());

    // Drawn, it shows its own (empty) Lab, not the first one's figures.
    second->loadText("x = alloc 8\n", "second.arena");
    settled(*second);
    CHECK(second->ui().panels.controls.size == "24");
    CHECK(second->ui().panels.stats.op_index.size() == 1);
    CHECK(gui::pictureStats(second->lab(), second->ui()).capacity == second->lab().picture().stats().capacity);
    // The first window kept what was typed in it.
    CHECK(first->ui().panels.controls.size == "4096");
}
