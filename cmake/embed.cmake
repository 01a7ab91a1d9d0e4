# Embeds files into the program, each as a `const std::string_view`, so the
# binary needs nothing beside it. Runs at build time, through
# arenalab_embed() in cmake/arenalab.cmake:
#   cmake -DINPUT=a|b -DOUTPUT=out.cpp -DSYMBOL=name_a|name_b -DNAMESPACE=ns -DHEADER=ns/embedded.hpp -P embed.cmake
# INPUT and SYMBOL are lists of the same length, separated by `|`: the
# files of one call land in one generated file, compiled once (a compiler
# start costs more than a lesson's bytes: docs/performance.md, "Test time").
# The bytes become one string literal of \xHH escapes (no xxd needed); a
# string literal, unlike a brace list, keeps the view a constant expression.
foreach(var INPUT OUTPUT SYMBOL NAMESPACE HEADER)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "embed.cmake: ${var} is not set")
  endif()
endforeach()
string(REPLACE "|" ";" inputs "${INPUT}")
string(REPLACE "|" ";" symbols "${SYMBOL}")
list(LENGTH inputs input_count)
list(LENGTH symbols symbol_count)
if(NOT input_count EQUAL symbol_count)
  message(FATAL_ERROR "embed.cmake: ${input_count} inputs but ${symbol_count} symbols")
endif()

# 32 bytes (128 characters of escapes) per source line.
string(REPEAT "." 128 line_of_escapes)
set(names "")
set(definitions "")
foreach(input symbol IN ZIP_LISTS inputs symbols)
  file(READ "${input}" hex HEX)
  string(LENGTH "${hex}" hex_len)
  math(EXPR size "${hex_len} / 2")
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "\\\\x\\1" escaped "${hex}")
  string(REGEX REPLACE "(${line_of_escapes})" "\\1\"\n    \"" escaped "${escaped}")
  get_filename_component(name "${input}" NAME)
  list(APPEND names ${name})
  string(APPEND definitions "
// ${name}
extern const std::string_view ${symbol}; // declared again here: a const without extern would be local to this file
const std::string_view ${symbol}{
    \"${escaped}\",
    ${size}};
")
endforeach()
list(JOIN names ", " names)

file(WRITE "${OUTPUT}"
"// Generated at build time by cmake/embed.cmake from ${names}: edit those files, not this one.
#include \"${HEADER}\"

namespace ${NAMESPACE} {
${definitions}
} // namespace ${NAMESPACE}
")
