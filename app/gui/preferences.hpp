// What a window remembers for the next one, in its state folder (the
// folder autosave writes to, lab::Recovery::defaultDir()): the language
// chosen in View > Language. With no folder (shots, tests) it remembers
// nothing.
#pragma once

#include <optional>
#include <string>
#include <utility>

#include "lab/i18n.hpp"

namespace gui {

class Preferences {
public:
    explicit Preferences(std::string dir = {}) : dir_(std::move(dir)) {}
    const std::string& dir() const { return dir_; }
    // The language the last window remembered (none: no folder, no file,
    // or a name that is not a language).
    std::optional<lab::Lang> language() const;
    // Remembers `lang` for the next window (atomically); false with the
    // reason in `error`. With no folder: true, and nothing is written.
    bool rememberLanguage(lab::Lang lang, std::string& error) const;

private:
    std::string dir_;
};

} // namespace gui
