// A Command is one thing a person or a script does to the arena or its
// child: the five allocator operations, a child setting, a one-shot
// failure. GUI buttons and script lines both become Commands, and every
// Command prints back as the script line that means it, so what a person
// does by hand becomes a script.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <variant>

#include "arena/instrumented_child.hpp"
#include "arena/step.hpp"

namespace lab {

using arena::ResetKind;
std::string_view resetName(ResetKind kind);

struct Alloc {
    std::optional<std::string> name; // the handle bound to the result; none for an unnamed alloc
    std::size_t len = 1;
    std::size_t alignment = 1;
    friend bool operator==(const Alloc&, const Alloc&) = default;
};
// `resize NAME NEWLEN` and `remap NAME NEWLEN`.
struct Resize {
    std::string name;
    std::size_t new_len = 1;
    bool remap = false;
    friend bool operator==(const Resize&, const Resize&) = default;
};
struct Free {
    std::string name;
    friend bool operator==(const Free&, const Free&) = default;
};
struct Reset {
    ResetKind mode = ResetKind::free_all;
    std::size_t limit = 0; // retain_with_limit only
    friend bool operator==(const Reset&, const Reset&) = default;
};
// `child KEY=VALUE ...`: the keys given; the others keep their value.
struct ChildSet {
    std::optional<arena::ResizePolicy> resize;
    std::optional<std::size_t> page;
    std::optional<std::size_t> offset;
    std::optional<std::size_t> limit;

    arena::ChildConfig appliedTo(arena::ChildConfig config) const;
    friend bool operator==(const ChildSet&, const ChildSet&) = default;
};
// `fail alloc` / `fail resize`.
struct Fail {
    arena::ChildCall::Kind call = arena::ChildCall::Kind::alloc;
    friend bool operator==(const Fail&, const Fail&) = default;
};

using Command = std::variant<Alloc, Resize, Free, Reset, ChildSet, Fail>;

// Alloc, Resize, Free and Reset are operations: they call the arena and
// give a trace line. ChildSet and Fail only configure the child.
bool isOperation(const Command& command);
// The handle a command uses (and so needs live), if any: resize, remap, free.
const std::string* usedHandle(const Command& command);

// The script line that means `command` (no line ending).
std::string toScript(const Command& command);

} // namespace lab
