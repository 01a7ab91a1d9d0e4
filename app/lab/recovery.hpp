// Autosave and recovery: while a window has unsaved work, its script is
// written every few seconds to a recovery file of its own; a clean exit
// removes it. A window holds a lock (flock) on each file it writes while
// it lives; a file nobody holds is what a crash (or a kill, or a power cut)
// left behind, and the next window offers it back, whatever its name's
// process id belongs to by then.
//
// Recovery files are scripts a person can open in any editor: a few
// `# arenalab-recovery` comment lines, then the script exactly as it was.
// They live in $ARENALAB_STATE_DIR, else $XDG_STATE_HOME/arenalab, else
// ~/.local/state/arenalab.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lab {

struct RecoveredScript {
    std::string file;        // the recovery file itself
    std::string name;        // what the window called the script ("hello.arena")
    std::string script_path; // where it was opened from or saved to ("" if never)
    std::int64_t saved_at = 0; // seconds since the epoch
    std::string text;        // the script as it was
};

class Recovery {
public:
    // Files go into `dir` (created when first needed).
    explicit Recovery(std::string dir);
    ~Recovery();
    Recovery(const Recovery&) = delete;
    Recovery& operator=(const Recovery&) = delete;
    // The folder named above; empty when neither variable nor HOME is set.
    static std::string defaultDir();

    const std::string& dir() const { return dir_; }

    // Writes this window's recovery file (atomically). Returns false with a
    // message a person can act on when it cannot.
    bool save(std::string_view name, std::string_view script_path, std::string_view text, std::string& error);
    // Removes this window's recovery file, if it wrote one.
    void discard();
    const std::string& ownFile() const { return own_file_; }

    // Recovery files no live window holds, newest first.
    // Files that cannot be read as recovery files are skipped.
    std::vector<RecoveredScript> orphans() const;
    // Removes a recovery file (after it was recovered or dismissed).
    static bool remove(const std::string& file);

    // The file's contents for `text` (exposed for tests), and the reverse.
    static std::string encode(std::string_view name, std::string_view script_path, std::int64_t saved_at,
                              std::string_view text);
    static std::optional<RecoveredScript> decode(std::string_view contents);

private:
    std::string dir_;
    std::string own_file_; // empty until the first save
    int lock_fd_ = -1;     // holds own_file_'s lock while this object lives
};

} // namespace lab
