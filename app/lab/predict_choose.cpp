// Choosing questions: which of an operation's candidates predict mode asks,
// so that a lesson's questions vary and skip what is trivial or on screen.
#include "lab/predict.hpp"
#include "lab/i18n.hpp"

#include <utility>

namespace lab {

std::optional<std::size_t> QuestionChooser::choose(const std::vector<Question>& candidates) const
{
    std::optional<std::size_t> best;
    for (std::size_t i = 0; i < candidates.size(); ++i) {
        const Question& q = candidates[i];
        if (q.trivial || q.on_screen) continue;
        if (previous_ == q.kind && run_ >= 2) continue;
        if (!best || last_asked_[static_cast<std::size_t>(q.kind)] <
                         last_asked_[static_cast<std::size_t>(candidates[*best].kind)])
            best = i;
    }
    return best;
}

void QuestionChooser::asked(QuestionKind kind)
{
    last_asked_[static_cast<std::size_t>(kind)] = ++turn_;
    run_ = previous_ == kind ? run_ + 1 : 1;
    previous_ = kind;
}

std::vector<ScriptQuestion> chosenQuestions(const std::vector<ObservedOp>& ops)
{
    std::vector<ScriptQuestion> out;
    QuestionChooser chooser;
    for (const ObservedOp& o : ops) {
        std::vector<Question> candidates = questionsFor(o.op);
        const std::optional<std::size_t> pick = chooser.choose(candidates);
        if (!pick) continue;
        chooser.asked(candidates[*pick].kind);
        out.push_back({std::move(candidates[*pick]), contextText(o.op.before, o.child)});
    }
    return out;
}

} // namespace lab
