#include "lab/command.hpp"

#include <string>
#include <type_traits>

namespace lab {

std::string_view resetName(ResetKind kind)
{
    switch (kind) {
    case ResetKind::free_all: return "free_all";
    case ResetKind::retain_capacity: return "retain_capacity";
    case ResetKind::retain_with_limit: return "retain_with_limit";
    }
    return "?";
}

arena::ChildConfig ChildSet::appliedTo(arena::ChildConfig config) const
{
    if (resize) config.resize = *resize;
    if (page) config.page = *page;
    if (offset) config.offset = *offset;
    if (limit) config.limit = *limit;
    return config;
}

const std::string* usedHandle(const Command& command)
{
    if (const auto* r = std::get_if<Resize>(&command)) return &r->name;
    if (const auto* f = std::get_if<Free>(&command)) return &f->name;
    return nullptr;
}

bool isOperation(const Command& command)
{
    return std::holds_alternative<Alloc>(command) || std::holds_alternative<Resize>(command)
        || std::holds_alternative<Free>(command) || std::holds_alternative<Reset>(command);
}

std::string toScript(const Command& command)
{
    return std::visit(
        [](const auto& c) -> std::string {
            using T = std::decay_t<decltype(c)>;
            std::string out;
            if constexpr (std::is_same_v<T, Alloc>) {
                if (c.name) out += *c.name + " = ";
                out += "alloc " + std::to_string(c.len);
                if (c.alignment != 1) out += " align=" + std::to_string(c.alignment);
            } else if constexpr (std::is_same_v<T, Resize>) {
                out = (c.remap ? "remap " : "resize ") + c.name + ' ' + std::to_string(c.new_len);
            } else if constexpr (std::is_same_v<T, Free>) {
                out = "free " + c.name;
            } else if constexpr (std::is_same_v<T, Reset>) {
                out = "reset ";
                out += resetName(c.mode);
                if (c.mode == ResetKind::retain_with_limit) out += ' ' + std::to_string(c.limit);
            } else if constexpr (std::is_same_v<T, ChildSet>) {
                // Keys in a fixed order so equal settings print equally. With no
                // key set this is a bare `child`, which a script refuses: there
                // is nothing to say.
                out = "child";
                if (c.resize) {
                    out += " resize=";
                    out += arena::policyName(*c.resize);
                }
                if (c.page) out += " page=" + std::to_string(*c.page);
                if (c.offset) out += " offset=" + std::to_string(*c.offset);
                if (c.limit) out += " limit=" + std::to_string(*c.limit);
            } else {
                static_assert(std::is_same_v<T, Fail>);
                out = "fail ";
                out += arena::callName(c.call);
            }
            return out;
        },
        command);
}

} // namespace lab
