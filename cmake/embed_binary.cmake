# cmake -DINPUT=file.bin -DOUTPUT=file.cpp -DSYMBOL=name -P embed_binary.cmake
# Writes a C++ source defining `const std::vector<uint8_t>& SYMBOL()` with
# the bytes of INPUT.
file(READ ${INPUT} hex HEX)
string(LENGTH "${hex}" length)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
file(WRITE ${OUTPUT} "// Generated from ${INPUT} by cmake/embed_binary.cmake; do not edit.\n"
  "#include <cstdint>\n#include <vector>\n\nnamespace torpor {\n\n"
  "const std::vector<uint8_t>& ${SYMBOL}() {\n  static const std::vector<uint8_t> bytes = {${bytes}};\n"
  "  return bytes;\n}\n\n}  // namespace torpor\n")
