# Embeds one file into the program as a `const std::string_view`, so the
# binary needs nothing beside it. Runs at build time, through
# arenalab_embed() in cmake/arenalab.cmake:
#   cmake -DINPUT=file -DOUTPUT=out.cpp -DSYMBOL=name -DNAMESPACE=ns -DHEADER=ns/embedded.hpp -P embed.cmake
# The bytes become one string literal of \xHH escapes (no xxd needed); a
# string literal, unlike a brace list, keeps the view a constant expression.
foreach(var INPUT OUTPUT SYMBOL NAMESPACE HEADER)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "embed.cmake: ${var} is not set")
  endif()
endforeach()

file(READ "${INPUT}" hex HEX)
string(LENGTH "${hex}" hex_len)
math(EXPR size "${hex_len} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "\\\\x\\1" escaped "${hex}")
# 32 bytes (128 characters of escapes) per source line.
string(REPEAT "." 128 line_of_escapes)
string(REGEX REPLACE "(${line_of_escapes})" "\\1\"\n    \"" escaped "${escaped}")
get_filename_component(name "${INPUT}" NAME)

file(WRITE "${OUTPUT}"
"// Generated at build time by cmake/embed.cmake from ${name}: edit that file, not this one.
#include \"${HEADER}\"

namespace ${NAMESPACE} {

extern const std::string_view ${SYMBOL}; // declared again here: a const without extern would be local to this file
const std::string_view ${SYMBOL}{
    \"${escaped}\",
    ${size}};

} // namespace ${NAMESPACE}
")
