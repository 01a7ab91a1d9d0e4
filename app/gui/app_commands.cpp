// The window's commands, in one table (commands.hpp): what each does to
// this window. The menu bar (menu_bar.cpp) and Help (dialogs.cpp) list the
// same table; the key handler reads it.
#include <imgui.h>

#include <algorithm>
#include <string>

#include "gui/app.hpp"
#include "lab/builtin_example.hpp"
#include "lab/i18n.hpp"
#include "lab/lessons.hpp"
#include "lab/link.hpp"
#include "lab/numbers.hpp"

namespace gui {

using platform::Key;

void App::defineCommands()
{
    Commands& c = commands_;
    const auto toPanel = [this](CommandId id) { return [this, id] { ui_.panel_commands.push_back(id); }; };
    const auto stop = [this] { ui_.playing = false; };
    const auto arenaKeys = [this] { return ui_.arena_has_keys; };
    const auto fontBy = [this](float delta) { return [this, delta] { changeFontSize(ui_.font_size + delta); }; };

    // ---- File ----------------------------------------------------------
    c.add(CommandId::new_script, N_("File"), N_("New"), {Key::n, {}, 0, true, {}, false, true, "Ctrl+N"},
           N_("An empty, untitled script (asks first when there are unsaved changes)."), [this] {
               replaceDocument(lab::tr("A new script"), [this] { loadText(std::string(), "untitled.arena"); });
           });
    c.add(CommandId::open, N_("File"), N_("Open..."), {Key::o, {}, 0, true, {}, false, true, "Ctrl+O"}, "",
           [this] {
               if (!backend_->pickFileToOpen()) dialogs_.openDialog(PathPrompt::Kind::open);
           });
    c.add(CommandId::save, N_("File"), N_("Save"), {Key::s, {}, 0, true, {}, false, true, "Ctrl+S"}, "", [this] { save(); });
    c.add(CommandId::save_as, N_("File"), N_("Save As..."), {}, "", [this] { dialogs_.openDialog(PathPrompt::Kind::save_as); });
    c.add(CommandId::export_doctest, N_("File"), N_("Export as a doctest test..."), {},
           N_("A self-contained doctest TEST_CASE that replays the script through the arena's C++ API and checks every "
           "operation (as `arenalab export --doctest`)."),
           [this] { dialogs_.openDialog(PathPrompt::Kind::export_doctest); });
    c.add(CommandId::export_trace, N_("File"), N_("Export the trace..."), {},
           N_("The script's trace, JSON Lines (as `arenalab export --trace`)."),
           [this] { dialogs_.openDialog(PathPrompt::Kind::export_trace); });
    c.add(CommandId::export_script, N_("File"), N_("Export the session as a script..."), {},
           N_("Everything this window ran, as a .arena script: the script's lines and one line for every button you "
           "pressed, in order. Replaying it (or `arenalab check`) gives the same arena. The script open now keeps its "
           "own file."),
           [this] { dialogs_.openDialog(PathPrompt::Kind::export_script); });
    c.add(CommandId::export_png, N_("File"), N_("Export the picture (PNG)..."), {},
           N_("The window as it is now, at its size (as `arenalab shot`)."),
           [this] { dialogs_.openDialog(PathPrompt::Kind::export_png); });
    c.add(CommandId::export_animation_op, N_("File"), N_("Export > Animation of this operation (GIF or WebP)..."), {},
           N_("The window at each step of the operation the cursor is in, one frame per step, at the window's size: a "
           ".webp file is an animated WebP, any other name a GIF (as `arenalab export --gif`)."),
           [this] { dialogs_.openDialog(PathPrompt::Kind::export_animation_op); });
    c.add(CommandId::export_animation_all, N_("File"), N_("Export > Animation of the whole script (GIF or WebP)..."), {},
           N_("The window at every step from the first to the last, one frame per step (as `arenalab export --gif`)."),
           [this] { dialogs_.openDialog(PathPrompt::Kind::export_animation_all); });
    c.add(CommandId::export_animation_range, N_("File"), N_("Export > Animation of a range picked on the step bar (GIF or WebP)..."), {},
           N_("Click the range's first step on the step bar, then its last: the window at each step between them, one "
           "frame per step (as `arenalab export --gif --from N --to M`). Esc cancels."),
           [this] {
               ViewState::RangePick& pick = ui_.range_pick;
               if (pick.active && pick.from && pick.to) { // both ends clicked (the Step panel runs this again)
                   pick.active = false;
                   dialogs_.openDialog(PathPrompt::Kind::export_animation_range);
                   return;
               }
               if (lab_.steps() == 0) {
                   ui_.status = lab::tr("Nothing to export yet: run the script first.");
                   return;
               }
               pick = {true, std::nullopt, std::nullopt, lab_.cursor()};
               ui_.playing = false;
               ui_.status = lab::tr("Click the animation's first step on the step bar, then its last (Esc cancels).");
           });
    c.add(CommandId::export_handout, N_("File"), N_("Export > Handout (PDF)..."), {},
           N_("A printable lesson, A4 landscape: the title, introduction and script, then a page per operation with the "
           "arena's picture, what the arena did and the caption (as `arenalab export --handout`)."),
           [this] { dialogs_.openDialog(PathPrompt::Kind::export_handout); });
    c.add(CommandId::export_quiz, N_("File"), N_("Export a quiz (GIFT or Markdown)..."), {},
           N_("The questions predict mode asks of this script, with their answers: a .gift file imports into Moodle, any "
           "other name is a printable Markdown sheet (as `arenalab export --quiz`)."),
           [this] { dialogs_.openDialog(PathPrompt::Kind::export_quiz); });
    c.add(CommandId::builtin_example, N_("File"), N_("Load the built-in example"), {}, N_("Untitled: Save asks where."), [this] {
               replaceDocument(lab::tr("The built-in example"), [this] {
                   loadText(std::string(lab::builtin_example), std::string(lab::builtin_example_name));
               });
           });
    c.add(CommandId::copy_link, N_("File"), N_("Copy link"), {Key::l, {}, 0, true, true, false, true, "Ctrl+Shift+L"},
           N_("A link that opens this script at this step (and in presentation mode, if on) in a browser: the script "
           "travels compressed inside the link."),
           [this] {
               std::string error;
               // In Chinese the link keeps the language; in English the browser's decides.
               const std::string_view lang = lab::language() == lab::Lang::zh ? "zh" : "";
               const auto fragment = lab::scriptLinkFragment(lab_.text(), lab_.cursor(), ui_.presentation, error, ui_.embed, lang);
               if (!fragment) {
                   ui_.status = error;
                   ui_.status_is_error = true;
                   return;
               }
               const std::string address = backend_->pageAddress();
               backend_->setClipboard(address + *fragment);
               ui_.status = address.empty() ? std::string(lab::tr("Copied the link's part after '#': add it to the address of a "
                                                                  "hosted Arena Lab page"))
                                            : lab::trf("Copied a link to this script at step {}", lab::grouped(lab_.cursor()));
               ui_.status_is_error = false;
           });
    c.add(CommandId::quit, N_("File"), N_("Quit"), {Key::q, {}, 0, true, {}, false, true, "Ctrl+Q"}, "",
           [this] { requestQuit(); });

    // ---- Edit ----------------------------------------------------------
    // Not while a text field has the keyboard: Ctrl+Z there is the field's own.
    const auto undoRedo = [this](bool redo) {
        return [this, redo] {
            if (!(redo ? doc_.redo() : doc_.undo())) return;
            ui_.playing = false;
            ui_.selected_handle.reset();
            setStatus({true, redo ? lab::trf("Redone ({0} steps left to undo, at most {1} kept)", doc_.undoSteps(),
                                             Document::max_undo_steps)
                                  : lab::trf("Undone ({0} steps left to undo, at most {1} kept)", doc_.undoSteps(),
                                             Document::max_undo_steps)});
        };
    };
    const auto canUndo = [this] { return doc_.canUndo(); };
    const auto canRedo = [this] { return doc_.canRedo(); };
    c.add(CommandId::undo, N_("Edit"), N_("Undo"), {Key::z, {}, 0, true, false, false, false, "Ctrl+Z"},
           N_("Undo the last change to the script: a line a control appended, a reset, a child setting, a branch from "
           "the past, a load, the editor's text. The history and the cursor come back exactly."),
           undoRedo(false), canUndo);
    c.add(CommandId::redo, N_("Edit"), N_("Redo"), {Key::z, {}, 0, true, true, false, false, "Ctrl+Shift+Z"}, "", undoRedo(true),
           canRedo);
    c.add(CommandId::redo_y, N_("Edit"), N_("Redo"), {Key::y, {}, 0, true, false, false, false, "Ctrl+Y"}, "",
           undoRedo(true), canRedo);

    // ---- View ----------------------------------------------------------
    c.add(CommandId::larger_text, N_("View"), N_("Larger text"), {Key::equal, Key::keypad_add, 0, true, {}, true, true, "Ctrl+="},
           "", fontBy(2));
    c.add(CommandId::smaller_text, N_("View"), N_("Smaller text"),
           {Key::minus, Key::keypad_subtract, 0, true, {}, true, true, "Ctrl+-"}, "", fontBy(-2));
    c.add(CommandId::reset_text, N_("View"), N_("Reset text size"), {Key::num0, Key::keypad0, 0, true, {}, false, true, "Ctrl+0"},
           "", [this] { changeFontSize(default_font_size_); });
    c.add(CommandId::fit_view, N_("View"), N_("Fit the arena view"), {Key::f, {}, 0, false, {}, false, false, "F"}, "",
           [this] { panels_.arena.requestFit(); }, {}, {},
           [this] { return ui_.arena_has_keys || ui_.presentation; }); // the key: over the arena view, or on a projector
    c.add(CommandId::presentation, N_("View"), N_("Presentation mode"), {Key::f5, {}, 0, false, {}, false, true, "F5"}, "",
           [this] { setPresentation(!ui_.presentation); }, {}, [this] { return ui_.presentation; });
    c.add(CommandId::leave_presentation, N_("View"), N_("Leave presentation mode"), {Key::escape, {}, 0, false, {}, false, false, "Esc"},
           "", [this] { setPresentation(false); }, [this] { return ui_.presentation; });
    c.add(CommandId::help, N_("View"), N_("Keys, mouse and colours"), {}, "", [this] { dialogs_.showHelp(); });
    c.add(CommandId::getting_started, N_("Help"), N_("Getting started"), {}, N_("The first five minutes with Arena Lab."),
           [this] { dialogs_.showGettingStarted(); });
    c.add(CommandId::blank, N_("View"), N_("Blank the screen"), {Key::b, Key::period, 0, false, false, false, false, "B"},
           N_("The whole window black, as a presenter's clicker's blank key does (B or period): the room looks at you. "
              "B again shows it."),
           [this] { ui_.blank = !ui_.blank; }, {}, [this] { return ui_.blank; });
    c.add(CommandId::presentation_controls, N_("View"), N_("Show the Controls (presentation mode)"),
           {Key::none, {}, 'c', false, {}, false, false, "C"},
           N_("Presentation mode folds the Controls away so the lesson has the room; C shows them on the left, and "
           "again hides them."),
           [this] { ui_.presentation_controls = !ui_.presentation_controls; }, [this] { return ui_.presentation; },
           [this] { return ui_.presentation_controls; });
    c.add(CommandId::predict, N_("View"), N_("Predict mode"), {Key::none, {}, 'p', false, {}, false, false, "P"},
           N_("Before each operation plays, answer a question about what the arena will do; the reveal shows the right "
           "answer with its formula. In presentation mode: a class quiz (Enter reveals)."),
           [this] { panels_.predict.state().on = !panels_.predict.state().on; }, {}, [this] { return panels_.predict.state().on; });
    c.add(CommandId::compare, N_("View"), N_("Compare the reset modes here (what if?)"), {Key::none, {}, 'w', false, {}, false, false, "W"},
           N_("free_all, retain_capacity and retain_with_limit N side by side, from the arena at this step."),
           [this] { ui_.comparing = !ui_.comparing; }, {}, [this] { return ui_.comparing; });
    c.add(CommandId::compare_models, N_("View"), N_("Compare the two arenas (Zig 0.15 and Zig 0.16)"),
           {Key::none, {}, 'v', false, {}, false, false, "V"},
           N_("The script on the classic arena and on Zig 0.16's, side by side at this operation: their buffers, the "
              "numbers that differ, and why."),
           [this] { ui_.comparing_models = !ui_.comparing_models; }, {}, [this] { return ui_.comparing_models; });

    // ---- Stepping ------------------------------------------------------
    c.add(CommandId::play_pause, N_("Stepping"), N_("play / pause"), {Key::space, {}, 0, false, false, false, false, "Space"}, "",
           [this] {
               if (!ui_.playing && lab_.atEnd()) lab_.seek(0); // play again from the start
               ui_.playing = !ui_.playing;
           });
    // A presenter's clicker sends Page Down / Page Up (some Right / Left).
    c.add(CommandId::step_back, N_("Stepping"), N_("one step back"), {Key::left, Key::page_up, 0, false, false, true, false, "Left, Page Up"}, "",
           [this, stop] {
               stop();
               lab_.seek(lab_.cursor() == 0 ? 0 : lab_.cursor() - 1);
           });
    c.add(CommandId::step_forward, N_("Stepping"), N_("one step forward"),
           {Key::right, Key::page_down, 0, false, false, true, false, "Right, Page Down"},
           "", [this, stop] {
               stop();
               lab_.seek(std::min(lab_.cursor() + 1, lab_.steps()));
           });
    c.add(CommandId::prev_op, N_("Stepping"), N_("previous operation"), {Key::left, {}, 0, true, false, true, false, "Ctrl+Left"},
           "", [this, stop] {
               stop();
               lab_.prevOp();
           });
    c.add(CommandId::next_op, N_("Stepping"), N_("next operation"), {Key::right, {}, 0, true, false, true, false, "Ctrl+Right"}, "",
           [this, stop] {
               stop();
               lab_.nextOp();
           });
    c.add(CommandId::go_start, N_("Stepping"), N_("the start"), {Key::home, {}, 0, false, false, false, false, "Home"}, "",
           [this, stop] {
               stop();
               lab_.seek(0);
           });
    c.add(CommandId::go_end, N_("Stepping"), N_("the end"), {Key::end, {}, 0, false, false, false, false, "End"}, "",
           [this, stop] {
               stop();
               lab_.seek(lab_.steps());
           });

    // ---- Stepping, a race: who takes the next atomic step (lab.hpp) -----
    const auto stepThread = [this, stop](std::size_t t) {
        return [this, stop, t] {
            stop();
            const std::size_t kept = lab_.raceStepsKept(lab_.cursor());
            const std::size_t replaced = lab_.raceSteps().size() - kept;
            if (auto why = lab_.stepThread(t)) {
                setStatus({false, *why});
                return;
            }
            ui_.selected_handle.reset();
            const std::string schedule = lab::scheduleLine([&] {
                std::vector<std::uint8_t> steps;
                for (const lab::Lab::RaceStep& s : lab_.raceSteps()) steps.push_back(s.thread);
                return steps;
            }());
            setStatus({true, replaced == 0 ? lab::trf("T{0} took race step {1}; the script now says: {2}", t + 1,
                                                      lab::grouped(kept + 1), schedule)
                                           : lab::trf("T{0} took race step {1}, replacing the {2} later steps (Ctrl+Z "
                                                      "undoes); the script now says: {3}",
                                                      t + 1, lab::grouped(kept + 1), lab::grouped(replaced), schedule)});
        };
    };
    const auto canStepThread = [this](std::size_t t) {
        return [this, t] { return lab_.raceThreads() > t && !lab_.whyNotStepThread(t); };
    };
    c.add(CommandId::step_thread1, N_("Stepping"), N_("step T1 (a race: T1 takes the next atomic step)"),
           {Key::none, {}, 't', false, {}, false, false, "T"},
           N_("In a race, thread T1 takes the next atomic step from here. The steps after the cursor are replaced and "
              "the script's schedule line says the schedule taken, so the run is saved and replays."),
           stepThread(0), canStepThread(0));
    c.add(CommandId::step_thread2, N_("Stepping"), N_("step T2 (a race: T2 takes the next atomic step)"),
           {Key::none, {}, 'y', false, {}, false, false, "Y"},
           N_("In a race, thread T2 takes the next atomic step from here. The steps after the cursor are replaced and "
              "the script's schedule line says the schedule taken, so the run is saved and replays."),
           stepThread(1), canStepThread(1));

    // ---- Arena view (while the mouse is over it or it has focus) -------
    const auto arena = [&](CommandId id, const char* label, Shortcut s) {
        c.add(id, "Arena view", label, s, "", toPanel(id), {}, {}, arenaKeys);
    };
    arena(CommandId::zoom_in, N_("zoom in"), {Key::equal, Key::keypad_add, 0, false, {}, true, false, "+"});
    arena(CommandId::zoom_out, N_("zoom out"), {Key::minus, Key::keypad_subtract, 0, false, {}, true, false, "-"});
    arena(CommandId::pan_left, N_("pan left"), {Key::left, {}, 0, false, true, true, false, "Shift+Left"});
    arena(CommandId::pan_right, N_("pan right"), {Key::right, {}, 0, false, true, true, false, "Shift+Right"});
    arena(CommandId::pan_up, N_("pan up"), {Key::up, {}, 0, false, true, true, false, "Shift+Up"});
    arena(CommandId::pan_down, N_("pan down"), {Key::down, {}, 0, false, true, true, false, "Shift+Down"});

    // ---- Controls (the panel acts when its fields are valid) -----------
    const auto control = [&](CommandId id, const char* label, Shortcut s) {
        c.add(id, "Controls", label, s, "", toPanel(id));
    };
    control(CommandId::alloc, N_("Alloc"), {Key::none, {}, 'a', false, {}, false, false, "A"});
    control(CommandId::resize, N_("Resize the selected handle"), {Key::none, {}, 'r', false, {}, false, false, "R"});
    control(CommandId::remap, N_("Remap the selected handle"), {Key::none, {}, 'm', false, {}, false, false, "M"});
    control(CommandId::free, N_("Free the selected handle"), {Key::del, {}, 0, false, {}, false, false, "Del"});
    control(CommandId::reset_free_all, N_("reset free_all"), {Key::none, {}, '1', false, {}, false, false, "1"});
    control(CommandId::reset_retain_capacity, N_("reset retain_capacity"), {Key::none, {}, '2', false, {}, false, false, "2"});
    control(CommandId::reset_retain_with_limit, N_("reset retain_with_limit"), {Key::none, {}, '3', false, {}, false, false, "3"});

    // ---- Script --------------------------------------------------------
    c.add(CommandId::run_script, N_("Script"), N_("Run the script"), {Key::enter, {}, 0, true, false, false, true, "Ctrl+Enter"}, "",
           toPanel(CommandId::run_script));
}

} // namespace gui
